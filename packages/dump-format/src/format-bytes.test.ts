import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBlockHeader } from './block-header.js';
import { encodeFileHeader } from './file-header.js';
import { createDumpWriter, DumpFormatError, readDump } from './index.js';
import { encodeSegmentMetadata } from './segment-metadata.js';
import { ascii, blockFrame, crc, fileHeader, metadataFrame, plain, trailerAndFooter, u32, type MetaFields } from './test-support/fixture-builder.js';
import { crc32 } from 'node:zlib';

const UUID = '6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab';
const CREATED = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'heliodump-bytes-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

// The payload of the reference dump, byte by byte (FORMAT.md section 6).
const PAYLOAD = [
  0x07, 0x02, ...ascii('{}'), //                     CATALOG, json_length 2, "{}"
  0x03, 0x07, 0x00, 0x06, ...ascii('public'), 0x01, ...ascii('t'), // TABLE_BEGIN id 7, mode full, schema, name
  0x01, 0x02, 0x01, 0x02, 0x01, 0x03, //             ROW key_length 2 [01 02], value_length 1 [03]
  0x04, 0x01, 0x00, //                               TABLE_END rows 1, tombstones 0
  0x08, //                                           SEGMENT_END
];

const META: MetaFields = {
  index: 1,
  dumpType: 0,
  codecId: 0,
  level: 0,
  blockSize: 1024,
  rowFormat: 3,
  createdMs: CREATED.getTime(),
  uuid: UUID,
  baseLsn: 0n,
  endLsn: 42n,
  tool: 'fixture',
};

function referenceFile(finalized: boolean): number[] {
  const block = blockFrame(PAYLOAD);
  const trailer = trailerAndFooter({
    index: 1,
    segmentOffset: 8,
    rows: 1,
    tombstones: 0,
    uncompressed: PAYLOAD.length,
    compressed: PAYLOAD.length,
    blocks: 1,
    payloadCrc: crc(PAYLOAD),
    tables: [{ id: 7, mode: 0, schema: 'public', name: 't', rows: 1, tombstones: 0 }],
  });
  const unpatched = metadataFrame(META);
  const segmentLength = unpatched.length + block.length + trailer.length;
  const meta = finalized
    ? metadataFrame({
        ...META,
        totals: { segmentLength, rows: 1, tombstones: 0, uncompressed: PAYLOAD.length, compressed: PAYLOAD.length, blocks: 1, tables: 1, payloadCrc: crc(PAYLOAD) },
      })
    : unpatched;
  return [...fileHeader(), ...meta, ...block, ...trailer];
}

async function writeReference(sink: string | Writable): Promise<void> {
  const w = await createDumpWriter(sink, { codec: 'none', blockSize: 1024 });
  w.beginSegment({ dumpType: 'full', databaseId: UUID, baseLsn: 0n, endLsn: 42n, rowFormatVersion: 3, createdAt: CREATED, toolVersion: 'fixture' });
  w.writeCatalog('{}');
  w.beginTable({ tableId: 7, schema: 'public', name: 't', mode: 'full' });
  w.writeRow(Uint8Array.of(1, 2), Uint8Array.of(3));
  w.endTable();
  await w.endSegment();
  await w.close();
}

describe('file header', () => {
  it('is the magic 89 48 44 42 then version 1 as u32 LE', () => {
    expect([...encodeFileHeader()]).toEqual([0x89, 0x48, 0x44, 0x42, 0x01, 0x00, 0x00, 0x00]);
  });
});

describe('segment metadata frame', () => {
  it('matches the hand-built bytes, unfinalized', () => {
    const bytes = encodeSegmentMetadata(
      {
        segmentIndex: 1, finalized: false, dumpType: 'full', codecId: 0, codecLevel: 0, blockSize: 1024, rowFormatVersion: 3,
        createdAt: CREATED, databaseId: UUID, baseLsn: 0n, endLsn: 42n, totals: null, toolVersion: 'fixture',
      },
      crc32,
    );
    expect([...bytes]).toEqual(metadataFrame(META));
    expect(bytes.length).toBe(12 + 118 + 7 + 4);
  });

  it('stores a negative codec level as i32', () => {
    const bytes = encodeSegmentMetadata(
      {
        segmentIndex: 2, finalized: false, dumpType: 'incremental', codecId: 1, codecLevel: -5, blockSize: 16, rowFormatVersion: 1,
        createdAt: CREATED, databaseId: UUID, baseLsn: 42n, endLsn: 50n, totals: null, toolVersion: '',
      },
      crc32,
    );
    expect([...bytes]).toEqual(metadataFrame({ ...META, index: 2, dumpType: 1, codecId: 1, level: -5, blockSize: 16, rowFormat: 1, baseLsn: 42n, endLsn: 50n, tool: '' }));
  });
});

describe('block header', () => {
  it('is tag, lengths, both CRC32s and its own CRC32', () => {
    const h = encodeBlockHeader({ uncompressedLength: 5, compressedLength: 3, uncompressedCrc32: 0x11223344, compressedCrc32: 0xaabbccdd }, crc32);
    const head = [...ascii('BLCK'), 5, 0, 0, 0, 3, 0, 0, 0, 0x44, 0x33, 0x22, 0x11, 0xdd, 0xcc, 0xbb, 0xaa];
    expect([...h]).toEqual([...head, ...u32(crc(head))]);
  });
});

describe('a whole dump', () => {
  it('written to a file equals the hand-built bytes with finalized metadata', async () => {
    const path = join(dir, 'ref.heliodump');
    await writeReference(path);
    expect([...(await readFile(path))]).toEqual(referenceFile(true));
  });

  it('written to a stream equals the hand-built bytes with unpatched metadata', async () => {
    const chunks: Buffer[] = [];
    const sink = new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()) });
    await writeReference(sink);
    expect([...Buffer.concat(chunks)]).toEqual(referenceFile(false));
  });

  it('hand-built bytes read back as the records they spell', async () => {
    for (const finalized of [true, false]) {
      const path = join(dir, `hand-${finalized}.heliodump`);
      await writeFile(path, Uint8Array.from(referenceFile(finalized)));
      const seen: object[] = [];
      for await (const seg of readDump(path)) {
        expect(seg.metadata).toMatchObject({ databaseId: UUID, endLsn: 42n, rowFormatVersion: 3, createdAt: CREATED, finalized });
        for await (const r of seg.records()) seen.push(plain(r));
      }
      expect(seen).toEqual([
        { kind: 'catalog', json: ascii('{}') },
        { kind: 'table-begin', tableId: 7, mode: 'full', schema: 'public', name: 't' },
        { kind: 'row', tableId: 7, key: [1, 2], value: [3] },
        { kind: 'table-end', tableId: 7, rows: 1, tombstones: 0 },
        { kind: 'segment-end' },
      ]);
    }
  });

  it('refuses a newer format version with the upgrade message', async () => {
    const bytes = referenceFile(true);
    bytes.splice(4, 4, ...u32(2));
    const path = join(dir, 'v2.heliodump');
    await writeFile(path, Uint8Array.from(bytes));
    const read = async () => {
      for await (const _ of readDump(path));
    };
    await expect(read()).rejects.toThrow(DumpFormatError);
    await expect(read()).rejects.toThrow('dump format version 2 is newer than this tool supports (1); upgrade heliosdb-nano');
  });

  it('refuses a file that is not a dump, naming the magic it found', async () => {
    const path = join(dir, 'not.heliodump');
    await writeFile(path, 'PK\x03\x04 this is a zip');
    const read = async () => {
      for await (const _ of readDump(path));
    };
    await expect(read()).rejects.toThrow('not a HeliosDB dump file (bad magic 0x504b0304');
  });
});
