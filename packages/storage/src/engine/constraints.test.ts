import { describe, expect, it } from 'vitest';
import { T } from '@heliosdb/types';
import type { Storage } from '../storage.js';
import { StorageError } from '../errors.js';
import { BACKENDS } from '../test-support/backends.js';

async function people(s: Storage): Promise<void> {
  await s.write((tx) => {
    tx.createTable({
      name: 'dept',
      columns: [
        { name: 'id', type: T.int4 },
        { name: 'name', type: T.text, notNull: true },
      ],
      primaryKey: { columns: ['id'] },
      unique: [{ columns: ['name'] }],
    });
    tx.createTable({
      name: 'emp',
      columns: [
        { name: 'id', type: T.int8, serial: true },
        { name: 'email', type: T.varchar(20) },
        { name: 'dept', type: T.int4 },
        { name: 'age', type: T.int2 },
      ],
      primaryKey: { columns: ['id'] },
      unique: [{ columns: ['email'] }],
      foreignKeys: [{ columns: ['dept'], refTable: 'dept' }],
      checks: [{ expression: 'age >= 0' }],
    });
    const d = tx.table('dept');
    tx.insert(d, [1, 'eng']);
    tx.insert(d, [2, 'ops']);
  });
}

function rejects(fn: () => unknown, code: string, message: string | RegExp, detail?: string): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(StorageError);
  const e = err as StorageError;
  expect(e.code).toBe(code);
  if (typeof message === 'string') expect(e.message).toBe(message);
  else expect(e.message).toMatch(message);
  if (detail !== undefined) expect(e.detail).toBe(detail);
}

describe.each(BACKENDS)('constraints and bad input on %s', (_name, open) => {
  it('rejects each bad row with PostgreSQL wording and keeps the committed state', async () => {
    const s = open();
    await people(s);
    const before = s.lsn;
    const tx = await s.beginWrite();
    const emp = tx.table('emp');
    const dept = tx.table('dept');
    const seq = tx.catalog.sequence('emp_id_seq');
    tx.insert(emp, [tx.nextval(seq), 'a@x', 1, 30]);
    rejects(() => tx.insert(dept, [1, 'other']), '23505', 'duplicate key value violates unique constraint "dept_pkey"', 'Key (id)=(1) already exists.');
    rejects(() => tx.insert(dept, [3, 'eng']), '23505', 'duplicate key value violates unique constraint "dept_name_key"', 'Key (name)=(eng) already exists.');
    rejects(() => tx.insert(dept, [3, null]), '23502', 'null value in column "name" of relation "dept" violates not-null constraint');
    rejects(() => tx.insert(emp, [99n, 'a@x', 1, 1]), '23505', 'duplicate key value violates unique constraint "emp_email_key"', 'Key (email)=(a@x) already exists.');
    rejects(
      () => tx.insert(emp, [100n, 'b@x', 7, 1]),
      '23503',
      'insert or update on table "emp" violates foreign key constraint "emp_dept_fkey"',
      'Key (dept)=(7) is not present in table "dept".',
    );
    rejects(() => tx.insert(emp, [101n, 'c@x', 1, 40000]), '22003', /40000 is out of range for type int2 \(column "age" of relation "emp"\)/);
    rejects(() => tx.insert(emp, [102n, 'much-too-long-address@example.com', 1, 1]), '22001', /value too long for type character varying\(20\).*column "email" of relation "emp"/);
    rejects(() => tx.insert(emp, [103n, 5 as unknown as string, 1, 1]), '22P02', /value 5 is not a valid varchar.*column "email" of relation "emp"/);
    rejects(() => tx.insert(emp, [2n ** 63n, 'd@x', 1, 1]), '22003', /9223372036854775808 is out of range for type int8/);
    rejects(() => tx.delete(dept, tx.keyOf(dept, [1])), '23503', 'update or delete on table "dept" violates foreign key constraint "emp_dept_fkey" on table "emp"', 'Key (id)=(1) is still referenced from table "emp".');
    // Rejected rows left nothing behind: not in the table, not in any index.
    expect([...tx.scan(emp)].map((r) => r.values[1])).toEqual(['a@x']);
    expect([...tx.indexScan(tx.index('emp_email_key'))].map((r) => r.values[1])).toEqual(['a@x']);
    expect([...tx.indexScan(tx.index('dept_name_key'))].map((r) => r.values[1])).toEqual(['eng', 'ops']);
    tx.rollback();
    expect(s.lsn).toBe(before);
    const snap = s.snapshot();
    expect([...snap.scan(snap.table('emp'))]).toHaveLength(0);
    snap.close();
    s.close();
  });

  it('checks the parent side of a foreign key through an index on the child columns', async () => {
    const s = open();
    await people(s);
    await s.write((tx) => {
      tx.createIndex({ table: 'emp', columns: ['dept'] });
      tx.insert(tx.table('emp'), [1n, 'a@x', 2, 30]);
    });
    const tx = await s.beginWrite();
    const dept = tx.table('dept');
    rejects(() => tx.update(dept, tx.keyOf(dept, [2]), [20, 'ops']), '23503', /violates foreign key constraint "emp_dept_fkey" on table "emp"/, 'Key (id)=(2) is still referenced from table "emp".');
    // Renaming keeps the key, so it is allowed; the unreferenced department may go.
    tx.update(dept, tx.keyOf(dept, [2]), [2, 'operations']);
    expect(tx.delete(dept, tx.keyOf(dept, [1]))).toBe(true);
    const emp = tx.table('emp');
    rejects(
      () => tx.update(emp, tx.keyOf(emp, [1n]), [1n, 'a@x', 1, 30]),
      '23503',
      'insert or update on table "emp" violates foreign key constraint "emp_dept_fkey"',
      'Key (dept)=(1) is not present in table "dept".',
    );
    tx.commit();
    s.close();
  });

  it('lets a row keep its own unique value on update, and moves index entries with it', async () => {
    const s = open();
    await people(s);
    await s.write((tx) => {
      const d = tx.table('dept');
      const key = tx.keyOf(d, [2]);
      tx.update(d, key, [2, 'ops']);
      const moved = tx.update(d, key, [5, 'sre']);
      expect(tx.get(d, [2])).toBeNull();
      expect(tx.getByKey(d, moved)).toEqual([5, 'sre']);
    });
    const snap = s.snapshot();
    expect([...snap.indexScan(snap.index('dept_name_key'), { eq: ['sre'] })].map((r) => r.values)).toEqual([[5, 'sre']]);
    expect([...snap.indexScan(snap.index('dept_name_key'), { eq: ['ops'] })]).toHaveLength(0);
    snap.close();
    s.close();
  });

  it('allows several NULLs under a unique index and finds ranges through it', async () => {
    const s = open();
    await s.write((tx) => {
      const t = tx.createTable({ name: 'u', columns: [{ name: 'a', type: T.int4 }, { name: 'b', type: T.text }] });
      tx.createIndex({ table: 'u', columns: ['a'], unique: true });
      tx.insert(t, [null, 'x']);
      tx.insert(t, [null, 'y']);
      for (let i = 0; i < 50; i++) tx.insert(t, [i * 2, `v${i}`]);
    });
    const snap = s.snapshot();
    const ix = snap.index('u_a_key');
    const range = [...snap.indexScan(ix, { lower: { values: [10], inclusive: true }, upper: { values: [20], inclusive: false } })].map((r) => r.values[0]);
    expect(range).toEqual([10, 12, 14, 16, 18]);
    const above = [...snap.indexScan(ix, { lower: { values: [95], inclusive: false } })].map((r) => r.values[0]);
    expect(above).toEqual([96, 98]);
    const all = [...snap.scan(snap.table('u'))];
    expect(all).toHaveLength(52);
    // Both NULL rows exist, reachable through the index after all non-null values.
    expect([...snap.indexScan(ix)].slice(-2).map((r) => r.values[1]).sort()).toEqual(['x', 'y']);
    snap.close();
    s.close();
  });

  it('answers primary-key ranges over composite keys', async () => {
    const s = open();
    await s.write((tx) => {
      const t = tx.createTable({
        name: 'c',
        columns: [{ name: 'a', type: T.text }, { name: 'b', type: T.int4 }, { name: 'v', type: T.float8 }],
        primaryKey: { columns: ['a', 'b'] },
      });
      for (const a of ['x', 'y', 'z']) for (let b = -3; b <= 3; b++) tx.insert(t, [a, b, b / 2]);
      rejects(() => tx.insert(t, ['y', 0, 1]), '23505', 'duplicate key value violates unique constraint "c_pkey"', 'Key (a, b)=(y, 0) already exists.');
    });
    const snap = s.snapshot();
    const t = snap.table('c');
    expect([...snap.scan(t, { eq: ['y'] })].map((r) => r.values[1])).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expect([...snap.scan(t, { eq: ['y'], lower: { values: [-1], inclusive: false }, upper: { values: [2], inclusive: true } })].map((r) => r.values[1])).toEqual([0, 1, 2]);
    expect(snap.get(t, ['z', -3])).toEqual(['z', -3, -1.5]);
    snap.close();
    s.close();
  });

  it('undoes to a savepoint, rows and DDL alike', async () => {
    const s = open();
    await people(s);
    const tx = await s.beginWrite();
    const d = tx.table('dept');
    tx.insert(d, [10, 'a']);
    tx.savepoint('sp');
    tx.insert(d, [11, 'b']);
    tx.createTable({ name: 'tmp', columns: [{ name: 'x', type: T.int4 }] });
    tx.rollbackTo('sp');
    expect(tx.catalog.findTable('tmp')).toBeUndefined();
    expect(tx.get(d, [11])).toBeNull();
    tx.insert(d, [12, 'b']);
    tx.commit();
    const snap = s.snapshot();
    expect([...snap.scan(snap.table('dept'))].map((r) => r.values[0])).toEqual([1, 2, 10, 12]);
    expect([...snap.indexScan(snap.index('dept_name_key'))].map((r) => r.values[0])).toEqual([10, 12, 1, 2]);
    snap.close();
    s.close();
  });

  it('keeps sequence values across rollback, as nextval does', async () => {
    const s = open();
    const tx = await s.beginWrite();
    const seq = tx.createSequence({ name: 'q' });
    tx.commit();
    const a = await s.beginWrite();
    expect(a.nextval(seq)).toBe(1n);
    expect(a.nextval(seq)).toBe(2n);
    a.rollback();
    const b = await s.beginWrite();
    expect(b.nextval(seq)).toBe(3n);
    b.setval(seq, 100n);
    expect(b.nextval(seq)).toBe(101n);
    b.commit();
    s.close();
  });

  it('refuses keys longer than the key size limit instead of failing at commit', async () => {
    const s = open();
    const tx = await s.beginWrite();
    const t = tx.createTable({ name: 'k', columns: [{ name: 'a', type: T.text }, { name: 'b', type: T.text }], primaryKey: { columns: ['a'] } });
    tx.createIndex({ table: 'k', columns: ['b'] });
    rejects(() => tx.insert(t, ['x'.repeat(3000), 'ok']), '54000', /^index row size 30\d\d exceeds maximum 1978 for index "k_pkey"$/);
    rejects(() => tx.insert(t, ['ok', 'y'.repeat(3000)]), '54000', /^index row size 30\d\d exceeds maximum 1978 for index "k_b_idx"$/);
    tx.insert(t, ['ok', 'z'.repeat(1900)]);
    tx.commit();
    expect(s.changesSince(0n).rows).toHaveLength(1);
    s.close();
  });

  it('gives tables without a primary key hidden row ids', async () => {
    const s = open();
    await s.write((tx) => {
      const t = tx.createTable({ name: 'h', columns: [{ name: 'v', type: T.text }] });
      tx.insert(t, ['a']);
      tx.insert(t, ['a']);
      const k3 = tx.insert(t, ['b']);
      tx.delete(t, k3);
      tx.insert(t, ['c']);
    });
    const snap = s.snapshot();
    expect([...snap.scan(snap.table('h'))].map((r) => r.values[0])).toEqual(['a', 'a', 'c']);
    snap.close();
    s.close();
  });
});
