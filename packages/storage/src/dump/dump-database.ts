import type { Writable } from 'node:stream';
import { existsSync } from 'node:fs';
import {
  createDumpWriter,
  DumpFormatError,
  openDumpForAppend,
  type AppendHandle,
  type DumpWriter,
  type DumpWriterOptions,
  type SegmentMetadata,
  type SegmentSummary,
} from '@heliosdb/dump-format';
import type { Catalog } from '../catalog/catalog.js';
import type { TableDef } from '../catalog/catalog-types.js';
import { ROW_FORMAT_VERSION } from '../encoding/row-codec.js';
import { ChangesPrunedError } from '../errors.js';
import type { ChangedKeys } from '../engine/change-log.js';
import type { Snapshot } from '../engine/snapshot.js';
import type { Storage } from '../storage.js';
import { encodeCatalogDocument } from './catalog-document.js';
import { DatabaseDumpError } from './dump-error.js';
import { LmdbTableScan } from './lmdb-table-scan.js';
import { hex32, type DumpProgress, type DumpReport } from './dump-report.js';

export interface DumpOptions {
  /** Codec name; default zstd. */
  readonly codec?: string;
  readonly level?: number;
  readonly blockSize?: number;
  readonly concurrency?: number;
  /** Add an incremental segment to an existing file (a full dump when the file is missing). */
  readonly append?: boolean;
  /** Written into each segment's metadata. */
  readonly toolVersion?: string;
  /** Called about every 10,000 rows and at each table boundary. */
  readonly onProgress?: (p: DumpProgress) => void;
}

const PROGRESS_EVERY = 10_000;

/**
 * Dumps a database from one snapshot (one LSN, however long the dump takes and whatever a writer
 * commits meanwhile) to a path (temporary sibling, fsync, rename) or a stream. With `append`, adds
 * an incremental segment holding what changed since the file's last segment: catalog, sequences,
 * dropped tables, created or altered tables whole (`replace`), and row upserts and tombstones of the
 * others (`delta`), at a cost proportional to the change.
 */
export async function dumpDatabase(db: Storage, output: string | Writable, options: DumpOptions = {}): Promise<DumpReport> {
  const started = performance.now();
  const writerOptions: DumpWriterOptions = {
    codec: options.codec ?? 'zstd',
    ...(options.level !== undefined && { level: options.level }),
    ...(options.blockSize !== undefined && { blockSize: options.blockSize }),
    ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
  };
  const outputName = typeof output === 'string' ? output : '(stream)';
  if (options.append && typeof output !== 'string')
    throw new DumpFormatUsage('--append needs a file: a stream cannot be appended to', 'write a full dump to a stream, or append to a file');
  const snap = db.snapshot();
  try {
    if (options.append && typeof output === 'string' && existsSync(output)) {
      return await appendSegment(db, snap, output, writerOptions, options, started);
    }
    // A data directory is read through its own LMDB read transaction with no per-row allocation;
    // a memory database through the snapshot.
    const scan = db.dir !== null ? new LmdbTableScan(db.dir) : null;
    const catalog = scan ? scan.catalog : snap.catalog;
    const lsn = scan ? scan.lsn : snap.lsn;
    const writer = await createDumpWriter(output, writerOptions).catch((e: unknown) => {
      scan?.close();
      throw e;
    });
    try {
      writer.beginSegment({ dumpType: 'full', databaseId: db.databaseId, baseLsn: 0n, endLsn: lsn, rowFormatVersion: ROW_FORMAT_VERSION, ...tool(options) });
      await writeCatalogAndSequences(writer, snap, catalog);
      const tables = [...catalog.tables].sort((a, b) => a.id - b.id);
      const progress = new Progress(options.onProgress, tables.length);
      for (const t of tables) {
        if (scan) await scanWholeTable(writer, scan, t, progress);
        else await writeWholeTable(writer, snap, t, 'full', progress);
      }
      await scan?.checkCounts();
      scan?.close();
      const summary = await writer.endSegment();
      await writer.close();
      const note = options.append ? `${outputName} did not exist: wrote a full dump (segment 1)` : null;
      return report(summary, outputName, writer, writerOptions, started, 0, null, note);
    } catch (e) {
      scan?.close();
      await writer.abort().catch(() => undefined);
      throw e;
    }
  } finally {
    snap.close();
  }
}

async function scanWholeTable(writer: DumpWriter, scan: LmdbTableScan, t: TableDef, progress: Progress): Promise<void> {
  progress.table(t);
  const begin = writer.beginTable({ tableId: t.id, schema: t.schema, name: t.name, mode: 'full' });
  if (begin) await begin;
  // Keys lose their 5-byte table prefix (space byte + table id): the section names the table.
  await scan.scan(t, (keySrc, keyStart, keyEnd, value, valueStart, valueEnd) => {
    progress.row();
    return writer.writeRowFrom(keySrc, keyStart + 5, keyEnd, value, valueStart, valueEnd);
  });
  const end = writer.endTable();
  if (end) await end;
  progress.tableDone();
}

class DumpFormatUsage extends DatabaseDumpError {
  constructor(message: string, hint: string) {
    super('ERR_DUMP_APPEND_STREAM', message, hint);
  }
}

function tool(options: DumpOptions): { toolVersion?: string } {
  return options.toolVersion ? { toolVersion: options.toolVersion } : {};
}

async function appendSegment(
  db: Storage,
  snap: Snapshot,
  path: string,
  writerOptions: DumpWriterOptions,
  options: DumpOptions,
  started: number,
): Promise<DumpReport> {
  // Every refusal below happens in `accept`, before anything is written (a torn tail is cut off
  // only after it), so a refused file stays byte for byte as it was.
  const found: { changes?: ChangedKeys; meta?: SegmentMetadata } = {};
  const accept = (last: SegmentSummary): void => {
    const m = last.metadata;
    if (m.databaseId !== db.databaseId)
      throw new DatabaseDumpError(
        'ERR_DUMP_OTHER_DATABASE',
        `cannot append to ${path}: it is a dump of database ${m.databaseId}, not of ${db.dir ?? 'this database'} (database ${db.databaseId})`,
        'append only to dumps of the same data directory; take a full dump to a new file',
      );
    if (m.rowFormatVersion !== ROW_FORMAT_VERSION)
      throw new DatabaseDumpError(
        'ERR_DUMP_CHAIN_BROKEN',
        `cannot append to ${path}: its rows are in row format ${m.rowFormatVersion}, this build writes ${ROW_FORMAT_VERSION}`,
        'take a full dump to a new file',
      );
    if (m.endLsn > snap.lsn)
      throw new DatabaseDumpError(
        'ERR_DUMP_CHAIN_BROKEN',
        `cannot append to ${path}: its last segment (${last.index}) ends at LSN ${m.endLsn}, after the database's LSN ${snap.lsn}`,
        'the data directory is older than the dump (restored from a backup?); take a full dump to a new file',
      );
    try {
      found.changes = snap.changedKeysSince(m.endLsn);
    } catch (e) {
      if (e instanceof ChangesPrunedError)
        throw new DatabaseDumpError(
          'ERR_DUMP_CHAIN_BROKEN',
          `cannot append to ${path}: its last segment (${last.index}) ends at LSN ${m.endLsn}, but ${e.message}`,
          'take a full dump instead of an incremental one',
          { cause: e },
        );
      throw e;
    }
    found.meta = m;
  };
  let handle: AppendHandle;
  try {
    handle = await openDumpForAppend(path, { ...writerOptions, verifyBlocks: false, accept });
  } catch (e) {
    if (e instanceof DumpFormatError && e.code === 'ERR_DUMP_NO_SEGMENT')
      throw new DatabaseDumpError('ERR_DUMP_CHAIN_BROKEN', `cannot append to ${path}: it has no complete segment`, 'take a full dump to a new file', { cause: e });
    throw e;
  }
  const m = found.meta!;
  const changes = found.changes!;
  const writer = handle.writer;
  try {
    writer.beginSegment({ dumpType: 'incremental', databaseId: db.databaseId, baseLsn: m.endLsn, endLsn: snap.lsn, rowFormatVersion: ROW_FORMAT_VERSION, ...tool(options) });
    await writeCatalogAndSequences(writer, snap);
    const live = new Set(snap.catalog.tables.map((t) => t.id));
    const dropped = new Set<number>();
    const whole = new Set<number>();
    for (const c of changes.catalog) {
      if (c.kind !== 'table') continue;
      if (c.op === 'dropped' && !live.has(c.id)) dropped.add(c.id);
      else if (live.has(c.id)) whole.add(c.id);
    }
    for (const id of [...dropped].sort((a, b) => a - b)) await writer.dropTable(id);
    // The touched keys, in key order: each table's form one run (keys start with the table prefix).
    const byTable = new Map<number, { from: number; to: number }>();
    const keys = changes.keys;
    for (let i = 0; i < keys.length; ) {
      const tableId = keys[i]!.readUInt32BE(1);
      let j = i + 1;
      while (j < keys.length && keys[j]!.readUInt32BE(1) === tableId) j++;
      if (!whole.has(tableId)) byTable.set(tableId, { from: i, to: j });
      i = j;
    }
    const ids = [...new Set([...whole, ...byTable.keys()])].sort((a, b) => a - b);
    const progress = new Progress(options.onProgress, ids.length);
    for (const id of ids) {
      const t = snap.catalog.tableById(id)!;
      if (whole.has(id)) {
        await writeWholeTable(writer, snap, t, 'replace', progress);
        continue;
      }
      progress.table(t);
      await writer.beginTable({ tableId: t.id, schema: t.schema, name: t.name, mode: 'delta' });
      const { from, to } = byTable.get(id)!;
      for (let i = from; i < to; i++) {
        const key = keys[i]!;
        // The row as of the snapshot, in LMDB's shared read buffer: the writer copies it at once.
        const row = snap.rawRowTransient(key);
        const pk = key.subarray(5);
        const wait = row ? writer.writeRow(pk, row) : writer.writeTombstone(pk);
        if (wait) await wait;
        progress.row();
      }
      await writer.endTable();
      progress.tableDone();
    }
    const summary = await writer.endSegment();
    await writer.close();
    const repaired = handle.repairedTail
      ? `cut off torn segment ${handle.repairedTail.segment} (${handle.repairedTail.bytes} bytes at offset ${handle.repairedTail.offset}: ${handle.repairedTail.reason})`
      : null;
    return report(summary, path, writer, writerOptions, started, dropped.size, repaired, null);
  } catch (e) {
    await writer.abort().catch(() => undefined);
    throw e;
  }
}

/** The catalog, and the sequences' values read now (non-transactional, as PostgreSQL's). */
async function writeCatalogAndSequences(writer: DumpWriter, snap: Snapshot, catalog: Catalog = snap.catalog): Promise<void> {
  const uncalled: number[] = [];
  const values: { sequenceId: number; name: string; value: bigint }[] = [];
  for (const s of catalog.sequences) {
    const { value, isCalled } = snap.sequenceValue(s);
    if (!isCalled) uncalled.push(s.id);
    values.push({ sequenceId: s.id, name: s.schema === 'public' ? s.name : `${s.schema}.${s.name}`, value });
  }
  await writer.writeCatalog(encodeCatalogDocument(catalog.data, uncalled));
  for (const v of values) await writer.writeSequence(v);
}

async function writeWholeTable(writer: DumpWriter, snap: Snapshot, t: TableDef, mode: 'full' | 'replace', progress: Progress): Promise<void> {
  progress.table(t);
  const begin = writer.beginTable({ tableId: t.id, schema: t.schema, name: t.name, mode });
  if (begin) await begin;
  for (const { key, value } of snap.rawRows(t)) {
    // Keys lose their 5-byte table prefix (space byte + table id): the section names the table.
    const wait = writer.writeRow(key.subarray(5), value);
    if (wait) await wait;
    progress.row();
  }
  const end = writer.endTable();
  if (end) await end;
  progress.tableDone();
}

class Progress {
  private rows = 0;
  private done = 0;
  private name = '';
  private nextReport = PROGRESS_EVERY;
  constructor(
    private readonly fn: ((p: DumpProgress) => void) | undefined,
    private readonly count: number,
  ) {}
  table(t: TableDef): void {
    this.name = t.schema === 'public' ? t.name : `${t.schema}.${t.name}`;
    this.emit();
  }
  row(): void {
    if (++this.rows >= this.nextReport) {
      this.nextReport += PROGRESS_EVERY;
      this.emit();
    }
  }
  tableDone(): void {
    this.done++;
    this.emit();
  }
  private emit(): void {
    this.fn?.({ table: this.name, tablesDone: this.done, tableCount: this.count, rows: this.rows });
  }
}

function report(
  s: SegmentSummary,
  output: string,
  _writer: DumpWriter,
  opts: DumpWriterOptions,
  started: number,
  droppedTables: number,
  repairedTail: string | null,
  note: string | null,
): DumpReport {
  const t = s.trailer;
  const m = s.metadata;
  const elapsedMs = performance.now() - started;
  const seconds = Math.max(elapsedMs, 0.001) / 1000;
  return {
    output,
    dumpType: m.dumpType,
    segment: s.index,
    databaseId: m.databaseId,
    baseLsn: m.baseLsn.toString(),
    endLsn: m.endLsn.toString(),
    codec: opts.codec ?? 'zstd',
    level: m.codecLevel,
    tables: t.tableCount,
    rows: t.totalRows,
    tombstones: t.totalTombstones,
    droppedTables,
    blocks: t.blockCount,
    uncompressedBytes: t.uncompressedSize,
    compressedBytes: t.compressedSize,
    compressionRatio: t.compressedSize > 0 ? t.uncompressedSize / t.compressedSize : 1,
    payloadCrc32: hex32(t.payloadCrc32),
    elapsedMs,
    bytesPerSecond: t.uncompressedSize / seconds,
    rowsPerSecond: (t.totalRows + t.totalTombstones) / seconds,
    repairedTail,
    note,
  };
}
