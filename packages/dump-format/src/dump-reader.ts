import type { Readable } from 'node:stream';
import { type ByteSource, concat, FileSource, StreamSource } from './byte-source.js';
import type { BlockCodec, CodecRegistry } from './codec-registry.js';
import { FILE_HEADER_SIZE, FRAME_PREFIX_SIZE } from './constants.js';
import { resolveCodecs } from './default-codecs.js';
import { DumpCorruptError, DumpFormatError, type DumpPlace } from './errors.js';
import { checkFileHeader } from './file-header.js';
import { ROW_SPAN, RecordDecoder, RecordError } from './record-decoder.js';
import { type ScanResult, scanSegments, tornTailError } from './segment-scan.js';
import { chainProblem } from './segment-rules.js';
import { readSegmentMetadata, SegmentFrames, type VerifiedBlock } from './segment-frames.js';
import type { DumpRecord, SegmentMetadata, SegmentTrailer } from './types.js';

export interface ReadDumpOptions {
  readonly codecs?: CodecRegistry; // default: @heliosdb/codecs
  readonly untilSegment?: number; // stop after this 1-based segment
  readonly readAhead?: number; // blocks decompressing ahead of the consumer; default 4
  /** For a file whose last segment is torn (an interrupted append): stop quietly after the last
   *  complete segment instead of throwing DumpTruncatedError there. */
  readonly allowTornTail?: boolean;
  /**
   * Deliver consecutive rows of a table as one `rows` record of byte spans (types.ts) instead of a
   * `row` record per row: no object per row, for consumers that copy the bytes right away (restore).
   */
  readonly packRows?: boolean;
}

export interface DumpSegment {
  readonly index: number; // 1-based
  readonly offset: number; // file offset of its metadata frame
  readonly metadata: SegmentMetadata;
  /** The codec name the segment's blocks use. */
  readonly codec: string;
  /** Records in payload order, each from blocks whose CRC32s checked out. Once per segment. */
  records(): AsyncGenerator<DumpRecord, void, undefined>;
  /** The same records grouped by the block they end in: fewer awaits on the hot path. */
  batches(): AsyncGenerator<DumpRecord[], void, undefined>;
  /** Available once the records are consumed (the trailer follows the payload). */
  readonly trailer: SegmentTrailer | null;
}

/**
 * Reads a .heliodump from a path or a byte stream, segment by segment, checking every CRC32 as it
 * goes. A segment's records end with its trailer's totals checked; only then is the segment whole.
 * For a path the segment chain is scanned first (headers only), so a torn last segment is known
 * before any of its records are read.
 *
 *   for await (const segment of readDump('backup.heliodump')) {
 *     for await (const record of segment.records()) apply(segment.metadata, record);
 *   }
 */
export async function* readDump(
  source: string | Readable | AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: ReadDumpOptions = {},
): AsyncGenerator<DumpSegment, void, undefined> {
  const codecs = await resolveCodecs(options.codecs);
  const readAhead = options.readAhead ?? 4;
  const until = options.untilSegment ?? Infinity;
  let scan: ScanResult | null = null;
  let src: ByteSource;
  if (typeof source === 'string') {
    const file = await FileSource.open(source);
    try {
      scan = await scanSegments(file, codecs.crc32);
    } catch (error) {
      await file.close();
      throw error;
    }
    file.position = 0;
    src = file;
  } else {
    src = new StreamSource(source);
  }
  try {
    checkFileHeader(await src.read(FILE_HEADER_SIZE));
    let previous: SegmentMetadata | null = null;
    for (let index = 1; index <= until; index++) {
      if (scan !== null) {
        if (scan.tornTail?.segment === index) {
          if (options.allowTornTail && index > 1) return;
          throw tornTailError(scan.tornTail);
        }
        if (index > scan.segments.length) return;
      }
      const offset = src.position;
      if (src instanceof StreamSource) {
        const probe = await src.read(FRAME_PREFIX_SIZE);
        if (probe.length === 0 && index > 1) return;
        src.unread(probe);
      }
      const meta = await readSegmentMetadata(src, index, codecs.crc32);
      const problem = chainProblem(previous, meta);
      if (problem !== null) throw new DumpCorruptError({ segment: index, block: null, offset, part: 'metadata' }, problem);
      const codec = codecFor(codecs, meta, offset);
      const frames = new SegmentFrames(src, meta, offset, codec, codecs.crc32, readAhead);
      const segment = new SegmentReader(index, offset, meta, codec.name, frames, options.packRows === true);
      yield segment;
      await segment.drain();
      previous = meta;
    }
  } finally {
    await src.close();
  }
}

function codecFor(codecs: CodecRegistry, meta: SegmentMetadata, offset: number): BlockCodec {
  try {
    return codecs.codecById(meta.codecId);
  } catch (error) {
    throw new DumpFormatError(
      'ERR_DUMP_VERSION',
      `heliodump: segment ${meta.segmentIndex} at offset ${offset} uses codec id ${meta.codecId}, which the codec registry does not provide`,
      { cause: error },
    );
  }
}

class SegmentReader implements DumpSegment {
  trailer: SegmentTrailer | null = null;
  private started = false;
  private failure: unknown = undefined;

  constructor(
    readonly index: number,
    readonly offset: number,
    readonly metadata: SegmentMetadata,
    readonly codec: string,
    private readonly frames: SegmentFrames,
    private readonly packRows = false,
  ) {}

  async *records(): AsyncGenerator<DumpRecord, void, undefined> {
    for await (const batch of this.batches()) yield* batch;
  }

  batches(): AsyncGenerator<DumpRecord[], void, undefined> {
    if (this.started) throw new Error(`heliodump reader: the records of segment ${this.index} can be read once`);
    this.started = true;
    return this.decode();
  }

  /** Reads whatever the consumer left, so the next segment starts at the right place. */
  async drain(): Promise<void> {
    if (!this.started) {
      for await (const _ of this.batches());
      return;
    }
    if (this.failure !== undefined) throw this.failure;
    if (this.trailer === null) {
      // The consumer stopped early: check the remaining blocks and the trailer, skip the records.
      while ((await this.frames.next()) !== null);
      if (this.frames.trailer === null) throw new DumpCorruptError(this.place(null), 'the segment ends without a trailer');
      this.trailer = this.frames.trailer;
    }
  }

  private async *decode(): AsyncGenerator<DumpRecord[], void, undefined> {
    try {
      yield* this.decodeBlocks();
    } catch (error) {
      this.failure = error;
      throw error;
    }
  }

  private async *decodeBlocks(): AsyncGenerator<DumpRecord[], void, undefined> {
    const decoder = new RecordDecoder(this.metadata.dumpType);
    decoder.packRows = this.packRows;
    // The `rows` record rows are being added to: the batch's last record, over the same buffer and table.
    let run: RowsRecord | null = null;
    const add = (batch: DumpRecord[], bytes: Uint8Array): void => {
      if (decoder.record !== ROW_SPAN) {
        batch.push(decoder.record!);
        run = null;
        return;
      }
      if (run === null || run.bytes !== bytes || run.tableId !== decoder.rowTable || batch[batch.length - 1] !== run) {
        run = { kind: 'rows', tableId: decoder.rowTable, bytes, spans: new Int32Array(1024), count: 0 };
        batch.push(run);
      }
      const i = run.count * 4;
      if (i === run.spans.length) {
        const grown = new Int32Array(run.spans.length * 2);
        grown.set(run.spans);
        run.spans = grown;
      }
      run.spans[i] = decoder.keyStart;
      run.spans[i + 1] = decoder.keyEnd;
      run.spans[i + 2] = decoder.valueStart;
      run.spans[i + 3] = decoder.valueEnd;
      run.count++;
    };
    let block = await this.frames.next();
    if (block === null) throw new DumpCorruptError(this.place(null), 'the segment has no blocks');
    let buf = block.bytes;
    let pos = 0;
    let payloadBase = 0; // payload offset of buf[0]
    let startBlock = block;
    let batch: DumpRecord[] = [];
    for (;;) {
      while (pos < buf.length) {
        const at = pos;
        const next = this.step(decoder, buf, pos, block, payloadBase);
        if (next >= 0) {
          add(batch, buf);
          pos = next;
          continue;
        }
        // The record continues in later blocks: gather exactly the bytes it needs.
        startBlock = block;
        const recordOffset = payloadBase + at;
        let parts: Uint8Array[] = [buf.subarray(at)];
        let have = buf.length - at;
        pos = buf.length;
        let need = decoder.needed;
        let whole: Uint8Array;
        for (;;) {
          while (have < need) {
            if (pos >= buf.length) {
              if (batch.length > 0) {
                yield batch;
                batch = [];
              }
              payloadBase += buf.length;
              const more = await this.frames.next();
              if (more === null) {
                throw new DumpCorruptError(this.place(startBlock), `record at payload offset ${recordOffset} runs past the end of the payload`);
              }
              block = more;
              buf = more.bytes;
              pos = 0;
            }
            const take = Math.min(need - have, buf.length - pos);
            parts.push(buf.subarray(pos, pos + take));
            have += take;
            pos += take;
          }
          whole = concat(parts);
          parts = [whole];
          const done = this.step(decoder, whole, 0, startBlock, recordOffset);
          if (done === whole.length) break;
          if (done >= 0) throw new Error(`heliodump reader: internal: record decoded from ${done} of ${whole.length} gathered bytes`);
          need = decoder.needed;
        }
        add(batch, whole);
      }
      if (batch.length > 0) {
        yield batch;
        batch = [];
      }
      payloadBase += buf.length;
      const more = await this.frames.next();
      if (more === null) break;
      block = more;
      buf = more.bytes;
      pos = 0;
    }
    try {
      decoder.finish(this.frames.trailer!);
    } catch (error) {
      throw this.recordError(error, null, payloadBase);
    }
    this.trailer = this.frames.trailer;
  }

  private step(decoder: RecordDecoder, buf: Uint8Array, pos: number, block: VerifiedBlock, base: number): number {
    try {
      return decoder.decode(buf, pos, buf.length);
    } catch (error) {
      throw this.recordError(error, block, base + pos);
    }
  }

  private recordError(error: unknown, block: VerifiedBlock | null, payloadOffset: number): unknown {
    if (!(error instanceof RecordError)) return error;
    return new DumpCorruptError(this.place(block), `record at payload offset ${payloadOffset}: ${error.message}`);
  }

  private place(block: VerifiedBlock | null): DumpPlace {
    if (block === null) return { segment: this.index, block: null, offset: this.offset, part: 'payload' };
    return { segment: this.index, block: block.number, offset: block.offset, part: 'record' };
  }
}

/** A `rows` record while it is being filled. */
interface RowsRecord {
  kind: 'rows';
  tableId: number;
  bytes: Uint8Array;
  spans: Int32Array;
  count: number;
}
