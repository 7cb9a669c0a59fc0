import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { T } from '@heliosdb/types';
import { Storage } from '../storage.js';
import { tempDir } from '../test-support/backends.js';

const writer = fileURLToPath(new URL('../test-support/transfer-writer.ts', import.meta.url));

describe('snapshots across processes', () => {
  it('a reader process sees one consistent state while a writer process commits', async () => {
    const dir = join(tempDir(), 'db');
    const setup = Storage.open({ dir, create: true });
    await setup.write((tx) => {
      const acc = tx.createTable({ name: 'account', columns: [{ name: 'id', type: T.int4 }, { name: 'balance', type: T.int8 }], primaryKey: { columns: ['id'] } });
      for (let i = 0; i < 10; i++) tx.insert(acc, [i, 1000n]);
      tx.insert(tx.createTable({ name: 'version', columns: [{ name: 'k', type: T.int4 }, { name: 'v', type: T.int4 }], primaryKey: { columns: ['k'] } }), [0, -1]);
    });
    setup.close();

    const child = spawn(process.execPath, ['--import', 'tsx', writer, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((r) => child.stdout.once('data', () => r()));
      const reader = Storage.open({ dir, readOnly: true });
      const versionAt = (snap: ReturnType<Storage['snapshot']>) => snap.get(snap.table('version'), [0])![1] as number;
      const snap = reader.snapshot();
      const firstVersion = versionAt(snap);
      const firstRows = [...snap.scan(snap.table('account'))].map((r) => r.values[1]);
      let laterVersion = firstVersion;
      for (let i = 0; i < 20; i++) {
        await sleep(25);
        // The old snapshot does not move, row for row.
        expect([...snap.scan(snap.table('account'))].map((r) => r.values[1])).toEqual(firstRows);
        expect(versionAt(snap)).toBe(firstVersion);
        // A new snapshot sees the writer's progress, and is consistent too.
        const fresh = reader.snapshot();
        const total = [...fresh.scan(fresh.table('account'))].reduce((a, r) => a + (r.values[1] as bigint), 0n);
        expect(total).toBe(10_000n);
        laterVersion = versionAt(fresh);
        fresh.close();
      }
      expect(firstRows.reduce((a, b) => (a as bigint) + (b as bigint), 0n)).toBe(10_000n);
      expect(laterVersion).toBeGreaterThan(firstVersion);
      snap.close();
      reader.close();
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
    }
  });
});
