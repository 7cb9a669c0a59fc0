import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DumpCorruptError, DumpFormatError, DumpTruncatedError, openDumpForAppend, readDump, verifyDump } from './index.js';
import { FileSource } from './byte-source.js';
import { scanSegments, scanTail } from './segment-scan.js';
import { walkFrames } from './test-support/frame-walker.js';
import { SAMPLE_DB, sampleKey, sampleValue, writeSample, writeSampleToStream } from './test-support/sample-dump.js';

let dir: string;
let sample: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'heliodump-append-'));
  sample = join(dir, 'sample.heliodump');
  await writeSample(sample, { blockSize: 256 });
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const NEXT = { dumpType: 'incremental', databaseId: SAMPLE_DB, baseLsn: 140n, endLsn: 150n, rowFormatVersion: 1 } as const;

async function appendOne(path: string, base: bigint = NEXT.baseLsn): Promise<void> {
  const a = await openDumpForAppend(path, { codec: 'lz4', blockSize: 256 });
  a.writer.beginSegment({ ...NEXT, baseLsn: base });
  a.writer.beginTable({ tableId: 1, schema: 'public', name: 'users', mode: 'replace' });
  a.writer.writeRow(sampleKey(1), sampleValue(1, 1));
  a.writer.endTable();
  await a.writer.endSegment();
  await a.writer.close();
}

describe('openDumpForAppend', () => {
  it('appends a third segment that continues the chain', async () => {
    const path = join(dir, 'three.heliodump');
    await copyFile(sample, path);
    await appendOne(path);
    const report = await verifyDump(path);
    expect(report.segments.map((s) => [s.index, s.dumpType, s.codec])).toEqual([[1, 'full', 'zstd'], [2, 'incremental', 'zstd'], [3, 'incremental', 'lz4']]);
  });

  it('recovers from a crash mid-append: the torn segment is cut off, then the append succeeds', async () => {
    const path = join(dir, 'crash.heliodump');
    await copyFile(sample, path);
    const before = (await stat(path)).size;
    // Start an append and stop mid-way; copy the file as a crash would leave it (no trailer, not finalized).
    const a = await openDumpForAppend(path, { codec: 'zstd', blockSize: 256 });
    a.writer.beginSegment(NEXT);
    a.writer.beginTable({ tableId: 1, schema: 'public', name: 'users', mode: 'delta' });
    for (let i = 0; i < 50; i++) await a.writer.writeRow(sampleKey(i), sampleValue(3, i));
    await a.writer.drain();
    await new Promise((r) => setTimeout(r, 50));
    const crashed = join(dir, 'crashed.heliodump');
    await copyFile(path, crashed);
    await a.writer.abort();
    expect((await stat(path)).size).toBe(before); // abort truncates the append away
    expect((await stat(crashed)).size).toBeGreaterThan(before);

    await expect(verifyDump(crashed)).rejects.toThrow(DumpTruncatedError);
    await expect(verifyDump(crashed)).rejects.toThrow(/segment 3 .* is incomplete.*segments 1\.\.2 are intact/);
    const seen: number[] = [];
    for await (const seg of readDump(crashed, { allowTornTail: true })) {
      seen.push(seg.index);
      for await (const _ of seg.records());
    }
    expect(seen).toEqual([1, 2]);

    const b = await openDumpForAppend(crashed, { codec: 'gzip' });
    expect(b.repairedTail).toMatchObject({ segment: 3, offset: before });
    expect(b.lastSegment).toMatchObject({ databaseId: SAMPLE_DB, endLsn: 140n, segmentIndex: 2 });
    expect((await stat(crashed)).size).toBe(before);
    b.writer.beginSegment(NEXT);
    await b.writer.endSegment();
    await b.writer.close();
    expect((await verifyDump(crashed)).segments).toHaveLength(3);
  });

  it('cuts a torn last segment at any truncation point, finalized or streamed', async () => {
    const chunks: Buffer[] = [];
    await writeSampleToStream(new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()) }), { blockSize: 256 });
    for (const [name, bytes] of [['streamed', Buffer.concat(chunks)], ['finalized', await readFile(sample)]] as const) {
      const seg2 = walkFrames(bytes).find((f) => f.kind === 'SEGM' && f.segment === 2)!.offset;
      for (const cut of [seg2 + 1, seg2 + 20, seg2 + 200, Math.floor((seg2 + bytes.length) / 2), bytes.length - 1]) {
        const path = join(dir, `cut-${name}.heliodump`);
        await writeFile(path, bytes.subarray(0, cut));
        const a = await openDumpForAppend(path);
        expect(a.repairedTail, `${name} cut at ${cut}`).toMatchObject({ segment: 2, offset: seg2, bytes: cut - seg2 });
        await a.writer.close();
        expect((await stat(path)).size).toBe(seg2);
        await appendOne(path, 100n);
        expect((await verifyDump(path)).segments).toHaveLength(2);
      }
    }
  });

  it('a streamed file whose unfinalized last segment has a flipped block is refused, not cut', async () => {
    const chunks: Buffer[] = [];
    await writeSampleToStream(new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()) }), { blockSize: 256 });
    const bytes = Buffer.concat(chunks);
    const block = walkFrames(bytes).filter((f) => f.kind === 'BLCK' && f.segment === 2)[0]!;
    bytes[block.dataOffset! + 2]! ^= 0x08;
    const path = join(dir, 'streamed-flip.heliodump');
    await writeFile(path, bytes);
    await expect(openDumpForAppend(path)).rejects.toThrow(DumpCorruptError);
    expect((await stat(path)).size).toBe(bytes.length);
  });

  it('refuses damage in a complete segment and leaves the file untouched', async () => {
    const bytes = await readFile(sample);
    const block = walkFrames(bytes).filter((f) => f.kind === 'BLCK' && f.segment === 1)[5]!;
    bytes[block.dataOffset! + 1]! ^= 0x20;
    const path = join(dir, 'damaged.heliodump');
    await writeFile(path, bytes);
    await expect(openDumpForAppend(path)).rejects.toThrow(/block 6 of segment 1 at offset \d+: CRC32 mismatch/);
    expect((await stat(path)).size).toBe(bytes.length);
    // Block contents are only checked when asked (the default); headers always are.
    const quick = await openDumpForAppend(path, { verifyBlocks: false });
    await quick.writer.abort();
  });

  it('refuses a file with no complete segment, and a missing file', async () => {
    const bytes = await readFile(sample);
    const path = join(dir, 'first-torn.heliodump');
    await writeFile(path, bytes.subarray(0, 300));
    await expect(openDumpForAppend(path)).rejects.toMatchObject({ code: 'ERR_DUMP_NO_SEGMENT' });
    await expect(openDumpForAppend(join(dir, 'nope.heliodump'))).rejects.toMatchObject({ code: 'ERR_DUMP_NOT_FOUND' });
    await expect(openDumpForAppend(join(dir, 'nope.heliodump'))).rejects.toThrow(DumpFormatError);
  });

  it('refuses a segment from another database or with a gap in LSNs', async () => {
    const path = join(dir, 'chain.heliodump');
    await copyFile(sample, path);
    const a = await openDumpForAppend(path);
    expect(() => a.writer.beginSegment({ ...NEXT, databaseId: '00000000-0000-4000-8000-000000000000' })).toThrow(/database id .* differs/);
    expect(() => a.writer.beginSegment({ ...NEXT, baseLsn: 139n })).toThrow('does not continue');
    await a.writer.abort();
    expect((await verifyDump(path)).segments).toHaveLength(2);
  });
});

describe('scanTail (how an append finds the last segment)', () => {
  const crc32 = async () => (await import('@heliosdb/codecs')).crc32;
  const tailOf = async (path: string, walk = false) => {
    const src = await FileSource.open(path);
    try {
      return { tail: await scanTail(src, await crc32()), scan: walk ? await scanSegments(src, await crc32()) : null };
    } finally {
      await src.close();
    }
  };

  it('finds from the end what walking every block finds', async () => {
    const path = join(dir, 'tail.heliodump');
    await copyFile(sample, path);
    await appendOne(path);
    const { tail, scan } = await tailOf(path, true);
    expect(tail).not.toBeNull();
    expect(tail!.segmentCount).toBe(3);
    const { blocks: _b, ...last } = scan!.segments.at(-1)!;
    expect(tail!.last).toEqual(last);
  });

  it('gives up (null) on a torn or damaged tail, which the full walk then sorts out', async () => {
    const whole = await readFile(sample);
    const torn = join(dir, 'tail-torn.heliodump');
    for (const cut of [1, 5, 12, 13, 40]) {
      await writeFile(torn, whole.subarray(0, whole.length - cut));
      expect((await tailOf(torn)).tail).toBeNull();
    }
    const flipped = Buffer.from(whole);
    flipped[flipped.length - 20]! ^= 0x40; // inside the last trailer
    await writeFile(torn, flipped);
    expect((await tailOf(torn)).tail).toBeNull();
    // Damage in the last segment's metadata: it no longer agrees with its trailer, so null.
    const path = join(dir, 'tail-meta.heliodump');
    await copyFile(sample, path);
    const start = (await stat(path)).size;
    await appendOne(path);
    const bytes = Buffer.from(await readFile(path));
    bytes[start + 12 + 4]! ^= 1; // the FINALIZED bit of segment 3's flags (body offset 4, after the 12-byte frame prefix)
    await writeFile(path, bytes);
    expect((await tailOf(path)).tail).toBeNull();
  });
});
