import { ByteReader } from './byte-reader.js';
import { ByteWriter, encodeUtf8 } from './byte-writer.js';
import { FLAG_FINALIZED, METADATA_FIXED_SIZE, TAG_SEGMENT, TOOL_VERSION_MAX } from './constants.js';
import { badField, DumpCorruptError, type DumpPlace } from './errors.js';
import { type Crc32, encodeFramePrefix } from './frame-prefix.js';
import { DUMP_TYPES, type SegmentMetadata, type SegmentTotals } from './types.js';
import { uuidFromBytes, uuidToBytes } from './uuid.js';
import { MAX_CODEC_ID } from './codec-registry.js';

// Segment metadata frame: prefix ("SEGM", body length, CRC32), body, CRC32 of the body.
// Body offsets (FORMAT.md section 4):
//   0 segment_index u32    4 flags u32         8 dump_type u8      9 codec_id u8   10 reserved u16
//  12 codec_level i32     16 block_size u32   20 row_format_version u32           24 created_at_ms u64
//  32 database_id [16]    48 base_lsn u64     56 end_lsn u64
//  -- totals: zero unless flags bit 0 (FINALIZED) --
//  64 segment_length u64  72 total_rows u64   80 total_tombstones u64             88 uncompressed_size u64
//  96 compressed_size u64 104 block_count u32 108 table_count u32                112 payload_crc32 u32
// 116 tool_version_length u16                 118 tool_version UTF-8

export type MetadataTotals = SegmentTotals & { readonly segmentLength: number };

export function encodeSegmentMetadata(meta: SegmentMetadata, crc32: Crc32): Uint8Array {
  const tool = encodeUtf8(meta.toolVersion);
  const t = meta.totals;
  const body = new ByteWriter(METADATA_FIXED_SIZE + tool.length)
    .u32(meta.segmentIndex)
    .u32(t ? FLAG_FINALIZED : 0)
    .u8(DUMP_TYPES.indexOf(meta.dumpType))
    .u8(meta.codecId)
    .u16(0)
    .i32(meta.codecLevel)
    .u32(meta.blockSize)
    .u32(meta.rowFormatVersion)
    .u64(meta.createdAt.getTime())
    .bytes(uuidToBytes(meta.databaseId))
    .u64(meta.baseLsn)
    .u64(meta.endLsn)
    .u64(t?.segmentLength ?? 0)
    .u64(t?.totalRows ?? 0)
    .u64(t?.totalTombstones ?? 0)
    .u64(t?.uncompressedSize ?? 0)
    .u64(t?.compressedSize ?? 0)
    .u32(t?.blockCount ?? 0)
    .u32(t?.tableCount ?? 0)
    .u32(t?.payloadCrc32 ?? 0)
    .u16(tool.length)
    .bytes(tool)
    .finish();
  return frame(TAG_SEGMENT, body, crc32);
}

export function frame(tag: number, body: Uint8Array, crc32: Crc32): Uint8Array {
  const out = new Uint8Array(12 + body.length + 4);
  out.set(encodeFramePrefix(tag, body.length, crc32), 0);
  out.set(body, 12);
  new DataView(out.buffer).setUint32(12 + body.length, crc32(body), true);
  return out;
}

/** Decodes a body that passed its CRC32; checks every field's range. */
export function decodeSegmentMetadata(body: Uint8Array, place: DumpPlace): SegmentMetadata {
  const fail = (reason: string) => new DumpCorruptError(place, reason);
  const r = new ByteReader(body, fail);
  const segmentIndex = r.u32('segment_index');
  if (segmentIndex !== place.segment) throw badField(place, 'segment_index', segmentIndex, String(place.segment));
  const flags = r.u32('flags');
  if ((flags & ~FLAG_FINALIZED) !== 0) throw badField(place, 'flags', flags, 'only bit 0 (FINALIZED) set');
  const dumpTypeByte = r.u8('dump_type');
  const dumpType = DUMP_TYPES[dumpTypeByte];
  if (dumpType === undefined) throw badField(place, 'dump_type', dumpTypeByte, '0 (full) or 1 (incremental)');
  const codecId = r.u8('codec_id');
  if (codecId > MAX_CODEC_ID) throw badField(place, 'codec_id', codecId, `0..${MAX_CODEC_ID}`);
  const reserved = r.u16('reserved');
  if (reserved !== 0) throw badField(place, 'reserved', reserved, '0');
  const codecLevel = r.i32('codec_level');
  const blockSize = r.u32('block_size');
  if (blockSize === 0) throw badField(place, 'block_size', 0, 'at least 1');
  const rowFormatVersion = r.u32('row_format_version');
  const createdAt = new Date(r.u64n('created_at'));
  const databaseId = uuidFromBytes(r.bytesOf(16, 'database_id'));
  const baseLsn = r.u64('base_lsn');
  const endLsn = r.u64('end_lsn');
  if (endLsn < baseLsn) throw badField(place, 'end_lsn', endLsn, `at least base_lsn ${baseLsn}`);
  if (dumpType === 'full' && baseLsn !== 0n) throw badField(place, 'base_lsn of a full dump', baseLsn, '0');
  const totals: MetadataTotals = {
    segmentLength: r.u64n('segment_length'),
    totalRows: r.u64n('total_rows'),
    totalTombstones: r.u64n('total_tombstones'),
    uncompressedSize: r.u64n('uncompressed_size'),
    compressedSize: r.u64n('compressed_size'),
    blockCount: r.u32('block_count'),
    tableCount: r.u32('table_count'),
    payloadCrc32: r.u32('payload_crc32'),
  };
  const finalized = (flags & FLAG_FINALIZED) !== 0;
  if (!finalized && Object.values(totals).some((v) => v !== 0)) {
    throw fail('totals are set but the FINALIZED flag is not');
  }
  const toolLength = r.u16('tool_version_length');
  if (toolLength > TOOL_VERSION_MAX) throw badField(place, 'tool_version_length', toolLength, `at most ${TOOL_VERSION_MAX}`);
  const toolVersion = r.utf8(toolLength, 'tool_version');
  if (r.remaining !== 0) throw fail(`${r.remaining} bytes follow the tool version in a ${body.length}-byte body`);
  return {
    segmentIndex,
    finalized,
    dumpType,
    codecId,
    codecLevel,
    blockSize,
    rowFormatVersion,
    createdAt,
    databaseId,
    baseLsn,
    endLsn,
    totals: finalized ? totals : null,
    toolVersion,
  };
}

export const METADATA_BODY_MIN = METADATA_FIXED_SIZE;
export const METADATA_BODY_MAX = METADATA_FIXED_SIZE + TOOL_VERSION_MAX;
