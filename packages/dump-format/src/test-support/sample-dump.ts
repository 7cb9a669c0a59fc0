import type { Writable } from 'node:stream';
import { createDumpWriter, openDumpForAppend, type DumpRecord } from '../index.js';

export const SAMPLE_DB = '9d7e3c1a-5b2f-4e8d-a6c4-0f1e2d3c4b5a';
export const SAMPLE_CREATED = new Date(Date.UTC(2025, 5, 1, 12, 0, 0));

/** Deterministic bytes: half of each value repeats (compressible), half is LCG noise. */
export function sampleValue(table: number, i: number): Uint8Array {
  const n = 20 + ((i * 37 + table * 11) % 90);
  const out = new Uint8Array(n);
  let x = (i * 2654435761 + table * 97) >>> 0;
  for (let j = 0; j < n; j++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[j] = j < n / 2 ? 0x61 + (j % 7) : x >>> 24;
  }
  return out;
}
export const sampleKey = (i: number): Uint8Array => new TextEncoder().encode(`key-${String(i).padStart(6, '0')}`);

export interface SampleOptions {
  codec?: string;
  incrementalCodec?: string;
  blockSize?: number;
  rows?: number;
}

/** The records a sample dump holds, per segment, in order. */
export function sampleRecords(o: SampleOptions = {}): DumpRecord[][] {
  const rows = o.rows ?? 120;
  const full: DumpRecord[] = [{ kind: 'catalog', json: new TextEncoder().encode(JSON.stringify({ tables: ['public.users', 'sales.orders'], sequences: ['users_id_seq'] })) }];
  for (const [tableId, schema, name, count] of [[1, 'public', 'users', rows], [2, 'sales', 'orders', Math.floor(rows / 3)]] as const) {
    full.push({ kind: 'table-begin', tableId, mode: 'full', schema, name });
    for (let i = 0; i < count; i++) full.push({ kind: 'row', tableId, key: sampleKey(i), value: sampleValue(tableId, i) });
    full.push({ kind: 'table-end', tableId, rows: count, tombstones: 0 });
  }
  full.push({ kind: 'sequence', sequenceId: 5, name: 'users_id_seq', value: BigInt(rows) });
  full.push({ kind: 'segment-end' });
  const incremental: DumpRecord[] = [
    { kind: 'catalog', json: new TextEncoder().encode('{"changed":["public.users"]}') },
    { kind: 'table-begin', tableId: 1, mode: 'delta', schema: 'public', name: 'users' },
  ];
  for (let i = 0; i < 10; i++) incremental.push({ kind: 'row', tableId: 1, key: sampleKey(rows + i), value: sampleValue(9, i) });
  incremental.push({ kind: 'tombstone', tableId: 1, key: sampleKey(3) }, { kind: 'tombstone', tableId: 1, key: sampleKey(4) });
  incremental.push({ kind: 'table-end', tableId: 1, rows: 10, tombstones: 2 });
  incremental.push({ kind: 'table-drop', tableId: 2 });
  incremental.push({ kind: 'sequence', sequenceId: 5, name: 'users_id_seq', value: BigInt(rows + 10) });
  incremental.push({ kind: 'segment-end' });
  return [full, incremental];
}

/** Feeds records (as sampleRecords spells them) to a writer. */
export async function writeRecords(w: Awaited<ReturnType<typeof createDumpWriter>>, records: readonly DumpRecord[]): Promise<void> {
  for (const r of records) {
    let p: void | Promise<void> = undefined;
    switch (r.kind) {
      case 'catalog': p = w.writeCatalog(r.json); break;
      case 'table-begin': p = w.beginTable(r); break;
      case 'row': p = w.writeRow(r.key, r.value); break;
      case 'tombstone': p = w.writeTombstone(r.key); break;
      case 'table-end': p = w.endTable(); break;
      case 'table-drop': p = w.dropTable(r.tableId); break;
      case 'sequence': p = w.writeSequence(r); break;
      case 'segment-end': break;
    }
    if (p) await p;
  }
}

/** A two-segment sample: a full dump, then an incremental appended in place. */
export async function writeSample(path: string, o: SampleOptions = {}): Promise<void> {
  const [full, incremental] = sampleRecords(o);
  const w = await createDumpWriter(path, { codec: o.codec ?? 'zstd', blockSize: o.blockSize ?? 256 });
  w.beginSegment({ dumpType: 'full', databaseId: SAMPLE_DB, baseLsn: 0n, endLsn: 100n, rowFormatVersion: 1, createdAt: SAMPLE_CREATED, toolVersion: 'sample' });
  await writeRecords(w, full!);
  await w.endSegment();
  await w.close();
  const a = await openDumpForAppend(path, { codec: o.incrementalCodec ?? o.codec ?? 'zstd', blockSize: o.blockSize ?? 256 });
  a.writer.beginSegment({ dumpType: 'incremental', databaseId: SAMPLE_DB, baseLsn: 100n, endLsn: 140n, rowFormatVersion: 1, createdAt: SAMPLE_CREATED, toolVersion: 'sample' });
  await writeRecords(a.writer, incremental!);
  await a.writer.endSegment();
  await a.writer.close();
}

/** The same two segments written in one go to a stream (metadata never finalized). */
export async function writeSampleToStream(sink: Writable, o: SampleOptions = {}): Promise<void> {
  const [full, incremental] = sampleRecords(o);
  const w = await createDumpWriter(sink, { codec: o.codec ?? 'zstd', blockSize: o.blockSize ?? 256 });
  w.beginSegment({ dumpType: 'full', databaseId: SAMPLE_DB, baseLsn: 0n, endLsn: 100n, rowFormatVersion: 1, createdAt: SAMPLE_CREATED, toolVersion: 'sample' });
  await writeRecords(w, full!);
  await w.endSegment();
  w.beginSegment({ dumpType: 'incremental', databaseId: SAMPLE_DB, baseLsn: 100n, endLsn: 140n, rowFormatVersion: 1, createdAt: SAMPLE_CREATED, toolVersion: 'sample' });
  await writeRecords(w, incremental!);
  await w.endSegment();
  await w.close();
}
