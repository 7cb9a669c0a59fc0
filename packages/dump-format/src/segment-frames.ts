import { decodeBlockHeader } from './block-header.js';
import type { ByteSource } from './byte-source.js';
import type { BlockCodec } from './codec-registry.js';
import { BLOCK_HEADER_SIZE, FOOTER_SIZE, FRAME_PREFIX_SIZE, TAG_BLOCK, TAG_TRAILER, TRAILER_BODY_MAX, TRAILER_FIXED_SIZE } from './constants.js';
import { crc32Combine } from './crc32-combine.js';
import { crcMismatch, DumpCorruptError, type DumpPlace, truncated } from './errors.js';
import { checkBodyCrc, checkFramePrefix, type Crc32, readTag, tagName } from './frame-prefix.js';
import { decodeSegmentMetadata, METADATA_BODY_MAX, METADATA_BODY_MIN } from './segment-metadata.js';
import { decodeFooter, decodeTrailer } from './segment-trailer.js';
import { TAG_SEGMENT } from './constants.js';
import type { SegmentMetadata, SegmentTrailer } from './types.js';

/** Reads exactly n bytes or reports the truncation at `place`. */
export async function readExact(src: ByteSource, n: number, place: DumpPlace): Promise<Uint8Array> {
  const bytes = await src.read(n);
  if (bytes.length < n) throw truncated(place, n, bytes.length);
  return bytes;
}

/** Reads the "SEGM" frame at the source's position (the segment's first byte). */
export async function readSegmentMetadata(src: ByteSource, index: number, crc32: Crc32): Promise<SegmentMetadata> {
  const offset = src.position;
  const place: DumpPlace = { segment: index, block: null, offset, part: 'metadata' };
  const prefix = await readExact(src, FRAME_PREFIX_SIZE, place);
  const length = checkFramePrefix(prefix, TAG_SEGMENT, METADATA_BODY_MIN, METADATA_BODY_MAX, place, crc32);
  const rest = await readExact(src, length + 4, { ...place, offset: offset + FRAME_PREFIX_SIZE });
  const body = rest.subarray(0, length);
  checkBodyCrc(body, new DataView(rest.buffer, rest.byteOffset + length, 4).getUint32(0, true), place, crc32);
  return decodeSegmentMetadata(body, place);
}

export interface VerifiedBlock {
  readonly number: number; // 1-based within the segment
  readonly offset: number; // file offset of its header
  readonly bytes: Uint8Array; // uncompressed, CRC32 checked; empty in scan mode
  readonly length: number; // uncompressed length
}

interface Pending {
  block: Omit<VerifiedBlock, 'bytes'>;
  crc: number;
  data: Promise<Uint8Array> | null;
  error: unknown;
}

/**
 * Walks the frames after a segment's metadata: blocks, then the trailer and footer. In read mode
 * each block's compressed CRC32 is checked as it is read, up to `readAhead` blocks decompress at
 * once, and blocks come out in order with their uncompressed CRC32 checked. In scan mode only
 * headers are read and compressed bytes are skipped. An error is held back until every block
 * before it has been handed out, so a reader yields all that is sound and nothing that is not.
 */
export class SegmentFrames {
  trailer: SegmentTrailer | null = null;
  private queue: Pending[] = [];
  private halted = false;
  private blockCount = 0;
  private uncompressed = 0;
  private compressed = 0;
  private payloadCrc = 0;
  private handedOut = 0;

  constructor(
    private readonly src: ByteSource,
    readonly meta: SegmentMetadata,
    readonly start: number,
    private readonly codec: BlockCodec | null, // null: scan mode
    private readonly crc32: Crc32,
    private readonly readAhead: number,
  ) {}

  /** The next block in order, or null once the trailer and footer have been read and checked. */
  async next(): Promise<VerifiedBlock | null> {
    while (!this.halted && this.queue.length < this.readAhead) await this.readFrame();
    const head = this.queue.shift();
    if (head === undefined) return null;
    if (head.error !== undefined) {
      this.queue = [];
      throw head.error;
    }
    const place: DumpPlace = { segment: this.meta.segmentIndex, block: head.block.number, offset: head.block.offset, part: 'block' };
    let bytes: Uint8Array = new Uint8Array(0);
    if (head.data !== null) {
      try {
        bytes = await head.data;
      } catch (error) {
        this.queue = [];
        const reason = error instanceof Error ? error.message : String(error);
        throw new DumpCorruptError(place, `${this.codec!.name} decompression failed: ${reason}`, { cause: error });
      }
      if (bytes.length !== head.block.length) {
        throw new DumpCorruptError(place, `decompressed to ${bytes.length} bytes, header says ${head.block.length}`);
      }
      const computed = this.crc32(bytes);
      if (computed !== head.crc) throw crcMismatch(place, 'of uncompressed block', head.crc, computed);
    }
    this.handedOut++;
    return { ...head.block, bytes };
  }

  private place(part: string, offset: number, block: number | null = null): DumpPlace {
    return { segment: this.meta.segmentIndex, block, offset, part };
  }

  private async readFrame(): Promise<void> {
    const offset = this.src.position;
    const number = this.blockCount + 1;
    try {
      const prefix = await readExact(this.src, FRAME_PREFIX_SIZE, this.place('block header or trailer', offset, number));
      const tag = readTag(prefix);
      if (tag === TAG_TRAILER) {
        await this.readTrailer(prefix, offset);
        this.halted = true;
        return;
      }
      if (tag !== TAG_BLOCK) {
        throw new DumpCorruptError(this.place('block', offset, number), `expected tag "BLCK" or "TRLR", found ${tagName(tag)}`);
      }
      const place = this.place('block', offset, number);
      const rest = await readExact(this.src, BLOCK_HEADER_SIZE - FRAME_PREFIX_SIZE, place);
      const headerBytes = new Uint8Array(BLOCK_HEADER_SIZE);
      headerBytes.set(prefix, 0);
      headerBytes.set(rest, FRAME_PREFIX_SIZE);
      const h = decodeBlockHeader(headerBytes, this.meta.blockSize, place, this.crc32);
      const dataPlace = { ...place, offset: offset + BLOCK_HEADER_SIZE };
      let data: Promise<Uint8Array> | null = null;
      if (this.codec === null) {
        const moved = await this.src.skip(h.compressedLength);
        if (moved < h.compressedLength) throw truncated(dataPlace, h.compressedLength, moved);
      } else {
        const compressed = await readExact(this.src, h.compressedLength, dataPlace);
        const computed = this.crc32(compressed);
        if (computed !== h.compressedCrc32) throw crcMismatch(place, 'of compressed block', h.compressedCrc32, computed);
        data = this.codec.decompress(compressed, h.uncompressedLength);
        data.catch(() => undefined); // observed when this block reaches the head of the queue
      }
      this.blockCount = number;
      this.uncompressed += h.uncompressedLength;
      this.compressed += h.compressedLength;
      this.payloadCrc = number === 1 ? h.uncompressedCrc32 : crc32Combine(this.payloadCrc, h.uncompressedCrc32, h.uncompressedLength);
      this.queue.push({ block: { number, offset, length: h.uncompressedLength }, crc: h.uncompressedCrc32, data, error: undefined });
    } catch (error) {
      this.halted = true;
      this.queue.push({ block: { number, offset, length: 0 }, crc: 0, data: null, error });
    }
  }

  private async readTrailer(prefix: Uint8Array, offset: number): Promise<void> {
    const place = this.place('trailer', offset);
    const length = checkFramePrefix(prefix, TAG_TRAILER, TRAILER_FIXED_SIZE, TRAILER_BODY_MAX, place, this.crc32);
    const rest = await readExact(this.src, length + 4, { ...place, offset: offset + FRAME_PREFIX_SIZE });
    const body = rest.subarray(0, length);
    checkBodyCrc(body, new DataView(rest.buffer, rest.byteOffset + length, 4).getUint32(0, true), place, this.crc32);
    const trailer = decodeTrailer(body, place);
    const footerOffset = this.src.position;
    const footerPlace = this.place('footer', footerOffset);
    const footer = await readExact(this.src, FOOTER_SIZE, footerPlace);
    const pointsBack = decodeFooter(footer, footerPlace, this.crc32);
    if (pointsBack !== length) {
      throw new DumpCorruptError(footerPlace, `trailer body length is ${pointsBack}, the trailer's own prefix says ${length}`);
    }
    this.checkTotals(trailer, place, this.src.position - this.start);
    this.trailer = trailer;
  }

  /** The trailer against what the walk counted, and the finalized metadata against the trailer. */
  private checkTotals(t: SegmentTrailer, place: DumpPlace, segmentLength: number): void {
    const differ = (field: string, stored: number, counted: number) => {
      if (stored !== counted) throw new DumpCorruptError(place, `${field} is ${stored}, the blocks add up to ${counted}`);
    };
    if (t.segmentOffset !== this.start) throw new DumpCorruptError(place, `segment_offset is ${t.segmentOffset}, the segment starts at ${this.start}`);
    if (this.blockCount === 0) throw new DumpCorruptError(place, 'the segment has no blocks (every payload holds at least SEGMENT_END)');
    differ('block_count', t.blockCount, this.blockCount);
    differ('uncompressed_size', t.uncompressedSize, this.uncompressed);
    differ('compressed_size', t.compressedSize, this.compressed);
    if (t.payloadCrc32 !== this.payloadCrc) throw crcMismatch(place, 'of whole payload', t.payloadCrc32, this.payloadCrc);
    if (t.tableCount !== t.tables.length) throw new DumpCorruptError(place, `table_count ${t.tableCount} but ${t.tables.length} entries`);
    const m = this.meta.totals;
    if (m !== null) {
      const mPlace: DumpPlace = { segment: this.meta.segmentIndex, block: null, offset: this.start, part: 'metadata' };
      const pairs: [string, number, number][] = [
        ['segment_length', m.segmentLength, segmentLength],
        ['total_rows', m.totalRows, t.totalRows],
        ['total_tombstones', m.totalTombstones, t.totalTombstones],
        ['uncompressed_size', m.uncompressedSize, t.uncompressedSize],
        ['compressed_size', m.compressedSize, t.compressedSize],
        ['block_count', m.blockCount, t.blockCount],
        ['table_count', m.tableCount, t.tableCount],
        ['payload_crc32', m.payloadCrc32, t.payloadCrc32],
      ];
      for (const [field, inMeta, actual] of pairs) {
        if (inMeta !== actual) throw new DumpCorruptError(mPlace, `finalized ${field} is ${inMeta}, the segment has ${actual}`);
      }
    }
  }
}
