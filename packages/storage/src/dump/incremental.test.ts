import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inspectDump } from '@heliosdb/dump-format';
import { T } from '@heliosdb/types';
import { Storage } from '../storage.js';
import type { Transaction } from '../engine/transaction.js';
import { dumpDatabase } from './dump-database.js';
import { restoreDatabase } from './restore-database.js';
import { databaseState, stateOfDir } from './test-support/database-state.js';
import { buildEdgeDatabase } from './test-support/edge-database.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function work(): string {
  const d = mkdtempSync(join(tmpdir(), 'heliosdb-incr-test-'));
  dirs.push(d);
  return d;
}
const stateOf = stateOfDir;

/** Five rounds of change, each followed by an append: inserts, updates, deletes, DDL of every kind. */
const ROUNDS: ((tx: Transaction) => void)[] = [
  (tx) => {
    const o = tx.table('orders');
    for (let i = 0; i < 30; i++) tx.insert(o, [BigInt((i % 50) + 1), `${500 + i}.00`, null, `r1 ${i}`]);
    const c = tx.table('customers', 'app');
    for (const r of [...tx.scan(c)].slice(0, 10)) tx.update(c, r.key, [r.values[0]!, `changed-${String(r.values[0])}@example.com`, 'updated']);
    tx.nextval(tx.catalog.sequence('ticket'));
  },
  (tx) => {
    const o = tx.table('orders');
    for (const r of [...tx.scan(o)].filter((_, i) => i % 4 === 0)) tx.delete(o, r.key);
    const e = tx.table('edge');
    tx.update(e, tx.keyOf(e, [0]), [0, ...e.columns.slice(1).map(() => null)]);
    tx.dropTable('pk_interval');
  },
  (tx) => {
    const t = tx.createTable({ name: 'late', columns: [{ name: 'id', type: T.int8, serial: true }, { name: 'label', type: T.text }], primaryKey: { columns: ['id'] } });
    const s = tx.catalog.sequence('late_id_seq');
    for (let i = 0; i < 40; i++) tx.insert(t, [tx.nextval(s), `late ${i}`]);
    tx.createIndex({ table: 'late', columns: ['label'], unique: true });
    tx.dropView('big_orders');
    tx.createView({ name: 'late_view', definition: 'SELECT label FROM late', columns: ['label'] });
  },
  (tx) => {
    tx.alterTable('customers', { kind: 'addColumn', column: { name: 'tier', type: T.int2 } }, 'app');
    const c = tx.table('customers', 'app');
    const first = [...tx.scan(c)][0]!;
    tx.update(c, first.key, [...first.values.slice(0, 3), 3]);
    tx.dropIndex('edge_c_text_idx');
    tx.dropSequence('never_used');
    const l = tx.table('late');
    for (const r of [...tx.scan(l)].slice(0, 5)) tx.delete(l, r.key);
  },
  (tx) => {
    tx.dropTable('late');
    const t = tx.createTable({ name: 'late', columns: [{ name: 'k', type: T.text }], primaryKey: { columns: ['k'] } });
    tx.insert(t, ['again']);
    const o = tx.table('orders');
    // Delete and re-insert the same key inside the range; and a row inserted and deleted again.
    tx.insert(o, [1n, '1.00', null, 'temp']);
    const last = [...tx.scan(o)].at(-1)!;
    tx.delete(o, last.key);
  },
];

describe('incremental dumps (--append)', () => {
  it('a chain of five appends restores to the live state, and --until-segment to each earlier state', async () => {
    const w = work();
    const dir = join(w, 'src');
    const file = join(w, 'rolling.heliodump');
    const db = Storage.open({ dir, create: true });
    await buildEdgeDatabase(db);
    const states = [databaseState(db)];
    const first = await dumpDatabase(db, file, { append: true, blockSize: 2048 });
    expect(first.dumpType).toBe('full');
    expect(first.note).toMatch(/did not exist/);
    for (const round of ROUNDS) {
      await db.write(round);
      const r = await dumpDatabase(db, file, { append: true, blockSize: 2048 });
      expect(r.dumpType).toBe('incremental');
      states.push(databaseState(db));
    }
    const toc = await inspectDump(file);
    expect(toc.segments.map((s) => s.metadata.dumpType)).toEqual(['full', 'incremental', 'incremental', 'incremental', 'incremental', 'incremental']);
    // Segment 3 drops pk_interval and deletes rows: the dropped table's rows are not rewritten.
    expect(toc.segments[2]!.trailer.tables.map((t) => `${t.name}:${t.mode}`).sort()).toEqual(['edge:delta', 'orders:delta']);
    expect(toc.segments[2]!.trailer.totalTombstones).toBeGreaterThan(20);
    db.close();
    for (let n = 1; n <= states.length; n++) {
      const target = join(w, `r${n}`);
      await restoreDatabase(file, target, { untilSegment: n, verify: true });
      expect({ n, state: stateOf(target) }).toEqual({ n, state: states[n - 1] });
    }
  });

  it('an append costs what changed: one changed row writes one row', async () => {
    const w = work();
    const db = Storage.open({ dir: join(w, 'src'), create: true });
    await db.write((tx) => {
      const t = tx.createTable({ name: 't', columns: [{ name: 'id', type: T.int4 }, { name: 'v', type: T.text }], primaryKey: { columns: ['id'] } });
      for (let i = 0; i < 5000; i++) tx.insert(t, [i, `v${i}`]);
    });
    const file = join(w, 'f.heliodump');
    await dumpDatabase(db, file);
    await db.write((tx) => {
      const t = tx.table('t');
      tx.update(t, tx.keyOf(t, [42]), [42, 'changed']);
    });
    const r = await dumpDatabase(db, file, { append: true });
    expect([r.rows, r.tombstones, r.tables]).toEqual([1, 0, 1]);
    const again = await dumpDatabase(db, file, { append: true });
    expect([again.rows, again.tombstones, again.tables, again.segment]).toEqual([0, 0, 0, 3]);
    db.close();
  });

  it('refuses, leaving the file untouched, to append a dump of another database, or past a pruned change log', async () => {
    const w = work();
    const a = Storage.open({ dir: join(w, 'a'), create: true, retention: { maxAgeMs: 0, minCommits: 1 } });
    const b = Storage.open({ dir: join(w, 'b'), create: true });
    for (const db of [a, b]) await db.write((tx) => tx.createTable({ name: 't', columns: [{ name: 'id', type: T.int4 }], primaryKey: { columns: ['id'] } }));
    const file = join(w, 'a.heliodump');
    await dumpDatabase(a, file);
    const bytes = readFileSync(file);
    await expect(dumpDatabase(b, file, { append: true })).rejects.toThrow(/cannot append to .*: it is a dump of database/);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    // Commit past the retention (minCommits 1, age 0): a reopen prunes everything but the last entry.
    for (let i = 0; i < 3; i++) await a.write((tx) => tx.insert(tx.table('t'), [i]));
    a.close();
    const again = Storage.open({ dir: join(w, 'a'), retention: { maxAgeMs: 0, minCommits: 1 } });
    await expect(dumpDatabase(again, file, { append: true })).rejects.toMatchObject({ code: 'ERR_DUMP_CHAIN_BROKEN', hint: 'take a full dump instead of an incremental one' });
    expect(readFileSync(file).equals(bytes)).toBe(true);
    again.close();
    b.close();
  });

  it('refuses to append from a restored copy, which is a new database', async () => {
    const w = work();
    const db = Storage.open({ dir: join(w, 'src'), create: true });
    await buildEdgeDatabase(db);
    const file = join(w, 'f.heliodump');
    await dumpDatabase(db, file);
    db.close();
    await restoreDatabase(file, join(w, 'r'));
    const r = Storage.open({ dir: join(w, 'r'), readOnly: true });
    await expect(dumpDatabase(r, file, { append: true })).rejects.toMatchObject({ code: 'ERR_DUMP_OTHER_DATABASE' });
    r.close();
  });
});
