import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Storage } from '../storage.js';
import { tempDir } from '../test-support/backends.js';

const writer = fileURLToPath(new URL('../test-support/crash-writer.ts', import.meta.url));

/** Runs the writer until it has acknowledged at least one commit, then waits `extraMs` and SIGKILLs it. */
function runAndKill(dir: string, extraMs: number): Promise<bigint> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let armed = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!armed && out.includes('ack ')) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), extraMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`writer exited without being killed: ${err}`));
      // Only complete lines are acknowledgements.
      const acks = out.split('\n').filter((l) => l.startsWith('ack ')).map((l) => BigInt(l.slice(4)));
      resolve(acks.length ? acks[acks.length - 1]! : -1n);
    });
  });
}

describe('crash safety', () => {
  it('keeps every acknowledged commit and no partial one across 24 SIGKILLs', async () => {
    const dir = join(tempDir(), 'db');
    let seed = 99;
    for (let round = 0; round < 24; round++) {
      seed = (seed * 48271) % 2147483647;
      const acked = await runAndKill(dir, seed % 120);
      const s = Storage.open({ dir });
      const snap = s.snapshot();
      const n = snap.get(snap.table('counter'), [0])![1] as bigint;
      // The commit in flight at the kill may have landed without its ack being printed.
      expect(n >= acked && n <= acked + 1n, `round ${round}: counter ${n}, last ack ${acked}`).toBe(true);
      const log = [...snap.scan(snap.table('log'))];
      expect(log.map((r) => r.values[0])).toEqual(Array.from({ length: Number(n + 1n) * 5 }, (_, i) => BigInt(i)));
      expect([...snap.scan(snap.table('side'))].map((r) => r.values[0])).toEqual(Array.from({ length: Number(n + 1n) }, (_, i) => BigInt(i)));
      // The index agrees with the rows: same rows, ordered by payload.
      const viaIndex = [...snap.indexScan(snap.index('log_payload_key'))].map((r) => r.values[1] as string);
      expect(viaIndex).toEqual(log.map((r) => r.values[1] as string).sort());
      snap.close();
      s.close();
    }
  });
});
