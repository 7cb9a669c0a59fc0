// The format's structures as JS values. Field names follow FORMAT.md; comments give the stored width.

export type DumpType = 'full' | 'incremental'; // u8: 0 full, 1 incremental
/** full: a table's whole content in a full dump; replace: drop the table's rows, then load these
 *  (an incremental where the table was created or truncated); delta: upserts and tombstones. */
export type TableMode = 'full' | 'replace' | 'delta'; // u8: 0, 1, 2

/** What the caller passes to `beginSegment`. */
export interface SegmentStart {
  readonly dumpType: DumpType;
  readonly databaseId: string; // 16-byte UUID, given as text
  readonly baseLsn: bigint; // u64; 0 for a full dump
  readonly endLsn: bigint; // u64; the LSN the segment's content is consistent at
  readonly rowFormatVersion: number; // u32; storage's row/key encoding version
  readonly createdAt?: Date; // u64 ms since the Unix epoch; default now
  readonly toolVersion?: string; // u16-length UTF-8, at most 255 bytes
}

/** Figures known only when a segment ends: always in the trailer, patched into the metadata of files. */
export interface SegmentTotals {
  readonly totalRows: number; // u64: ROW records
  readonly totalTombstones: number; // u64: TOMBSTONE records
  readonly uncompressedSize: number; // u64: payload bytes
  readonly compressedSize: number; // u64: sum of the blocks' compressed lengths
  readonly blockCount: number; // u32
  readonly tableCount: number; // u32: TABLE_BEGIN records
  readonly payloadCrc32: number; // u32: CRC32 of the whole uncompressed payload
}

/** The decoded segment metadata frame ("SEGM"). */
export interface SegmentMetadata {
  readonly segmentIndex: number; // u32, 1-based position in the file
  readonly finalized: boolean; // flags bit 0
  readonly dumpType: DumpType;
  readonly codecId: number; // u8
  readonly codecLevel: number; // i32
  readonly blockSize: number; // u32: no block holds more uncompressed bytes
  readonly rowFormatVersion: number;
  readonly createdAt: Date;
  readonly databaseId: string;
  readonly baseLsn: bigint;
  readonly endLsn: bigint;
  /** Present when finalized: the totals plus the segment's length in bytes. */
  readonly totals: (SegmentTotals & { readonly segmentLength: number }) | null;
  readonly toolVersion: string;
}

export interface TableSummary {
  readonly tableId: number; // u32
  readonly mode: TableMode; // u8
  readonly schema: string; // u16-length UTF-8
  readonly name: string; // u16-length UTF-8
  readonly rows: number; // u64
  readonly tombstones: number; // u64
}

/** The decoded segment trailer ("TRLR"). */
export interface SegmentTrailer extends SegmentTotals {
  readonly segmentIndex: number; // u32
  readonly segmentOffset: number; // u64: file offset of the segment's "SEGM" tag
  readonly tables: readonly TableSummary[];
}

/** One block header ("BLCK"). */
export interface BlockHeader {
  readonly uncompressedLength: number; // u32
  readonly compressedLength: number; // u32
  readonly uncompressedCrc32: number; // u32
  readonly compressedCrc32: number; // u32
}

/** What `endSegment` returns and `inspectDump` lists. */
export interface SegmentSummary {
  readonly index: number;
  readonly offset: number; // file offset of the segment
  readonly length: number; // bytes, metadata to footer
  readonly metadata: SegmentMetadata;
  readonly trailer: SegmentTrailer;
}

export type DumpRecord =
  | { readonly kind: 'catalog'; readonly json: Uint8Array }
  | { readonly kind: 'table-begin'; readonly tableId: number; readonly mode: TableMode; readonly schema: string; readonly name: string }
  | { readonly kind: 'row'; readonly tableId: number; readonly key: Uint8Array; readonly value: Uint8Array }
  /**
   * Consecutive ROW records of one table as byte spans of one buffer (only with readDump's `packRows`):
   * row i's key is bytes[spans[4i], spans[4i+1]) and its value bytes[spans[4i+2], spans[4i+3]). The
   * bytes are valid until the consumer asks for the next batch.
   */
  | { readonly kind: 'rows'; readonly tableId: number; readonly bytes: Uint8Array; readonly spans: Int32Array; readonly count: number }
  | { readonly kind: 'tombstone'; readonly tableId: number; readonly key: Uint8Array }
  | { readonly kind: 'table-end'; readonly tableId: number; readonly rows: number; readonly tombstones: number }
  | { readonly kind: 'table-drop'; readonly tableId: number }
  | { readonly kind: 'sequence'; readonly sequenceId: number; readonly name: string; readonly value: bigint }
  | { readonly kind: 'segment-end' };

export const DUMP_TYPES: readonly DumpType[] = ['full', 'incremental'];
export const TABLE_MODES: readonly TableMode[] = ['full', 'replace', 'delta'];
