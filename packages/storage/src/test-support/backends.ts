import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { Storage } from '../storage.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'heliosdb-storage-test-'));
  dirs.push(d);
  return d;
}

/** Both backends behind the same interface: every engine test runs on each. */
export const BACKENDS: readonly [string, () => Storage][] = [
  ['memory', () => Storage.memory()],
  ['lmdb', () => Storage.open({ dir: join(tempDir(), 'db'), create: true })],
];
