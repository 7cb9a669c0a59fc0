import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildShop } from '../test-support/fixture-db.js';
import { cli, pool, workDir } from '../test-support/cli.js';

// One real CLI-made dump of two blocks; every damaged copy must be refused by `verify` and by
// `restore --verify`, which must create nothing.
const w = workDir();
let good: Buffer;
const regions: { name: string; positions: number[] }[] = [];

beforeAll(async () => {
  const src = join(w.path, 'src');
  await buildShop(src, 14_000);
  const file = join(w.path, 'good.heliodump');
  const d = await cli(['dump', '--data-dir', src, '--output', file, '--compression', 'zstd']);
  expect(d.code).toBe(0);
  good = readFileSync(file);
  // Structure by FORMAT.md: header, SEGM frame, BLCK frames, TRLR frame, 12-byte footer.
  const metaEnd = 8 + 12 + good.readUInt32LE(12) + 4;
  const blocks: [number, number][] = [];
  let p = metaEnd;
  while (good.toString('latin1', p, p + 4) === 'BLCK') {
    blocks.push([p, p + 24 + good.readUInt32LE(p + 8)]);
    p = blocks.at(-1)![1];
  }
  expect(blocks.length).toBeGreaterThanOrEqual(2);
  const trailerStart = p;
  const range = (a: number, b: number, step = 1): number[] => Array.from({ length: Math.ceil((b - a) / step) }, (_, i) => a + i * step);
  // Payload bytes: spread evenly over the compressed data of every block.
  const payload = blocks.flatMap(([s, e]) => range(s + 24, e, Math.max(1, Math.floor((e - s - 24) / 30))).slice(0, 30));
  regions.push(
    { name: 'magic and version', positions: range(0, 8) },
    { name: 'metadata', positions: range(8, metaEnd) },
    { name: 'block headers', positions: blocks.flatMap(([s]) => range(s, s + 24)) },
    { name: 'payload', positions: payload },
    { name: 'trailer and footer', positions: range(trailerStart, good.length, 3) },
  );
});
afterAll(() => w.cleanup());

async function refusedEverywhere(name: string, bytes: Buffer): Promise<{ verify: string; restore: string }> {
  const file = join(w.path, `${name}.heliodump`);
  writeFileSync(file, bytes);
  const target = join(w.path, `${name}-target`);
  const v = await cli(['verify', file]);
  const r = await cli(['restore', '--input', file, '--target', target, '--verify']);
  const leftovers = readdirSync(w.path).filter((n) => n.startsWith(`.${name}-target`));
  expect({ name, verify: v.code !== 0, restore: r.code !== 0, target: existsSync(target), leftovers }).toEqual({ name, verify: true, restore: true, target: false, leftovers: [] });
  return { verify: v.stderr, restore: r.stderr };
}

// Cases run in parts so each test stays far from the 10-minute hang guard on a loaded machine.
const FLIP_PARTS = 6;
const CUT_PARTS = 2;

function flipCases(): { region: string; pos: number }[] {
  return regions.flatMap((r) => r.positions.map((pos) => ({ region: r.name, pos })));
}

function cutCases(): number[] {
  return [0, 1, 4, 7, 8, 9, 20, ...Array.from({ length: 50 }, (_, i) => Math.floor(((i + 1) * (good.length - 1)) / 51)), good.length - 12, good.length - 1];
}

describe('a damaged dump is refused by verify and restore --verify, creating nothing', () => {
  it('covers 200+ single-byte flips over every region and 50+ truncations', () => {
    expect(flipCases().length).toBeGreaterThanOrEqual(200);
    expect(new Set(flipCases().map((c) => c.region))).toEqual(new Set(['magic and version', 'metadata', 'block headers', 'payload', 'trailer and footer']));
    expect(new Set(cutCases()).size).toBeGreaterThanOrEqual(50);
  });

  it.each(Array.from({ length: FLIP_PARTS }, (_, i) => i))('one flipped byte: part %i', async (part) => {
    const cases = flipCases().filter((_, i) => i % FLIP_PARTS === part);
    const results = await pool(
      4,
      cases.map(({ region, pos }) => async () => {
        const bytes = Buffer.from(good);
        bytes[pos] = bytes[pos]! ^ (1 + ((pos * 37) % 255));
        const out = await refusedEverywhere(`flip-${pos}`, bytes);
        return { region, pos, ...out };
      }),
    );
    for (const r of results) {
      if (r.pos >= 8) {
        // Every byte past the fixed file header is under a CRC32 or is a frame tag checked first:
        // the damage is located (segment, block, offset) as a CRC32 mismatch or a wrong tag.
        expect(r.verify).toMatch(/segment 1 at offset \d+: (CRC32 mismatch|expected tag)/);
        expect(r.restore).toMatch(/^heliosdb-nano: restore aborted, nothing was created: .* is damaged: .*offset \d+: (CRC32 mismatch|expected tag)/m);
      } else {
        expect(r.verify).toMatch(/bad magic|format version/);
      }
      if (r.region === 'payload') expect(r.restore).toMatch(/block \d+ of segment 1 at offset \d+: CRC32 mismatch/);
    }
  });

  it.each(Array.from({ length: CUT_PARTS }, (_, i) => i))('truncation: part %i', async (part) => {
    const cuts = cutCases().filter((_, i) => i % CUT_PARTS === part);
    const results = await pool(4, cuts.map((cut) => async () => ({ cut, ...(await refusedEverywhere(`cut-${cut}`, good.subarray(0, cut))) })));
    for (const r of results.filter((x) => x.cut >= 8)) expect(r.verify).toMatch(/truncated|incomplete|no complete segment/);
  });
});
