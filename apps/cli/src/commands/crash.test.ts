import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildShop, change, stateOf } from '../test-support/fixture-db.js';
import { cli, workDir } from '../test-support/cli.js';

// SIGKILL at random moments: whatever was on disk before stays verifiable and restorable, and a
// killed restore leaves no target. The moments are spread over the command's whole run (process
// start, opening, reading, compressing, writing, renaming): uniform below the shortest run seen.
const w = workDir();
const src = join(w.path, 'src');
let fullMs = 0;
let restoreMs = 0;
const KILLS = 20;
// Kills run in parts of 5 so each test stays far from the 10-minute hang guard on a loaded machine.
const PARTS = [0, 1, 2, 3];
const PER_PART = KILLS / PARTS.length;

/** The shortest run seen so far: kill moments are drawn below it, so most kills land inside a run. */
const shortest = { dump: 0, append: 1500, restore: 0 };
function timedCli(kind: keyof typeof shortest, args: string[]): Promise<{ signal: NodeJS.Signals | null; code: number | null; stderr: string }> {
  const t = performance.now();
  return cli(args, { killAfterMs: random() * shortest[kind] }).then((r) => {
    if (r.signal !== 'SIGKILL') shortest[kind] = Math.min(shortest[kind], performance.now() - t);
    return r;
  });
}

// A small deterministic PRNG so a failure can be replayed.
let seed = 20261124;
const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const hash = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');

beforeAll(async () => {
  await buildShop(src, 20_000);
  let t = performance.now();
  expect((await cli(['dump', '--data-dir', src, '--output', join(w.path, 'full.heliodump')])).code).toBe(0);
  fullMs = performance.now() - t;
  shortest.dump = fullMs;
  shortest.append = Math.max(fullMs, 1500);
  t = performance.now();
  expect((await cli(['restore', '--input', join(w.path, 'full.heliodump'), '--target', join(w.path, 'probe')])).code).toBe(0);
  restoreMs = performance.now() - t;
  shortest.restore = restoreMs;
});
afterAll(() => w.cleanup());

async function restoresTo(file: string, name: string): Promise<Record<string, unknown>> {
  const v = await cli(['verify', file]);
  expect({ name, code: v.code, stderr: v.stderr.replace(/^heliosdb-nano: warning:.*\n.*\n/, '') }).toEqual({ name, code: 0, stderr: '' });
  const target = join(w.path, name);
  const r = await cli(['restore', '--input', file, '--target', target]);
  expect({ name, code: r.code }).toEqual({ name, code: 0 });
  return stateOf(target);
}

describe('SIGKILL at random moments', () => {
  let dumpKills = 0;
  it.each(PARTS)(`during dump (${KILLS} times in all): the earlier file at the output path still verifies and restores, part %i`, async (part) => {
    const file = join(w.path, 'full.heliodump');
    const want = stateOf(src);
    for (let i = part * PER_PART; i < (part + 1) * PER_PART; i++) {
      const before = hash(file);
      const r = await timedCli('dump', ['dump', '--data-dir', src, '--output', file]);
      if (r.signal === 'SIGKILL') dumpKills++;
      // Either the old file or a complete new one: the rename is atomic.
      if (r.signal === 'SIGKILL' && hash(file) !== before) expect((await cli(['verify', file])).code).toBe(0);
      expect(await restoresTo(file, `dump-kill-${i}`)).toEqual(want);
    }
    if (part === PARTS.at(-1)) expect(dumpKills).toBeGreaterThanOrEqual(KILLS / 2);
  });

  const appendDir = join(w.path, 'appending');
  const rolling = join(w.path, 'rolling.heliodump');
  let dumped: Record<string, unknown> = {};
  let appendKills = 0;
  it.each(PARTS)(`during dump --append (${KILLS} times in all): every earlier segment stays restorable, part %i`, async (part) => {
    if (part === 0) {
      await buildShop(appendDir, 20_000);
      expect((await cli(['dump', '--data-dir', appendDir, '--output', rolling])).code).toBe(0);
      dumped = stateOf(appendDir);
    }
    for (let i = part * PER_PART; i < (part + 1) * PER_PART; i++) {
      await change(appendDir, (tx) => {
        const o = tx.table('orders');
        for (let k = 0; k < 2000; k++) tx.insert(o, [100_000 + i * 2000 + k, 1n, '1.00', null, null, null, `append round ${i}`.repeat(20)]);
        for (const row of [...tx.scan(o, { lower: { values: [i * 500], inclusive: true }, upper: { values: [i * 500 + 50], inclusive: false } })]) tx.delete(o, row.key);
      });
      const segmentsBefore = JSON.parse((await cli(['inspect', rolling, '--json'])).stdout).segments.length as number;
      const r = await timedCli('append', ['dump', '--data-dir', appendDir, '--output', rolling, '--append']);
      if (r.signal === 'SIGKILL') appendKills++;
      else expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      const segments = JSON.parse((await cli(['inspect', rolling, '--json'])).stdout).segments.length as number;
      // A complete new segment exists only if the append got to its end.
      expect(segments === segmentsBefore || segments === segmentsBefore + 1).toBe(true);
      if (segments > segmentsBefore) dumped = stateOf(appendDir);
      expect({ i, state: await restoresTo(rolling, `append-kill-${i}`) }).toEqual({ i, state: dumped });
    }
    if (part === PARTS.at(-1)) {
      expect(appendKills).toBeGreaterThanOrEqual(KILLS / 2);
      // A final append (not killed) cuts off any torn tail and the file holds the live state.
      expect((await cli(['dump', '--data-dir', appendDir, '--output', rolling, '--append'])).code).toBe(0);
      expect(await restoresTo(rolling, 'append-final')).toEqual(stateOf(appendDir));
    }
  });

  it(`during restore (${KILLS} times): no target is left behind, and the next restore succeeds`, async () => {
    const file = join(w.path, 'full.heliodump');
    const target = join(w.path, 'restore-target');
    let killed = 0;
    let absent = 0;
    for (let i = 0; i < KILLS; i++) {
      const r = await timedCli('restore', ['restore', '--input', file, '--target', target]);
      if (r.signal !== 'SIGKILL') {
        // It finished before the kill: the target is complete; remove it for the next round.
        expect(r.code).toBe(0);
        expect(stateOf(target)).toEqual(stateOf(src));
        rmSync(target, { recursive: true });
        continue;
      }
      killed++;
      // The rename is the commit point: killed before it, there is no target; after it, a complete one.
      if (existsSync(target)) {
        expect(stateOf(target)).toEqual(stateOf(src));
        rmSync(target, { recursive: true });
      } else absent++;
    }
    expect(killed).toBeGreaterThanOrEqual(KILLS / 2);
    expect(absent).toBeGreaterThanOrEqual(KILLS / 4);
    const r = await cli(['restore', '--input', file, '--target', target]);
    expect(r.code).toBe(0);
    expect(stateOf(target)).toEqual(stateOf(src));
    // The killed restores' temporary siblings were cleaned up by the one that succeeded.
    expect(readdirSync(w.path).filter((n) => n.startsWith('.restore-target.restore-tmp-'))).toEqual([]);
  });
});
