import { readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { T } from '@heliosdb/types';
import { Storage } from '../storage.js';
import { tempDir } from '../test-support/backends.js';
import { canReleaseMappedPages, RELEASE_AFTER_BYTES, releaseMappedPages } from './release-pages.js';

/** What a scan may add between two releases, plus what 4,096 rows between two checks can map. */
const WINDOW = RELEASE_AFTER_BYTES + 4 * 1024 * 1024;

/** Resident bytes of this process's mappings of `file`, from /proc/self/smaps. */
function residentOf(file: string): number {
  let total = 0;
  let inFile = false;
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s+(.*)$/.exec(line);
    if (head) inFile = head[1] === file;
    else if (inFile && line.startsWith('Rss:')) total += Number(/(\d+)/.exec(line)![1]) * 1024;
  }
  return total;
}

const ROWS = 120_000;
const PAD = 'x'.repeat(700);

async function bigTable(): Promise<{ s: Storage; file: string }> {
  const dir = join(tempDir(), 'db');
  const s = Storage.open({ dir, create: true });
  for (let b = 0; b < ROWS; b += 20_000) {
    await s.write((tx) => {
      const t = b === 0 ? tx.createTable({ name: 't', columns: [{ name: 'id', type: T.int8 }, { name: 'pad', type: T.text }], primaryKey: { columns: ['id'] } }) : tx.table('t');
      for (let i = b; i < b + 20_000; i++) tx.insert(t, [BigInt(i), `${i}:${PAD}`]);
    });
  }
  return { s, file: realpathSync(join(dir, 'lmdb', 'data.mdb')) };
}

describe('releasing LMDB-mapped pages', () => {
  it('is built and loaded (native/release-pages.c)', () => {
    expect(canReleaseMappedPages).toBe(true);
  });

  it('drops the mapped pages of a file from this process and reads the same data afterwards', async () => {
    const { s, file } = await bigTable();
    const snap = s.snapshot();
    const t = snap.table('t');
    let n = 0;
    for (const r of snap.scan(t)) if (r.values[1] === `${r.values[0]}:${PAD}`) n++;
    expect(n).toBe(ROWS);
    const before = residentOf(file);
    expect(before).toBeGreaterThan(0);
    expect(releaseMappedPages(file)).toBeGreaterThan(0);
    expect(residentOf(file)).toBe(0);
    // Reads fault the file's pages back in and see the same rows.
    expect(snap.get(t, [BigInt(ROWS - 1)])?.[1]).toBe(`${ROWS - 1}:${PAD}`);
    snap.close();
    s.close();
  });

  it('keeps what a full scan holds resident within the release window, whatever the table size', async () => {
    const { s, file } = await bigTable();
    // The table must be well over the bound, or the test could not fail.
    expect(statSync(file).size).toBeGreaterThan(2.5 * WINDOW);
    const snap = s.snapshot();
    let peak = 0;
    let n = 0;
    let sum = 0n;
    for (const r of snap.scan(snap.table('t'))) {
      sum += r.values[0] as bigint;
      if (++n % 2000 === 0) peak = Math.max(peak, residentOf(file));
    }
    snap.close();
    s.close();
    expect(n).toBe(ROWS);
    expect(sum).toBe((BigInt(ROWS) * BigInt(ROWS - 1)) / 2n);
    // The window, plus branch pages and the pages of the rows read since the last release.
    expect(peak).toBeLessThan(WINDOW + 8 * 1024 * 1024);
  });
});
