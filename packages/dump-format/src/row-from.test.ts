import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createDumpWriter, readDump } from './index.js';

const UUID = '0f0e0d0c-0b0a-4908-8706-050403020100';

async function roundTrip(blockSize: number, rows: [Uint8Array, number, number, Uint8Array, number, number][]): Promise<[string, string][]> {
  const chunks: Uint8Array[] = [];
  const sink = new Writable({ write: (c: Uint8Array, _e, cb) => (chunks.push(c), cb()) });
  const w = await createDumpWriter(sink, { codec: 'none', blockSize });
  w.beginSegment({ dumpType: 'full', databaseId: UUID, baseLsn: 0n, endLsn: 1n, rowFormatVersion: 1 });
  w.beginTable({ tableId: 1, schema: 'public', name: 't', mode: 'full' });
  for (const r of rows) await w.writeRowFrom(...r);
  w.endTable();
  await w.endSegment();
  await w.close();
  const got: [string, string][] = [];
  for await (const s of readDump(chunks)) for await (const r of s.records()) if (r.kind === 'row') got.push([Buffer.from(r.key).toString('hex'), Buffer.from(r.value).toString('hex')]);
  return got;
}

describe('writeRowFrom: rows from ranges of shared buffers', () => {
  // A shared read buffer as lmdb-js hands out: far more bytes than its own `length` property says.
  const shared = Buffer.alloc(4096);
  for (let i = 0; i < shared.length; i++) shared[i] = (i * 7 + 3) & 0xff;
  Object.defineProperty(shared, 'length', { value: 10, writable: true, configurable: true });
  const keys = new Uint8Array(300).map((_, i) => 255 - (i & 0xff));

  it.each([16, 37, 4096])('writes exactly the ranges, short and long, across blocks of %i bytes', async (blockSize) => {
    const cases: [number, number, number, number][] = [
      [0, 1, 0, 0], // 1-byte key, empty value
      [5, 20, 100, 163], // short key, 63-byte value (loop copy)
      [5, 20, 100, 164], // 64-byte value (view copy)
      [0, 200, 1000, 3000], // 200-byte key (2-byte varint), 2000-byte value past `length`
      [10, 11, 4000, 4096], // to the end of the buffer
    ];
    const got = await roundTrip(blockSize, cases.map(([ks, ke, vs, ve]) => [keys, ks, ke, shared, vs, ve]));
    const hex = (b: Uint8Array, s: number, e: number): string => Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('hex');
    expect(got).toEqual(cases.map(([ks, ke, vs, ve]) => [hex(keys, ks, ke), hex(shared, vs, ve)]));
  });
});
