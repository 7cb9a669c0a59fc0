import { describe, expect, it } from 'vitest';
import { T } from '@heliosdb/types';
import { StorageError } from '../errors.js';
import { BACKENDS } from '../test-support/backends.js';

describe.each(BACKENDS)('catalog and DDL on %s', (_name, open) => {
  it('records columns, keys, constraints, serial and identity sequences, views and schemas', async () => {
    const s = open();
    await s.write((tx) => {
      tx.createSchema('app');
      tx.createTable({
        schema: 'app',
        name: 'item',
        columns: [
          { name: 'id', type: T.int4, serial: true },
          { name: 'code', type: T.int8, identity: 'always' },
          { name: 'label', type: T.varchar(10), notNull: true, default: "'none'" },
        ],
        primaryKey: { columns: ['id', 'code'] },
        checks: [{ name: 'label_ok', expression: "label <> ''" }],
      });
      tx.createView({ schema: 'app', name: 'labels', definition: 'SELECT label FROM app.item', columns: ['label'] });
    });
    const snap = s.snapshot();
    const t = snap.table('item', 'app');
    expect(t.columns.map((c) => [c.name, c.type.name, c.notNull, c.default, c.identity])).toEqual([
      ['id', 'int4', true, "nextval('app.item_id_seq'::regclass)", null],
      ['code', 'int8', true, null, 'always'],
      ['label', 'varchar', true, "'none'", null],
    ]);
    expect(t.primaryKey).toEqual({ name: 'item_pkey', columns: [0, 1] });
    expect(t.checks).toEqual([{ name: 'label_ok', expression: "label <> ''" }]);
    const seqs = snap.catalog.sequences.map((q) => [q.name, q.max, q.ownedBy]);
    expect(seqs).toEqual([
      ['item_id_seq', '2147483647', { tableId: t.id, column: 0 }],
      ['item_code_seq', '9223372036854775807', { tableId: t.id, column: 1 }],
    ]);
    expect(snap.catalog.view('labels', 'app')?.definition).toBe('SELECT label FROM app.item');
    expect(snap.catalog.schemas).toEqual(['public', 'app']);
    snap.close();
    s.close();
  });

  it('adds and drops columns without rewriting rows; old rows read NULL for new columns', async () => {
    const s = open();
    await s.write((tx) => {
      const t = tx.createTable({ name: 't', columns: [{ name: 'id', type: T.int4 }, { name: 'a', type: T.text }], primaryKey: { columns: ['id'] } });
      tx.insert(t, [1, 'one']);
    });
    await s.write((tx) => {
      let t = tx.alterTable('t', { kind: 'addColumn', column: { name: 'b', type: T.float8 } });
      tx.insert(t, [2, 'two', 2.5]);
      t = tx.alterTable('t', { kind: 'dropColumn', column: 'a' });
      tx.insert(t, [3, 'ignored', 3.5]);
      tx.alterTable('t', { kind: 'renameColumn', from: 'b', to: 'score' });
      expect(() => tx.alterTable('t', { kind: 'setNotNull', column: 'score' })).toThrow('null value in column "score" of relation "t" violates not-null constraint');
      expect(() => tx.alterTable('t', { kind: 'addColumn', column: { name: 'c', type: T.int4, notNull: true } })).toThrow(StorageError);
    });
    const snap = s.snapshot();
    const t = snap.table('t');
    expect(t.columns.map((c) => [c.name, c.dropped === true])).toEqual([['id', false], ['a', true], ['score', false]]);
    expect([...snap.scan(t)].map((r) => r.values)).toEqual([[1, null, null], [2, null, 2.5], [3, null, 3.5]]);
    snap.close();
    s.close();
  });

  it('reports missing and existing relations with PostgreSQL codes', async () => {
    const s = open();
    const tx = await s.beginWrite();
    tx.createTable({ name: 'dup', columns: [{ name: 'x', type: T.int4 }] });
    expect(() => tx.createTable({ name: 'dup', columns: [] })).toThrow(expect.objectContaining({ code: '42P07', message: 'relation "dup" already exists' }));
    expect(() => tx.table('nope')).toThrow(expect.objectContaining({ code: '42P01', message: 'relation "nope" does not exist' }));
    expect(() => tx.dropTable('nope')).toThrow(expect.objectContaining({ code: '42P01' }));
    tx.rollback();
    s.close();
  });

  it('undoes a DDL statement that fails part-way, keeping the rest of the transaction', async () => {
    const s = open();
    const tx = await s.beginWrite();
    tx.createTable({ name: 'a', columns: [{ name: 'x', type: T.int4 }] });
    tx.createIndex({ table: 'a', columns: ['x'], name: 'taken' });
    // The table would be created, then its UNIQUE index name collides: neither may remain.
    expect(() => tx.createTable({ name: 'b', columns: [{ name: 'y', type: T.int4 }], unique: [{ name: 'taken', columns: ['y'] }] })).toThrow(
      'relation "taken" already exists',
    );
    expect(tx.catalog.findTable('b')).toBeUndefined();
    tx.commit();
    expect(s.changesSince(0n).catalog.map((c) => `${c.op} ${c.name}`)).toEqual(['created a', 'altered a']);
    s.close();
  });

  it('drops a table with its rows and indexes; its id is never reused', async () => {
    const s = open();
    let firstId = 0;
    await s.write((tx) => {
      const t = tx.createTable({ name: 't', columns: [{ name: 'x', type: T.int4 }] });
      firstId = t.id;
      tx.createIndex({ table: 't', columns: ['x'] });
      for (let i = 0; i < 100; i++) tx.insert(t, [i]);
    });
    await s.write((tx) => tx.dropTable('t'));
    await s.write((tx) => {
      const t = tx.createTable({ name: 't', columns: [{ name: 'x', type: T.int4 }] });
      expect(t.id).toBeGreaterThan(firstId);
      expect([...tx.scan(t)]).toHaveLength(0);
    });
    const snap = s.snapshot();
    expect(snap.catalog.indexesOf(snap.table('t').id)).toEqual([]);
    snap.close();
    s.close();
  });

  it('builds a unique index over existing rows, refusing duplicates', async () => {
    const s = open();
    await s.write((tx) => {
      const t = tx.createTable({ name: 't', columns: [{ name: 'x', type: T.int4 }, { name: 'y', type: T.int4 }] });
      for (let i = 0; i < 10; i++) tx.insert(t, [i, i % 5]);
    });
    const tx = await s.beginWrite();
    expect(() => tx.createIndex({ table: 't', columns: ['y'], unique: true })).toThrow(/duplicate key value violates unique constraint "t_y_key"/);
    tx.rollback();
    await s.write((tx2) => void tx2.createIndex({ table: 't', columns: ['x', 'y'], unique: true }));
    const snap = s.snapshot();
    expect([...snap.indexScan(snap.index('t_x_y_key'), { eq: [3, 3] })].map((r) => r.values)).toEqual([[3, 3]]);
    snap.close();
    s.close();
  });
});
