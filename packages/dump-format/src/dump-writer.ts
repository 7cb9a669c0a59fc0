import type { Writable } from 'node:stream';
import { encodeBlockHeader } from './block-header.js';
import { type ByteSink, FileSink, StreamSink } from './byte-sink.js';
import type { BlockCodec, CodecRegistry } from './codec-registry.js';
import { BLOCK_SIZE_DEFAULT, BLOCK_SIZE_MAX, BLOCK_SIZE_MIN, compressedLimit, FORMAT_VERSION } from './constants.js';
import { crc32Combine } from './crc32-combine.js';
import { resolveCodecs } from './default-codecs.js';
import { usage } from './errors.js';
import { encodeFileHeader } from './file-header.js';
import { PayloadEncoder } from './payload-encoder.js';
import {
  catalogHeader,
  SEGMENT_END_RECORD,
  sequenceRecord,
  tableBeginRecord,
  tableDropRecord,
  tableEndRecord,
  tombstoneRecord,
} from './record-encoder.js';
import { encodeSegmentMetadata } from './segment-metadata.js';
import { chainError, chainProblem, checkSegmentStart } from './segment-rules.js';
import { encodeTrailer } from './segment-trailer.js';
import type { SegmentMetadata, SegmentStart, SegmentSummary, SegmentTrailer, TableMode, TableSummary } from './types.js';
import { TOOL_VERSION } from './version.js';

// Blocks carry CRC32s of their compressed and uncompressed bytes (FORMAT.md section 4).
const NO_CONTENT_CHECKSUM = Object.freeze({ contentChecksum: false });

export interface DumpWriterOptions {
  readonly codec?: string; // codec name; default 'zstd'
  readonly level?: number; // default: the codec's default level
  readonly blockSize?: number; // uncompressed bytes per block; default 1 MiB (16 B .. 64 MiB)
  readonly concurrency?: number; // blocks compressing or waiting to be written at once; default 4
  readonly codecs?: CodecRegistry; // default: @heliosdb/codecs
}

export interface TableStart {
  readonly tableId: number;
  readonly schema: string;
  readonly name: string;
  readonly mode: TableMode;
}

/** `void` when the caller may go on at once; a promise to await when blocks are backing up. */
export type Backpressure = void | Promise<void>;

interface OpenSegment {
  meta: SegmentMetadata;
  encoder: PayloadEncoder;
  start: number; // set when the metadata frame is written
  blockCount: number;
  uncompressedSize: number;
  compressedSize: number;
  payloadCrc32: number;
  tables: TableSummary[];
  seen: Set<number>;
  table: { tableId: number; mode: TableMode; schema: string; name: string; rows: number; tombstones: number } | null;
  totalRows: number;
  totalTombstones: number;
}

interface Resolved {
  codecs: CodecRegistry;
  codec: BlockCodec;
  level: number;
  blockSize: number;
  concurrency: number;
}

export async function resolveWriterOptions(options: DumpWriterOptions): Promise<Resolved> {
  const codecs = await resolveCodecs(options.codecs);
  const codec = codecs.codecByName(options.codec ?? 'zstd');
  const level = options.level ?? codec.defaultLevel;
  if (!Number.isInteger(level) || level < codec.minLevel || level > codec.maxLevel) {
    throw usage(`${codec.name} level ${level} is out of range ${codec.minLevel}..${codec.maxLevel}`);
  }
  const blockSize = options.blockSize ?? BLOCK_SIZE_DEFAULT;
  if (!Number.isInteger(blockSize) || blockSize < BLOCK_SIZE_MIN || blockSize > BLOCK_SIZE_MAX) {
    throw usage(`blockSize ${blockSize} is outside ${BLOCK_SIZE_MIN}..${BLOCK_SIZE_MAX}`);
  }
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw usage(`concurrency ${concurrency} must be a positive integer`);
  return { codecs, codec, level, blockSize, concurrency };
}

/**
 * Writes a new .heliodump to a path (via a temporary sibling, fsync, rename) or a Writable.
 *
 *   const w = await createDumpWriter('backup.heliodump', { codec: 'zstd' });
 *   w.beginSegment({ dumpType: 'full', databaseId, baseLsn: 0n, endLsn, rowFormatVersion: 1 });
 *   w.writeCatalog(JSON.stringify(catalog));
 *   w.beginTable({ tableId: 1, schema: 'public', name: 'users', mode: 'full' });
 *   for (const [k, v] of rows) { const p = w.writeRow(k, v); if (p) await p; }
 *   w.endTable();
 *   await w.endSegment();
 *   await w.close();
 */
export async function createDumpWriter(sink: string | Writable, options: DumpWriterOptions = {}): Promise<DumpWriter> {
  const resolved = await resolveWriterOptions(options);
  const target = typeof sink === 'string' ? await FileSink.create(sink) : new StreamSink(sink);
  return new DumpWriter(target, resolved, { nextIndex: 1, previous: null, append: false });
}

export class DumpWriter {
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;
  private failure: unknown = undefined;
  private waiters: (() => void)[] = [];
  private segment: OpenSegment | null = null;
  private nextIndex: number;
  private previous: SegmentMetadata | null;
  private readonly append: boolean;
  private closed = false;
  private readonly crc32: CodecRegistry['crc32'];

  /** @internal use createDumpWriter or openDumpForAppend */
  constructor(
    private readonly sink: ByteSink,
    private readonly opts: Resolved,
    chain: { nextIndex: number; previous: SegmentMetadata | null; append: boolean },
  ) {
    this.crc32 = opts.codecs.crc32;
    this.nextIndex = chain.nextIndex;
    this.previous = chain.previous;
    this.append = chain.append;
    if (!chain.append) {
      const header = encodeFileHeader(FORMAT_VERSION);
      this.enqueue(() => sink.write([header]));
    }
  }

  beginSegment(start: SegmentStart): Backpressure {
    this.usable();
    if (this.segment !== null) throw usage(`segment ${this.segment.meta.segmentIndex} is still open; call endSegment first`);
    checkSegmentStart(start);
    const meta: SegmentMetadata = {
      segmentIndex: this.nextIndex,
      finalized: false,
      dumpType: start.dumpType,
      codecId: this.opts.codec.id,
      codecLevel: this.opts.level,
      blockSize: this.opts.blockSize,
      rowFormatVersion: start.rowFormatVersion,
      createdAt: start.createdAt ?? new Date(),
      databaseId: start.databaseId.toLowerCase(),
      baseLsn: start.baseLsn,
      endLsn: start.endLsn,
      totals: null,
      toolVersion: start.toolVersion ?? TOOL_VERSION,
    };
    const problem = chainProblem(this.previous, meta);
    if (problem !== null) throw chainError(meta.segmentIndex, problem);
    const seg: OpenSegment = {
      meta,
      encoder: new PayloadEncoder(this.opts.blockSize, (block) => this.sealBlock(seg, block)),
      start: -1,
      blockCount: 0,
      uncompressedSize: 0,
      compressedSize: 0,
      payloadCrc32: 0,
      tables: [],
      seen: new Set(),
      table: null,
      totalRows: 0,
      totalTombstones: 0,
    };
    this.segment = seg;
    const frame = encodeSegmentMetadata(meta, this.crc32);
    this.enqueue(async () => {
      seg.start = this.sink.position;
      await this.sink.write([frame]);
    });
    return this.backpressure();
  }

  /** Storage's catalog snapshot (JSON), framed as is. */
  writeCatalog(json: string | Uint8Array): Backpressure {
    const seg = this.outsideTable('writeCatalog');
    const bytes = typeof json === 'string' ? new TextEncoder().encode(json) : json;
    seg.encoder.append(catalogHeader(bytes.length));
    seg.encoder.append(bytes);
    return this.backpressure();
  }

  beginTable(t: TableStart): Backpressure {
    const seg = this.outsideTable('beginTable');
    if (!Number.isInteger(t.tableId) || t.tableId < 0 || t.tableId > 0xffffffff) throw usage(`tableId ${t.tableId} is not a u32`);
    const allowed = seg.meta.dumpType === 'full' ? t.mode === 'full' : t.mode === 'replace' || t.mode === 'delta';
    if (!allowed) throw usage(`table mode ${String(t.mode)} is not allowed in a ${seg.meta.dumpType} segment`);
    if (seg.seen.has(t.tableId)) throw usage(`table ${t.tableId} already has a section in segment ${seg.meta.segmentIndex}`);
    seg.seen.add(t.tableId);
    seg.encoder.append(tableBeginRecord(t.tableId, t.mode, t.schema, t.name));
    seg.table = { tableId: t.tableId, mode: t.mode, schema: t.schema, name: t.name, rows: 0, tombstones: 0 };
    return this.backpressure();
  }

  /** The hot path: encodes into the open block; returns a promise only when blocks back up. */
  writeRow(key: Uint8Array, value: Uint8Array): Backpressure {
    const table = this.segment?.table;
    if (table == null || this.failure !== undefined) return this.rowRefused();
    this.segment!.encoder.row(key, value);
    table.rows++;
    return this.pending >= this.opts.concurrency ? this.room() : undefined;
  }

  /** writeRow over byte ranges of larger buffers: key = keySrc[keyStart, keyEnd), value = valueSrc[valueStart, valueEnd). */
  writeRowFrom(keySrc: Uint8Array, keyStart: number, keyEnd: number, valueSrc: Uint8Array, valueStart: number, valueEnd: number): Backpressure {
    const table = this.segment?.table;
    if (table == null || this.failure !== undefined) return this.rowRefused();
    this.segment!.encoder.rowFrom(keySrc, keyStart, keyEnd, valueSrc, valueStart, valueEnd);
    table.rows++;
    return this.pending >= this.opts.concurrency ? this.room() : undefined;
  }

  writeTombstone(key: Uint8Array): Backpressure {
    const table = this.segment?.table;
    if (table == null || table.mode !== 'delta') throw usage('writeTombstone needs an open delta-mode table section');
    this.usable();
    this.segment!.encoder.append(tombstoneRecord(key));
    table.tombstones++;
    return this.backpressure();
  }

  endTable(): Backpressure {
    this.usable();
    const seg = this.segment;
    const table = seg?.table;
    if (seg == null || table == null) throw usage('endTable without beginTable');
    seg.encoder.append(tableEndRecord(table.rows, table.tombstones));
    seg.tables.push({ ...table });
    seg.totalRows += table.rows;
    seg.totalTombstones += table.tombstones;
    seg.table = null;
    return this.backpressure();
  }

  dropTable(tableId: number): Backpressure {
    const seg = this.outsideTable('dropTable');
    seg.encoder.append(tableDropRecord(tableId));
    return this.backpressure();
  }

  writeSequence(s: { sequenceId: number; name: string; value: bigint }): Backpressure {
    const seg = this.outsideTable('writeSequence');
    seg.encoder.append(sequenceRecord(s.sequenceId, s.name, s.value));
    return this.backpressure();
  }

  /** Waits until fewer than `concurrency` blocks are in flight. */
  drain(): Promise<void> {
    return this.room();
  }

  async endSegment(): Promise<SegmentSummary> {
    const seg = this.outsideTable('endSegment');
    seg.encoder.append(SEGMENT_END_RECORD);
    seg.encoder.flush();
    const result: { summary?: SegmentSummary } = {};
    this.enqueue(async () => {
      const trailer: SegmentTrailer = {
        segmentIndex: seg.meta.segmentIndex,
        segmentOffset: seg.start,
        totalRows: seg.totalRows,
        totalTombstones: seg.totalTombstones,
        uncompressedSize: seg.uncompressedSize,
        compressedSize: seg.compressedSize,
        blockCount: seg.blockCount,
        tableCount: seg.tables.length,
        payloadCrc32: seg.payloadCrc32,
        tables: seg.tables,
      };
      await this.sink.write([encodeTrailer(trailer, this.crc32)]);
      const length = this.sink.position - seg.start;
      let metadata = seg.meta;
      if (this.sink.seekable) {
        const { segmentIndex: _i, segmentOffset: _o, tables: _t, ...totals } = trailer;
        metadata = { ...seg.meta, finalized: true, totals: { ...totals, segmentLength: length } };
        // FINALIZED promises the whole segment is on disk (FORMAT.md section 8), so sync first.
        if (this.append) await this.sink.sync();
        await this.sink.patch(seg.start, encodeSegmentMetadata(metadata, this.crc32));
      }
      result.summary = { index: seg.meta.segmentIndex, offset: seg.start, length, metadata, trailer };
    });
    await this.chain;
    this.throwFailure();
    this.segment = null;
    this.previous = seg.meta;
    this.nextIndex++;
    return result.summary!;
  }

  /** Finishes the file: fsync, and for a new file the rename to its final name. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.segment !== null) throw usage(`segment ${this.segment.meta.segmentIndex} is still open; call endSegment or abort`);
    if (this.nextIndex === 1 && !this.append) throw usage('a dump needs at least one segment; call abort to discard it');
    await this.chain;
    this.throwFailure();
    this.closed = true;
    // An append fsynced each segment before marking it FINALIZED (endSegment); what is left unsynced
    // is only that mark, and a complete segment without it reads the same (FORMAT.md section 8).
    await this.sink.finish({ sync: !this.append });
  }

  /** Discards everything: a new file's temporary is removed, an append is truncated away. */
  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failure ??= usage('aborted');
    await this.chain;
    await this.sink.abort();
  }

  private sealBlock(seg: OpenSegment, block: Uint8Array): void {
    const crc = this.crc32(block);
    seg.payloadCrc32 = seg.blockCount === 0 ? crc : crc32Combine(seg.payloadCrc32, crc, block.length);
    seg.blockCount++;
    seg.uncompressedSize += block.length;
    const compressing = this.opts.codec.compress(block, this.opts.level, NO_CONTENT_CHECKSUM);
    compressing.catch(() => undefined); // observed in order by the write step below
    this.enqueue(async () => {
      const out = await compressing;
      if (out.length < 1 || out.length > compressedLimit(block.length)) {
        throw new Error(`heliodump writer: ${this.opts.codec.name} produced ${out.length} bytes for a ${block.length}-byte block (limit ${compressedLimit(block.length)})`);
      }
      const header = encodeBlockHeader(
        { uncompressedLength: block.length, compressedLength: out.length, uncompressedCrc32: crc, compressedCrc32: this.crc32(out) },
        this.crc32,
      );
      seg.compressedSize += out.length;
      await this.sink.write([header, out]);
      seg.encoder.recycle(block);
    });
  }

  private enqueue(step: () => Promise<void>): void {
    this.pending++;
    this.chain = this.chain.then(async () => {
      try {
        if (this.failure === undefined) await step();
      } catch (error) {
        this.failure ??= error;
      } finally {
        this.pending--;
        const waiters = this.waiters;
        this.waiters = [];
        for (const wake of waiters) wake();
      }
    });
  }

  private room(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const check = () => {
        if (this.failure !== undefined) reject(this.failure);
        else if (this.pending < this.opts.concurrency) resolve();
        else this.waiters.push(check);
      };
      check();
    });
  }

  private backpressure(): Backpressure {
    return this.pending >= this.opts.concurrency ? this.room() : undefined;
  }

  private rowRefused(): never {
    this.usable();
    throw usage('writeRow needs an open table section (beginTable)');
  }

  private usable(): void {
    if (this.closed) throw usage('the writer is closed');
    this.throwFailure();
  }

  private throwFailure(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  private outsideTable(op: string): OpenSegment {
    this.usable();
    const seg = this.segment;
    if (seg === null) throw usage(`${op} needs an open segment (beginSegment)`);
    if (seg.table !== null) throw usage(`${op} inside the section of table ${seg.table.tableId}; call endTable first`);
    return seg;
  }
}
