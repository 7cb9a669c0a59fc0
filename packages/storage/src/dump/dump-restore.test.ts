import { mkdirSync, mkdtempSync, rmSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readDump } from '@heliosdb/dump-format';
import { T } from '@heliosdb/types';
import { Storage } from '../storage.js';
import { dumpDatabase } from './dump-database.js';
import { restoreDatabase } from './restore-database.js';
import { databaseState, stateOfDir } from './test-support/database-state.js';
import { buildEdgeDatabase } from './test-support/edge-database.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function work(): string {
  const d = mkdtempSync(join(tmpdir(), 'heliosdb-dump-test-'));
  dirs.push(d);
  return d;
}

const stateOf = stateOfDir;

describe('dump and restore of a whole database', () => {
  it.each(['zstd', 'gzip', 'brotli', 'lz4', 'none'])('round-trips every type, edge value, index, sequence and view through %s', async (codec) => {
    const w = work();
    const db = Storage.open({ dir: join(w, 'src'), create: true });
    await buildEdgeDatabase(db);
    const before = databaseState(db);
    const file = join(w, `x.${codec}.heliodump`);
    // Small blocks so records cross block boundaries many times.
    const report = await dumpDatabase(db, file, { codec, blockSize: 4096 });
    db.close();
    expect(report.blocks).toBeGreaterThan(3);
    expect(report.codec).toBe(codec);
    const restored = await restoreDatabase(file, join(w, 'restored'), { verify: true });
    expect(restored.rows).toBe(report.rows);
    const after = stateOf(join(w, 'restored'));
    expect(after).toEqual(before);
    const r = Storage.open({ dir: join(w, 'restored'), readOnly: true });
    expect(r.databaseId).toBe(restored.databaseId);
    expect(r.databaseId).not.toBe(report.databaseId);
    r.close();
  });

  it('a restored database takes writes, keeps its sequences going and enforces its unique indexes', async () => {
    const w = work();
    const db = Storage.open({ dir: join(w, 'src'), create: true });
    await buildEdgeDatabase(db);
    await dumpDatabase(db, join(w, 'f.heliodump'));
    db.close();
    await restoreDatabase(join(w, 'f.heliodump'), join(w, 'r'));
    const r = Storage.open({ dir: join(w, 'r') });
    await r.write((tx) => {
      const seq = tx.catalog.sequence('customers_id_seq', 'app');
      expect(tx.nextval(seq)).toBe(51n);
      expect(tx.nextval(tx.catalog.sequence('ticket'))).toBe(1784n);
      expect(tx.nextval(tx.catalog.sequence('never_used'))).toBe(-5n);
      expect(() => tx.insert(tx.table('customers', 'app'), [999n, 'u3@example.com', null])).toThrow(/customers_email_key/);
    });
    // Changes before the restore are not in the restored change log: an incremental needs a new full dump.
    expect(() => r.changesSince(0n)).toThrow(/no longer available/);
    r.close();
  });

  it('dumps one snapshot while a writer commits', async () => {
    const w = work();
    const dir = join(w, 'src');
    const db = Storage.open({ dir, create: true });
    await db.write((tx) => {
      const t = tx.createTable({ name: 't', columns: [{ name: 'id', type: T.int4 }, { name: 'v', type: T.text }], primaryKey: { columns: ['id'] } });
      for (let i = 0; i < 20_000; i++) tx.insert(t, [i, `value ${i} `.repeat(4)]);
    });
    const reader = Storage.open({ dir, readOnly: true });
    const expected = databaseState(reader);
    const dumping = dumpDatabase(reader, join(w, 'f.heliodump'), { blockSize: 16 * 1024, concurrency: 1 });
    let commits = 0;
    const writing = (async () => {
      for (let i = 0; i < 20; i++) {
        await db.write((tx) => {
          const t = tx.table('t');
          tx.delete(t, tx.keyOf(t, [i * 7]));
          tx.insert(t, [100_000 + i, 'new']);
        });
        commits++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    await Promise.all([dumping, writing]);
    expect(commits).toBe(20);
    reader.close();
    db.close();
    await restoreDatabase(join(w, 'f.heliodump'), join(w, 'r'));
    const got = stateOf(join(w, 'r'));
    expect(got['tables']).toEqual(expected['tables']);
  });

  it('refuses a non-empty target and leaves no temporary directory after a failed restore', async () => {
    const w = work();
    const db = Storage.open({ dir: join(w, 'src'), create: true });
    await buildEdgeDatabase(db);
    await dumpDatabase(db, join(w, 'f.heliodump'));
    db.close();
    mkdirSync(join(w, 'busy'));
    writeFileSync(join(w, 'busy', 'keep.txt'), 'x');
    await expect(restoreDatabase(join(w, 'f.heliodump'), join(w, 'busy'))).rejects.toThrow(/already exists and is not empty/);
    await expect(restoreDatabase(join(w, 'f.heliodump'), join(w, 'r'), { tables: ['nope'] })).rejects.toThrow(/--tables: nope is not in/);
    expect(existsSync(join(w, 'r'))).toBe(false);
    expect(readdirSync(w).filter((n) => n.includes('restore-tmp'))).toEqual([]);
    // An empty directory is a fine target.
    mkdirSync(join(w, 'empty'));
    await restoreDatabase(join(w, 'f.heliodump'), join(w, 'empty'));
    expect(existsSync(join(w, 'empty', 'heliosdb.json'))).toBe(true);
  });

  it('restores selected tables with their indexes and owned sequences, and drops foreign keys to tables left out', async () => {
    const w = work();
    const db = Storage.open({ dir: join(w, 'src'), create: true });
    await buildEdgeDatabase(db);
    const before = databaseState(db) as { tables: Record<string, unknown>; indexes: Record<string, unknown> };
    await dumpDatabase(db, join(w, 'f.heliodump'));
    db.close();
    await restoreDatabase(join(w, 'f.heliodump'), join(w, 'r'), { tables: ['orders', 'app.customers'] });
    const r = Storage.open({ dir: join(w, 'r'), readOnly: true });
    const after = databaseState(r) as typeof before & { sequences: Record<string, string> };
    expect(Object.keys(after.tables).sort()).toEqual(['app.customers', 'public.orders']);
    expect(after.tables['public.orders']).toEqual(before.tables['public.orders']);
    expect(after.indexes['app.customers_email_key']).toEqual(before.indexes['app.customers_email_key']);
    expect(Object.keys(after.sequences).sort()).toEqual(['app.customers_id_seq', 'public.never_used', 'public.ticket']);
    expect(r.snapshot().catalog.views).toEqual([]);
    r.close();
    await restoreDatabase(join(w, 'f.heliodump'), join(w, 'r2'), { tables: ['orders'] });
    const r2 = Storage.open({ dir: join(w, 'r2'), readOnly: true });
    expect(r2.snapshot().catalog.table('orders').foreignKeys).toEqual([]);
    r2.close();
  });

  it('writes a full dump to a stream that reads back', async () => {
    const w = work();
    const db = Storage.open({ dir: join(w, 'src'), create: true });
    await buildEdgeDatabase(db);
    const chunks: Buffer[] = [];
    const { Writable } = await import('node:stream');
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk);
        cb();
      },
    });
    const report = await dumpDatabase(db, sink, { codec: 'gzip' });
    db.close();
    let rows = 0;
    for await (const seg of readDump([Buffer.concat(chunks)])) for await (const r of seg.records()) if (r.kind === 'row') rows++;
    expect(rows).toBe(report.rows);
  });
});
