import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDumpWriter, type DumpRecord, readDump, verifyDump } from './index.js';
import { plain } from './test-support/fixture-builder.js';
import { SAMPLE_DB, sampleRecords, writeRecords, writeSampleToStream } from './test-support/sample-dump.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'heliodump-records-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const FULL = { dumpType: 'full', databaseId: SAMPLE_DB, baseLsn: 0n, endLsn: 1n, rowFormatVersion: 1 } as const;

async function readRecords(path: string): Promise<object[][]> {
  const out: object[][] = [];
  for await (const seg of readDump(path)) {
    const records: object[] = [];
    for await (const r of seg.records()) records.push(plain(r));
    out.push(records);
  }
  return out;
}

async function roundTrip(path: string, records: DumpRecord[], blockSize: number, codec = 'none'): Promise<object[]> {
  const w = await createDumpWriter(path, { codec, blockSize });
  w.beginSegment(FULL);
  await writeRecords(w, records);
  await w.endSegment();
  await w.close();
  const [seg] = await readRecords(path);
  return seg!;
}

describe('records across block boundaries', () => {
  // Every record kind, small enough that block sizes 16..96 put a boundary at every byte of it.
  const records: DumpRecord[] = [
    { kind: 'catalog', json: new TextEncoder().encode('{"t":1}') },
    { kind: 'table-begin', tableId: 300, mode: 'full', schema: 'public', name: 'émoji_✓' },
    { kind: 'row', tableId: 300, key: Uint8Array.of(1), value: new Uint8Array(0) },
    { kind: 'row', tableId: 300, key: new Uint8Array(0), value: Uint8Array.of(9, 8, 7) },
    { kind: 'row', tableId: 300, key: new Uint8Array(130).fill(2), value: new Uint8Array(200).fill(3) },
    { kind: 'table-end', tableId: 300, rows: 3, tombstones: 0 },
    { kind: 'sequence', sequenceId: 70000, name: 's', value: -(2n ** 63n) },
    { kind: 'table-drop', tableId: 2 ** 32 - 1 },
    { kind: 'segment-end' },
  ];

  it('split at every byte: each block size from 16 to 96 reads back the same records', async () => {
    const want = records.map(plain);
    for (let blockSize = 16; blockSize <= 96; blockSize++) {
      expect(await roundTrip(join(dir, 'split.heliodump'), records, blockSize), `blockSize ${blockSize}`).toEqual(want);
    }
  });

  it('a row larger than many blocks, compressed, reads back whole', async () => {
    const big = new Uint8Array(5 * 1024 * 1024 + 17);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) ^ (i >>> 9);
    const rs: DumpRecord[] = [
      { kind: 'table-begin', tableId: 1, mode: 'full', schema: 'public', name: 'blobs' },
      { kind: 'row', tableId: 1, key: Uint8Array.of(1), value: big },
      { kind: 'row', tableId: 1, key: Uint8Array.of(2), value: Uint8Array.of(5) },
      { kind: 'table-end', tableId: 1, rows: 2, tombstones: 0 },
      { kind: 'segment-end' },
    ];
    const path = join(dir, 'big.heliodump');
    const got = await roundTrip(path, rs, 64 * 1024, 'zstd');
    expect(got).toEqual(rs.map(plain));
    const report = await verifyDump(path);
    expect(report.blocks).toBeGreaterThan(80);
  });

  it('an empty segment (no tables) is one block holding SEGMENT_END', async () => {
    const path = join(dir, 'empty.heliodump');
    const w = await createDumpWriter(path, { codec: 'zstd' });
    w.beginSegment(FULL);
    const summary = await w.endSegment();
    await w.close();
    expect(summary.trailer).toMatchObject({ blockCount: 1, uncompressedSize: 1, totalRows: 0, tableCount: 0, tables: [] });
    expect(await readRecords(path)).toEqual([[{ kind: 'segment-end' }]]);
  });

  it('a table with no rows is a section of its own', async () => {
    const rs: DumpRecord[] = [
      { kind: 'table-begin', tableId: 4, mode: 'full', schema: 's', name: 'empty' },
      { kind: 'table-end', tableId: 4, rows: 0, tombstones: 0 },
      { kind: 'segment-end' },
    ];
    expect(await roundTrip(join(dir, 'e2.heliodump'), rs, 16)).toEqual(rs.map(plain));
  });
});

describe('streams', () => {
  it('a dump written to a Writable and read from a Readable round-trips, metadata unfinalized', async () => {
    const pipe = new PassThrough({ highWaterMark: 1024 });
    const chunks: Buffer[] = [];
    pipe.on('data', (c: Buffer) => chunks.push(c));
    await writeSampleToStream(pipe, { codec: 'lz4', blockSize: 512 });
    const source = new PassThrough();
    const segs: object[][] = [];
    const reading = (async () => {
      for await (const seg of readDump(source)) {
        expect(seg.metadata.finalized).toBe(false);
        const rs: object[] = [];
        for await (const r of seg.records()) rs.push(plain(r));
        segs.push(rs);
      }
    })();
    // Feed in odd-sized pieces so frames straddle chunk boundaries.
    const all = Buffer.concat(chunks);
    for (let at = 0; at < all.length; at += 777) source.write(all.subarray(at, at + 777));
    source.end();
    await reading;
    expect(segs).toEqual(sampleRecords().map((s) => s.map(plain)));
  });

  it('the writer waits for a slow Writable (back-pressure) and loses nothing', async () => {
    let bytes = 0;
    const slow = new Writable({
      highWaterMark: 16,
      write(chunk: Buffer, _e, cb) {
        bytes += chunk.length;
        setImmediate(cb);
      },
    });
    await writeSampleToStream(slow, { codec: 'gzip', blockSize: 128 });
    expect(bytes).toBeGreaterThan(5000);
  });
});

describe('writer rules', () => {
  it('refuses rows outside a table, tombstones outside delta sections, and a broken chain', async () => {
    const w = await createDumpWriter(new Writable({ write: (_c, _e, cb) => cb() }), { codec: 'none' });
    expect(() => w.beginSegment({ ...FULL, dumpType: 'incremental', baseLsn: 0n })).toThrow('the first segment of a dump must be a full dump');
    w.beginSegment(FULL);
    expect(() => w.writeRow(Uint8Array.of(1), Uint8Array.of(2))).toThrow('writeRow needs an open table section');
    w.beginTable({ tableId: 1, schema: 'a', name: 'b', mode: 'full' });
    expect(() => w.writeTombstone(Uint8Array.of(1))).toThrow('open delta-mode table section');
    w.endTable();
    expect(() => w.beginTable({ tableId: 1, schema: 'a', name: 'b', mode: 'full' })).toThrow('already has a section');
    await w.endSegment();
    expect(() => w.beginSegment({ ...FULL, dumpType: 'incremental', baseLsn: 2n, endLsn: 3n })).toThrow(
      "base LSN 2 does not continue the previous segment's end LSN 1",
    );
    await w.abort();
  });
});
