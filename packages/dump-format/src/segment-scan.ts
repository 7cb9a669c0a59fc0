import type { FileSource } from './byte-source.js';
import { FILE_HEADER_SIZE, FOOTER_SIZE, FORMAT_VERSION, FRAME_PREFIX_SIZE, TAG_TRAILER } from './constants.js';
import { DumpCorruptError, type DumpPlace, DumpTruncatedError, truncated } from './errors.js';
import { checkFileHeader } from './file-header.js';
import { checkBodyCrc, checkFramePrefix, type Crc32 } from './frame-prefix.js';
import { decodeFooter, decodeTrailer } from './segment-trailer.js';
import { chainProblem } from './segment-rules.js';
import { readSegmentMetadata, SegmentFrames } from './segment-frames.js';
import type { SegmentMetadata, SegmentSummary } from './types.js';

export interface TornTail {
  /** The segment that is incomplete (1-based). */
  readonly segment: number;
  /** Where it starts: the length the file has without it. */
  readonly offset: number;
  /** Bytes from `offset` to the end of the file. */
  readonly bytes: number;
  /** What the reader found there. */
  readonly error: DumpCorruptError;
}

export interface ScanResult {
  readonly formatVersion: number;
  readonly fileSize: number;
  /** The complete segments, in file order. */
  readonly segments: readonly (SegmentSummary & { readonly blocks: number })[];
  readonly tornTail: TornTail | null;
}

/**
 * Walks every segment's metadata, block headers, trailer and footer without decompressing
 * anything (FORMAT.md section 8). The last segment counts as torn (an interrupted append) when the
 * file ends inside it, or when it fails a check, its metadata was never finalized and the file
 * does not end with a complete segment at or after it. Any other failure is damage and is thrown.
 */
export async function scanSegments(src: FileSource, crc32: Crc32): Promise<ScanResult> {
  checkFileHeader(await src.read(FILE_HEADER_SIZE));
  const segments: (SegmentSummary & { blocks: number })[] = [];
  let tornTail: TornTail | null = null;
  let previous: SegmentMetadata | null = null;
  while (src.position < src.size) {
    const offset = src.position;
    const index = segments.length + 1;
    let meta: SegmentMetadata | null = null;
    try {
      meta = await readSegmentMetadata(src, index, crc32);
      const problem = chainProblem(previous, meta);
      if (problem !== null) throw new DumpCorruptError({ segment: index, block: null, offset, part: 'metadata' }, problem);
      const frames = new SegmentFrames(src, meta, offset, null, crc32, 64);
      let blocks = 0;
      while ((await frames.next()) !== null) blocks++;
      const trailer = frames.trailer!;
      segments.push({ index, offset, length: src.position - offset, metadata: meta, trailer, blocks });
      previous = meta;
    } catch (error) {
      if (!(error instanceof DumpCorruptError)) throw error;
      const torn =
        error instanceof DumpTruncatedError ||
        ((meta === null || !meta.finalized) && !(await completeSegmentAtOrAfter(src, offset, crc32)));
      if (!torn) throw error;
      tornTail = { segment: index, offset, bytes: src.size - offset, error };
      break;
    }
  }
  if (segments.length === 0 && tornTail === null) {
    const error = truncated({ segment: 1, block: null, offset: FILE_HEADER_SIZE, part: 'metadata' }, 12, 0);
    tornTail = { segment: 1, offset: FILE_HEADER_SIZE, bytes: 0, error };
  }
  return { formatVersion: FORMAT_VERSION, fileSize: src.size, segments, tornTail };
}

/**
 * Whether the file ends with a valid footer and trailer of a segment starting at or after
 * `offset`: then the segment at `offset` was completed once, and its failure is damage, not an
 * interrupted append.
 */
async function completeSegmentAtOrAfter(src: FileSource, offset: number, crc32: Crc32): Promise<boolean> {
  try {
    const { at, body } = await lastTrailer(src, crc32);
    if (at < offset) return false;
    const segmentOffset = Number(new DataView(body.buffer, body.byteOffset, body.byteLength).getBigUint64(8, true));
    return segmentOffset >= offset;
  } catch (error) {
    if (error instanceof DumpCorruptError) return false;
    throw error;
  }
}

/** The trailer frame the file's last 12 bytes (a footer) point back to: its offset and CRC-checked body. */
async function lastTrailer(src: FileSource, crc32: Crc32): Promise<{ at: number; body: Uint8Array }> {
  const footerAt = src.size - FOOTER_SIZE;
  const place: DumpPlace = { segment: 0, block: null, offset: footerAt, part: 'footer' };
  if (footerAt < FILE_HEADER_SIZE) throw new DumpCorruptError(place, 'the file is too short to end with a segment footer');
  const length = decodeFooter(await src.readAt(footerAt, FOOTER_SIZE), place, crc32);
  const at = footerAt - (FRAME_PREFIX_SIZE + length + 4);
  if (at < FILE_HEADER_SIZE) throw new DumpCorruptError(place, `the footer's trailer length ${length} reaches before the first segment`);
  const bytes = await src.readAt(at, FRAME_PREFIX_SIZE + length + 4);
  checkFramePrefix(bytes.subarray(0, FRAME_PREFIX_SIZE), TAG_TRAILER, length, length, place, crc32);
  const body = bytes.subarray(FRAME_PREFIX_SIZE, FRAME_PREFIX_SIZE + length);
  checkBodyCrc(body, new DataView(bytes.buffer, bytes.byteOffset + FRAME_PREFIX_SIZE + length, 4).getUint32(0, true), place, crc32);
  return { at, body };
}

/** The error a reader raises on reaching a torn segment. */
export function tornTailError(t: TornTail): DumpTruncatedError {
  const intact = t.segment === 1 ? 'no segment before it is complete' : `segments 1..${t.segment - 1} are intact (read them with untilSegment: ${t.segment - 1}, or repair with dump --append)`;
  const place = { segment: t.error.segment, block: t.error.block, offset: t.error.offset, part: t.error.part };
  return new DumpTruncatedError(
    place,
    `segment ${t.segment} (from offset ${t.offset}, ${t.bytes} bytes) is incomplete, as an interrupted append leaves it: ${t.error.reason}; ${intact}`,
    { cause: t.error },
  );
}

/** The last complete segment, found from the file's end: what an append needs to continue the chain. */
export interface TailResult {
  /** Complete segments in the file (the last one's index). */
  readonly segmentCount: number;
  readonly last: SegmentSummary;
}

/**
 * Finds the last segment from the end of the file in a few small reads, without walking the
 * blocks: footer, trailer, and the metadata the trailer points back to, each CRC-checked, with
 * the metadata finalized and its totals equal to the trailer's. Returns null when any of that
 * fails (a torn or damaged tail, or a file that is not a dump): the caller then walks the whole
 * chain with scanSegments, which tells the two apart. A complete file ends with the footer of its
 * last segment, so a valid footer whose segment is finalized and agrees with it means no
 * interrupted append follows (FORMAT.md section 8).
 */
export async function scanTail(src: FileSource, crc32: Crc32): Promise<TailResult | null> {
  const position = src.position;
  try {
    checkFileHeader(await src.readAt(0, FILE_HEADER_SIZE));
    const { at: trailerAt, body } = await lastTrailer(src, crc32);
    const place: DumpPlace = { segment: 0, block: null, offset: trailerAt, part: 'trailer' };
    const index = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(0, true);
    if (index < 1) return null;
    const trailer = decodeTrailer(body, { ...place, segment: index });
    const offset = trailer.segmentOffset;
    if (offset < FILE_HEADER_SIZE || offset >= trailerAt) return null;
    src.position = offset;
    const meta = await readSegmentMetadata(src, index, crc32);
    const t = meta.totals;
    const segmentLength = src.size - offset;
    if (
      t === null ||
      t.segmentLength !== segmentLength ||
      t.totalRows !== trailer.totalRows ||
      t.totalTombstones !== trailer.totalTombstones ||
      t.uncompressedSize !== trailer.uncompressedSize ||
      t.compressedSize !== trailer.compressedSize ||
      t.blockCount !== trailer.blockCount ||
      t.tableCount !== trailer.tableCount ||
      t.payloadCrc32 !== trailer.payloadCrc32
    )
      return null;
    return { segmentCount: index, last: { index, offset, length: segmentLength, metadata: meta, trailer } };
  } catch (error) {
    if (error instanceof DumpCorruptError) return null;
    throw error;
  } finally {
    src.position = position;
  }
}
