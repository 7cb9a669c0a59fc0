import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DumpCorruptError, DumpFormatError, DumpTruncatedError, readDump, verifyDump } from './index.js';
import { plain } from './test-support/fixture-builder.js';
import { type FoundFrame, walkFrames } from './test-support/frame-walker.js';
import { sampleRecords, writeSample } from './test-support/sample-dump.js';

let dir: string;
let original: Uint8Array;
let frames: FoundFrame[];
const expected = sampleRecords().map((seg) => seg.map(plain));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'heliodump-corrupt-'));
  const path = join(dir, 'sample.heliodump');
  await writeSample(path, { codec: 'zstd', incrementalCodec: 'gzip', blockSize: 256 });
  original = await readFile(path);
  frames = walkFrames(original);
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

/** Reads with readDump; returns the error and checks every record yielded is the original one. */
async function readAll(path: string): Promise<unknown> {
  try {
    for await (const seg of readDump(path)) {
      const want = expected[seg.index - 1]!;
      let i = 0;
      for await (const r of seg.records()) {
        expect(plain(r), `segment ${seg.index} record ${i}`).toEqual(want[i]);
        i++;
      }
    }
  } catch (error) {
    return error;
  }
  return null;
}

function expectPlaced(error: unknown, position: number): void {
  if (position < 8) {
    expect(error).toBeInstanceOf(DumpFormatError);
    return;
  }
  expect(error).toBeInstanceOf(DumpCorruptError);
  const e = error as DumpCorruptError;
  expect(e.segment).toBeGreaterThanOrEqual(1);
  expect(e.offset).toBeGreaterThanOrEqual(8);
  expect(e.message).toMatch(/^heliodump: .* (segment \d+) at offset \d+: /);
}

function flipPositions(): number[] {
  const picks = new Set<number>();
  const add = (from: number, to: number, step = 1) => {
    for (let p = from; p < to; p += step) picks.add(p);
  };
  add(0, 8); // magic, version
  for (const f of frames) {
    if (f.kind === 'SEGM' || f.kind === 'TRLR' || f.kind === 'SEND') add(f.offset, f.offset + f.size, f.size > 80 ? 3 : 1);
    if (f.kind === 'BLCK') {
      add(f.offset, f.offset + 24, f.segment === 2 || f.offset === frames[2]!.offset ? 1 : 7); // headers
      add(f.dataOffset!, f.offset + f.size, Math.max(1, Math.floor(f.compressedLength! / 3))); // payload
    }
  }
  return [...picks].sort((a, b) => a - b);
}

describe('corruption is always detected', () => {
  it('the sample spans many blocks in two segments', () => {
    const blocks = frames.filter((f) => f.kind === 'BLCK');
    expect(blocks.filter((b) => b.segment === 1).length).toBeGreaterThan(20);
    expect(blocks.filter((b) => b.segment === 2).length).toBeGreaterThan(3);
  });

  it('a flipped byte anywhere fails verifyDump and readDump with its place', async () => {
    const positions = flipPositions();
    expect(positions.length).toBeGreaterThanOrEqual(200);
    const kinds = new Set<string>();
    const path = join(dir, 'flipped.heliodump');
    for (const [n, position] of positions.entries()) {
      const bytes = Uint8Array.from(original);
      bytes[position]! ^= [0x01, 0x80, 0xff, 0x10][n % 4]!;
      await writeFile(path, bytes);
      const verifyError = await verifyDump(path).then(() => null, (e: unknown) => e);
      expect(verifyError, `flip at ${position} passed verifyDump`).not.toBeNull();
      expectPlaced(verifyError, position);
      const readError = await readAll(path);
      expect(readError, `flip at ${position} passed readDump`).not.toBeNull();
      expectPlaced(readError, position);
      if (verifyError instanceof DumpCorruptError && /CRC32 mismatch/.test(verifyError.message)) kinds.add('crc');
    }
    expect(kinds.has('crc')).toBe(true);
  });

  it('a block flip names that block, segment and offset, with CRC32 mismatch', async () => {
    const block = frames.filter((f) => f.kind === 'BLCK' && f.segment === 2)[1]!;
    const bytes = Uint8Array.from(original);
    bytes[block.dataOffset! + 3]! ^= 0x40;
    const path = join(dir, 'block.heliodump');
    await writeFile(path, bytes);
    const error = (await verifyDump(path).catch((e: unknown) => e)) as DumpCorruptError;
    expect(error.message).toContain(`heliodump: block 2 of segment 2 at offset ${block.offset}: CRC32 mismatch`);
    expect({ segment: error.segment, block: error.block, offset: error.offset }).toEqual({ segment: 2, block: 2, offset: block.offset });
  });

  it('a truncated file fails with the truncation and its offset, never silently', async () => {
    const segmentEnds = new Set(frames.filter((f) => f.kind === 'SEND').map((f) => f.offset + f.size));
    const positions: number[] = [];
    for (let i = 0; i < 60; i++) positions.push(Math.floor((i * original.length) / 60));
    positions.push(1, 5, 7, 8, 9, original.length - 1, original.length - 12, original.length - 13);
    // A cut exactly between segments leaves a valid shorter dump: the one case a file cannot tell.
    const cuts = [...new Set(positions)].filter((p) => !segmentEnds.has(p));
    expect(cuts.length).toBeGreaterThanOrEqual(50);
    const path = join(dir, 'cut.heliodump');
    for (const cut of cuts) {
      await writeFile(path, original.subarray(0, cut));
      const verifyError = await verifyDump(path).then(() => null, (e: unknown) => e);
      expect(verifyError, `cut at ${cut} passed verifyDump`).not.toBeNull();
      const readError = await readAll(path);
      expect(readError, `cut at ${cut} passed readDump`).not.toBeNull();
      if (cut >= 8) {
        expect(verifyError).toBeInstanceOf(DumpTruncatedError);
        expect((verifyError as Error).message).toMatch(/truncated: needs \d+ bytes here but the file ends after \d+ \(at offset \d+\)/);
        expect(readError).toBeInstanceOf(DumpTruncatedError);
      } else if (cut >= 4) {
        expect(verifyError).toBeInstanceOf(DumpTruncatedError);
      } else {
        expect(verifyError).toBeInstanceOf(DumpFormatError);
      }
    }
  });
});
