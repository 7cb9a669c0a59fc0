import { ByteReader } from './byte-reader.js';
import { ByteWriter, encodeUtf8 } from './byte-writer.js';
import { FOOTER_SIZE, NAME_MAX, TAG_FOOTER, TAG_TRAILER, TABLE_ENTRY_FIXED_SIZE, TRAILER_FIXED_SIZE } from './constants.js';
import { badField, crcMismatch, DumpCorruptError, type DumpPlace } from './errors.js';
import { type Crc32, tagName } from './frame-prefix.js';
import { frame } from './segment-metadata.js';
import { TABLE_MODES, type SegmentTrailer, type TableSummary } from './types.js';

// Trailer frame: prefix ("TRLR", body length, CRC32), body, CRC32 of the body. Body offsets:
//   0 segment_index u32   4 reserved u32 (0)   8 segment_offset u64   16 total_rows u64
//  24 total_tombstones u64   32 uncompressed_size u64   40 compressed_size u64
//  48 block_count u32   52 table_count u32   56 payload_crc32 u32
//  60 table_count entries: table_id u32, mode u8, reserved u8 (0), schema_length u16,
//     name_length u16, rows u64, tombstones u64, schema UTF-8, name UTF-8
// Footer, the last 12 bytes of a segment: trailer body length u32, tag "SEND", CRC32 of those 8.

export function encodeTrailer(t: SegmentTrailer, crc32: Crc32): Uint8Array {
  const w = new ByteWriter(TRAILER_FIXED_SIZE + t.tables.length * (TABLE_ENTRY_FIXED_SIZE + 32))
    .u32(t.segmentIndex)
    .u32(0)
    .u64(t.segmentOffset)
    .u64(t.totalRows)
    .u64(t.totalTombstones)
    .u64(t.uncompressedSize)
    .u64(t.compressedSize)
    .u32(t.blockCount)
    .u32(t.tableCount)
    .u32(t.payloadCrc32);
  for (const table of t.tables) {
    const schema = encodeUtf8(table.schema);
    const name = encodeUtf8(table.name);
    w.u32(table.tableId).u8(TABLE_MODES.indexOf(table.mode)).u8(0).u16(schema.length).u16(name.length);
    w.u64(table.rows).u64(table.tombstones).bytes(schema).bytes(name);
  }
  const body = w.finish();
  const out = new Uint8Array(12 + body.length + 4 + FOOTER_SIZE);
  out.set(frame(TAG_TRAILER, body, crc32), 0);
  out.set(encodeFooter(body.length, crc32), 16 + body.length);
  return out;
}

export function encodeFooter(trailerBodyLength: number, crc32: Crc32): Uint8Array {
  const out = new Uint8Array(FOOTER_SIZE);
  const view = new DataView(out.buffer);
  view.setUint32(0, trailerBodyLength, true);
  view.setUint32(4, TAG_FOOTER, true);
  view.setUint32(8, crc32(out.subarray(0, 8)), true);
  return out;
}

/** Returns the trailer body length the footer points back to. */
export function decodeFooter(bytes: Uint8Array, place: DumpPlace, crc32: Crc32): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, FOOTER_SIZE);
  const tag = view.getUint32(4, true);
  if (tag !== TAG_FOOTER) throw new DumpCorruptError(place, `expected tag "SEND", found ${tagName(tag)}`);
  const stored = view.getUint32(8, true);
  const computed = crc32(bytes.subarray(0, 8));
  if (stored !== computed) throw crcMismatch(place, 'in segment footer', stored, computed);
  return view.getUint32(0, true);
}

export function decodeTrailer(body: Uint8Array, place: DumpPlace): SegmentTrailer {
  const fail = (reason: string) => new DumpCorruptError(place, reason);
  const r = new ByteReader(body, fail);
  const segmentIndex = r.u32('segment_index');
  if (segmentIndex !== place.segment) throw badField(place, 'segment_index', segmentIndex, String(place.segment));
  const reserved = r.u32('reserved');
  if (reserved !== 0) throw badField(place, 'reserved', reserved, '0');
  const segmentOffset = r.u64n('segment_offset');
  const totalRows = r.u64n('total_rows');
  const totalTombstones = r.u64n('total_tombstones');
  const uncompressedSize = r.u64n('uncompressed_size');
  const compressedSize = r.u64n('compressed_size');
  const blockCount = r.u32('block_count');
  const tableCount = r.u32('table_count');
  const payloadCrc32 = r.u32('payload_crc32');
  const tables: TableSummary[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < tableCount; i++) {
    const tableId = r.u32('table_id');
    if (seen.has(tableId)) throw fail(`table ${tableId} is listed twice`);
    seen.add(tableId);
    const modeByte = r.u8('mode');
    const mode = TABLE_MODES[modeByte];
    if (mode === undefined) throw badField(place, `mode of table ${tableId}`, modeByte, '0, 1 or 2');
    if (r.u8('reserved') !== 0) throw fail(`reserved byte of table ${tableId} is not 0`);
    const schemaLength = r.u16('schema_length');
    const nameLength = r.u16('name_length');
    if (schemaLength > NAME_MAX || nameLength > NAME_MAX) throw fail(`name of table ${tableId} exceeds ${NAME_MAX} bytes`);
    const rows = r.u64n('rows');
    const tombstones = r.u64n('tombstones');
    const schema = r.utf8(schemaLength, 'schema');
    const name = r.utf8(nameLength, 'name');
    tables.push({ tableId, mode, schema, name, rows, tombstones });
  }
  if (r.remaining !== 0) throw fail(`${r.remaining} bytes follow the last table entry`);
  const sumRows = tables.reduce((s, t) => s + t.rows, 0);
  const sumTombstones = tables.reduce((s, t) => s + t.tombstones, 0);
  if (sumRows !== totalRows) throw fail(`table rows add up to ${sumRows}, total_rows is ${totalRows}`);
  if (sumTombstones !== totalTombstones) throw fail(`table tombstones add up to ${sumTombstones}, total_tombstones is ${totalTombstones}`);
  return {
    segmentIndex,
    segmentOffset,
    totalRows,
    totalTombstones,
    uncompressedSize,
    compressedSize,
    blockCount,
    tableCount,
    payloadCrc32,
    tables,
  };
}

