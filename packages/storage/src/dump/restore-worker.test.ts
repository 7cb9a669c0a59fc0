import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Storage } from '../storage.js';
import { dumpDatabase } from './dump-database.js';
import { databaseState, stateOfDir } from './test-support/database-state.js';
import { buildEdgeDatabase } from './test-support/edge-database.js';

// The writer thread runs compiled code (dist/dump/restore-worker.js), so this file drives the
// compiled restore; `pnpm test` builds before testing. Its results are compared with the same-thread
// restore of the sources and with the source database.
const DIST = new URL('../../dist/dump/restore-database.js', import.meta.url);
type Restore = typeof import('./restore-database.js').restoreDatabase;
const compiled = existsSync(DIST) ? ((await import(DIST.href)) as { restoreDatabase: Restore }).restoreDatabase : null;

const w = mkdtempSync(join(tmpdir(), 'heliosdb-restore-worker-'));
afterAll(() => rmSync(w, { recursive: true, force: true }));

const stateOf = stateOfDir;

describe.skipIf(compiled === null)('restore on a writer thread (compiled)', () => {
  it('restores what the same-thread restore restores: every type, edge value, index, sequence and view, across an incremental chain', async () => {
    const src = join(w, 'src');
    const db = Storage.open({ dir: src, create: true });
    await buildEdgeDatabase(db);
    const file = join(w, 'chain.heliodump');
    // Small blocks: many batches, records crossing block boundaries.
    await dumpDatabase(db, file, { blockSize: 2048 });
    await db.write((tx) => {
      const t = tx.catalog.tables[0]!;
      for (const r of [...tx.scan(t)].slice(0, 3)) tx.delete(t, r.key);
    });
    await dumpDatabase(db, file, { append: true, blockSize: 2048 });
    const live = databaseState(db);
    db.close();
    const viaWorker = await compiled!(file, join(w, 'worker'), { thread: 'worker', verify: true });
    expect(stateOf(join(w, 'worker'))).toEqual(live);
    expect(viaWorker.segments).toBe(2);
    expect(viaWorker.tombstones).toBeGreaterThan(0);
    const first = await compiled!(file, join(w, 'worker-1'), { thread: 'worker', untilSegment: 1 });
    const same = await compiled!(file, join(w, 'same-1'), { thread: 'same', untilSegment: 1 });
    expect(stateOf(join(w, 'worker-1'))).toEqual(stateOf(join(w, 'same-1')));
    expect([first.rows, first.tables]).toEqual([same.rows, same.tables]);
  });

  it("reports the writer thread's refusals with their code, and leaves no target", async () => {
    const file = join(w, 'chain.heliodump');
    const target = join(w, 'refused');
    const err = await compiled!(file, target, { thread: 'worker', tables: ['no_such_table'] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'DatabaseDumpError', code: 'ERR_RESTORE_ARGUMENT' });
    expect(String((err as Error).message)).toContain('--tables: no_such_table is not in');
    expect(existsSync(target)).toBe(false);
  });

  it('stops at a damaged block with the reader\'s error, and leaves no target', async () => {
    const bytes = readFileSync(join(w, 'chain.heliodump'));
    // A byte in the middle of the first segment's payload: a block's CRC32 fails while the worker writes earlier ones.
    bytes[Math.floor(bytes.length / 3)]! ^= 0x10;
    const damaged = join(w, 'damaged.heliodump');
    writeFileSync(damaged, bytes);
    const target = join(w, 'from-damaged');
    await expect(compiled!(damaged, target, { thread: 'worker' })).rejects.toThrow(/CRC32 mismatch|corrupt|damaged|mismatch/i);
    expect(existsSync(target)).toBe(false);
  });
});
