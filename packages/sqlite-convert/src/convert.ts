/**
 * convertSqlite: validate, create the schema with the types the declared names predict, scan and copy every table in
 * one pass (transactions of 10,000 rows; a table whose values decide other types is copied again), add indexes,
 * foreign keys and views while a worker thread recomputes every table's row count and checksum from the stored
 * rows, compare them, then rename the temporary sibling into place. Any failure removes the temporary directory, so
 * nothing is left under the output name.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type StoredSum, storedSums } from './data/stored-sums.js';
import { Storage, encodeRow, rowShape, type ColumnSpec, type RowShape, type SortedIndexResult, type TableDef, type Transaction } from '@heliosdb/storage';
import { type Value, checkValue, formatTypeName } from '@heliosdb/types';
import { SqliteConvertError } from './errors.js';
import { checkOutputDir, publish, removeQuietly, temporarySibling } from './output-dir.js';
import type { ConversionReport, ProgressEvent, SkippedObject, TableReport } from './report.js';
import { type SourceFingerprint, fingerprint } from './source/fingerprint.js';
import { type CheckMode, type OpenSource, openSource } from './source/open-source.js';
import { TableChecksum, expectedCanonical } from './data/checksum.js';
import { convertValue } from './data/convert-value.js';
import { harmonizeForeignKeys } from './data/harmonize-keys.js';
import { RowReader } from './data/row-reader.js';
import { type MixedTypesPolicy, type TablePlan, describeKey, newStats, planTable, predictPlan, sameDecision, samePlan, scanTable } from './data/scan-table.js';
import { ColumnStats } from './data/column-stats.js';
import { decideType } from './data/decide-type.js';
import type { SqliteValue } from './data/sqlite-value.js';
import { loadTranslationParser, translateCheck, translateDefault, translateView } from './schema/pg-objects.js';
import { type SqliteSchema, type SqliteTable, readSchema } from './schema/sqlite-schema.js';
import { sqliteIdent, sqliteString } from './schema/sql-tokens.js';
import type { TranslateContext } from './schema/translate.js';

export interface ConvertOptions {
  /** The SQLite file. */
  readonly sqlite: string;
  /** The data directory to create: must not exist, or be empty. */
  readonly output: string;
  /** Only these tables (exact names). */
  readonly tables?: readonly string[];
  readonly exclude?: readonly string[];
  /** What to do with a value of another storage class than its column's type: widen the column to text (default) or stop. */
  readonly onMixedTypes?: MixedTypesPolicy;
  readonly check?: CheckMode;
  /** Rows per storage transaction (default 10,000). */
  readonly batchRows?: number;
  /**
   * Rows (all tables together) from which the stored side of the verification runs in a worker thread beside the
   * index build (default 100,000); below it the worker's start costs more than it saves, and it runs after the sync.
   */
  readonly verifyThreadRows?: number;
  readonly lockTimeoutMs?: number;
  readonly onProgress?: (e: ProgressEvent) => void;
  /** The source's state recorded in the data directory (default: taken just before reading). */
  readonly fingerprint?: SourceFingerprint;
}

/** Written into the data directory: where it came from (connectWithAutoConversion compares it with the source). */
export const MARKER_FILE = 'sqlite-source.json';

export async function convertSqlite(options: ConvertOptions): Promise<ConversionReport> {
  const started = performance.now();
  const policy = options.onMixedTypes ?? 'widen';
  if (policy !== 'widen' && policy !== 'fail') {
    throw new SqliteConvertError('BAD_OPTION', `sqlite convert: --on-mixed-types must be widen or fail, not ${String(policy)}`);
  }
  const output = resolve(options.output);
  checkOutputDir(output);
  const progress = options.onProgress ?? (() => {});
  progress({ kind: 'phase', phase: 'validate' });
  const sourceState = options.fingerprint ?? (existsSync(options.sqlite) ? fingerprint(resolve(options.sqlite)) : undefined);
  const src = openSource(resolve(options.sqlite), { check: options.check ?? 'quick', lockTimeoutMs: options.lockTimeoutMs });
  const tmp = temporarySibling(output);
  let storage: Storage | undefined;
  let work: Conversion | undefined;
  try {
    const schema = readSchema(src.db);
    const tables = selectTables(schema, options);
    // The SQL parser only when something is translated (DEFAULT, CHECK, view).
    if (schema.views.length > 0 || tables.some((t) => t.checks.length > 0 || t.columns.some((c) => c.defaultSql !== null && c.name !== t.rowidAlias))) {
      await loadTranslationParser();
    }
    // Bulk load: the temporary sibling is ours alone and is removed on any failure, so commits are not flushed one by
    // one; storage.sync() flushes everything once before the directory is verified and published.
    storage = Storage.open({ dir: tmp, create: true, bulkLoad: true });
    work = new Conversion(src, schema, tables, policy, storage, options, progress);
    const report = await work.run(output);
    await storage.sync();
    storage.close();
    storage = undefined;
    progress({ kind: 'phase', phase: 'verify' });
    compareSums(work.plans, work.tableReports, await work.storedSums());
    progress({ kind: 'phase', phase: 'finish' });
    writeFileSync(join(tmp, MARKER_FILE), `${JSON.stringify({ ...work.marker(), fingerprint: sourceState }, null, 2)}\n`);
    publish(tmp, output);
    return { ...report, elapsedMs: Math.round(performance.now() - started) };
  } catch (e) {
    await work?.stopVerify();
    storage?.close();
    removeQuietly(tmp);
    throw e;
  } finally {
    src.close();
  }
}

function selectTables(schema: SqliteSchema, options: ConvertOptions): SqliteSchema['tables'] {
  const names = new Set(schema.tables.map((t) => t.name));
  for (const n of [...(options.tables ?? []), ...(options.exclude ?? [])]) {
    if (!names.has(n)) {
      throw new SqliteConvertError('BAD_OPTION', `sqlite convert: no table "${n}" in the SQLite database`, {
        hint: `tables: ${[...names].join(', ')}`,
      });
    }
  }
  const only = options.tables && options.tables.length > 0 ? new Set(options.tables) : null;
  const skip = new Set(options.exclude ?? []);
  return schema.tables.filter((t) => (!only || only.has(t.name)) && !skip.has(t.name));
}

/** What creating a table added to the report (kept per table: a table created again replaces its entry). */
interface CreatedTable {
  readonly skipped: SkippedObject[];
  readonly warnings: string[];
  readonly indexes: ConversionReport['indexes'][number][];
  readonly checks: number;
}

/** A table's copy: rows, checksum of the SQLite side, and time; null when a one-pass copy gave up writing (spoiled). */
interface CopyResult {
  readonly rows: number;
  readonly checksum: string;
  readonly ms: number;
}

/** Thrown inside a one-pass copy's write when a value does not go in under the predicted plan: the batch is rolled back. */
const SPOILED = Symbol('spoiled');

class Conversion {
  readonly tableReports: TableReport[] = [];
  /** The final plan of every table, once the copy is done (decided from every value). */
  plans: TablePlan[] = [];
  private readonly created = new Map<string, CreatedTable>();
  private verifyJob: StoredSumsJob | null = null;
  private readonly skipped: SkippedObject[] = [];
  private readonly warnings: string[] = [];
  private readonly indexes: ConversionReport['indexes'][number][] = [];
  private readonly views: ConversionReport['views'][number][] = [];
  /** Per table: the UNIQUE constraints and CREATE INDEXes built after its rows are copied. */
  private readonly indexSpecs = new Map<string, { unique: IndexBuild[]; created: (IndexBuild & { ix: SqliteTable['indexes'][number] })[] }>();
  private foreignKeys = 0;
  private checks = 0;
  private readonly ctx: TranslateContext;

  constructor(
    private readonly src: OpenSource,
    private readonly schema: SqliteSchema,
    private readonly tables: readonly SqliteTable[],
    private readonly policy: MixedTypesPolicy,
    private readonly storage: Storage,
    private readonly options: ConvertOptions,
    private readonly progress: (e: ProgressEvent) => void,
  ) {
    const names = new Map<string, string>();
    for (const t of tables) {
      names.set(t.name.toLowerCase(), t.name);
      for (const c of t.columns) if (!names.has(c.name.toLowerCase())) names.set(c.name.toLowerCase(), c.name);
    }
    for (const v of schema.views) if (!names.has(v.name.toLowerCase())) names.set(v.name.toLowerCase(), v.name);
    this.ctx = { names };
  }

  async run(output: string): Promise<ConversionReport> {
    // Tables first, without their UNIQUE constraints and indexes: the copy writes rows only, and each table's indexes
    // are then built from sorted entries (storage's createIndexesSorted: memory bounded by its run size, entries
    // appended in key order, uniqueness checked on the sorted stream with the error an insert gives).
    //
    // One pass over SQLite where the declared types predict the plan: each table is created with the types its
    // declared names imply for values that are what they declare (predictPlan), and every row is both added to
    // the scan's statistics and copied under that plan. When the table's rows are all read, the statistics decide
    // the plan as a separate scan would (planTable, then the foreign-key harmonisation over all tables); a table
    // whose final plan stores the same bytes (samePlan: primary key, and per column type and conversion) keeps
    // its copy, which is then exactly the copy a second pass would make. Any other table (a value the prediction
    // does not take, noticed when it fails to convert or when the statistics so far decide otherwise, or a
    // harmonisation the prediction did not foresee) is dropped and copied again under its final plan; so is a
    // table with a column whose type only its values decide (no prediction: scanned, then copied).
    const predicted = this.tables.map((t) => predictPlan(t, this.policy));
    harmonizeForeignKeys(predicted.filter((p): p is TablePlan => p !== null));
    this.progress({ kind: 'phase', phase: 'schema' });
    await this.storage.write((tx) => {
      for (const p of predicted) if (p) this.createTable(tx, p);
    });
    this.progress({ kind: 'phase', phase: 'copy' });
    const copies: (CopyResult | null)[] = [];
    const plans: TablePlan[] = [];
    for (const [i, t] of this.tables.entries()) {
      const pred = predicted[i];
      if (pred) {
        const stats = newStats(t);
        const copy = await this.copyTable(pred, stats);
        plans.push(planTable(t, stats, copy.rows, this.policy));
        copies.push(copy.spoiled ? null : copy);
      } else {
        this.progress({ kind: 'phase', phase: 'scan' });
        plans.push(scanTable(this.src.db, t, this.policy));
        copies.push(null);
        this.progress({ kind: 'phase', phase: 'copy' });
      }
    }
    harmonizeForeignKeys(plans);
    this.plans = plans;
    for (const [i, p] of plans.entries()) {
      const pred = predicted[i];
      let copy = copies[i];
      if (!copy || !pred || !samePlan(pred, p)) {
        await this.storage.write((tx) => {
          if (pred) tx.dropTable(p.table.name);
          this.createTable(tx, p);
        });
        const again = await this.copyTable(p, null);
        copy = again;
      }
      this.tableReports.push(this.tableReport(p, copy));
    }
    await this.storage.write((tx) => {
      for (const p of plans) if (p.table.rowidAlias) this.setSequence(tx, tx.catalog.table(p.table.name), p);
    });
    // Every row is committed: the stored side of the verification starts now, beside the index build.
    const rows = this.tableReports.reduce((a, t) => a + t.rows, 0);
    if (rows >= (this.options.verifyThreadRows ?? 100_000)) this.verifyJob = new StoredSumsJob(this.storage.dir!, plans.map((p) => p.table.name));
    for (const p of plans) {
      const c = this.created.get(p.table.name)!;
      this.skipped.push(...c.skipped);
      this.warnings.push(...c.warnings);
      this.indexes.push(...c.indexes);
      this.checks += c.checks;
    }
    for (const p of this.plans) this.planIndexes(p);
    this.progress({ kind: 'phase', phase: 'indexes' });
    for (const p of this.plans) await this.buildIndexes(p);
    // Indexes, foreign keys and views in one commit; each object in its own savepoint, so one that storage
    // refuses is listed as skipped without undoing the others.
    await this.storage.write((tx) => {
      this.progress({ kind: 'phase', phase: 'constraints' });
      for (const p of this.plans) this.addForeignKeys(tx, p);
      this.progress({ kind: 'phase', phase: 'views' });
      this.createViews(tx);
    });
    for (const t of this.schema.triggers) {
      this.skipped.push({ kind: 'trigger', name: t.name, table: t.table, reason: 'triggers are not converted (PostgreSQL needs a trigger function in PL/pgSQL)', sql: t.sql });
    }
    for (const t of this.schema.otherTables) this.skipped.push({ kind: 'table', name: t.name, reason: t.reason, sql: t.sql });
    const excluded = this.schema.tables.filter((t) => !this.plans.some((p) => p.table === t));
    for (const t of excluded) this.skipped.push({ kind: 'table', name: t.name, reason: 'excluded by --tables/--exclude', sql: t.sql });
    return {
      source: this.src.validation.path,
      output,
      validation: this.src.validation,
      tables: this.tableReports,
      indexes: this.indexes,
      views: this.views,
      foreignKeys: this.foreignKeys,
      checks: this.checks,
      skipped: this.skipped,
      warnings: [...this.plans.flatMap((p) => this.tableWarnings(p).map((w) => `${p.table.name}: ${w}`)), ...this.warnings],
      totalRows: this.tableReports.reduce((a, t) => a + t.rows, 0),
      elapsedMs: 0,
      verified: true,
    };
  }

  /** Row counts and checksums recomputed from the stored rows (started when the copy ended). */
  async storedSums(): Promise<Record<string, StoredSum>> {
    return this.verifyJob ? this.verifyJob.sums() : storedSums(this.storage.dir!, this.plans.map((p) => p.table.name));
  }

  async stopVerify(): Promise<void> {
    await this.verifyJob?.stop();
  }

  marker(): Record<string, unknown> {
    return {
      source: this.src.validation.path,
      convertedAt: new Date().toISOString(),
      tables: this.tableReports.map((t) => ({ name: t.name, rows: t.rows, checksum: t.checksum })),
    };
  }

  private tableWarnings(p: TablePlan): string[] {
    return [...p.warnings, ...p.columns.flatMap((c) => c.decision.warnings.map((w) => `column "${c.name}": ${w}`))];
  }

  private createTable(tx: Transaction, p: TablePlan): void {
    const t = p.table;
    const created: CreatedTable = { skipped: [], warnings: [], indexes: [], checks: 0 };
    const conversions = new Map(p.columns.map((c) => [c.name, c.decision.conversion]));
    const columns: ColumnSpec[] = p.columns.map((c, i) => {
      const src = t.columns[i]!;
      let def: string | null = null;
      if (src.defaultSql !== null && c.name !== t.rowidAlias) {
        const d = translateDefault(src.defaultSql, c.decision.conversion, this.ctx);
        if (d.ok) def = d.sql;
        else created.skipped.push({ kind: 'default', name: c.name, table: t.name, reason: d.reason, sql: `DEFAULT ${src.defaultSql}` });
      }
      if (src.generated) created.warnings.push(`${t.name}: generated column "${c.name}" copied as a plain column with its stored values`);
      const coll = t.collations.get(c.name);
      if (coll) created.warnings.push(`${t.name}: column "${c.name}" has COLLATE ${coll}; PostgreSQL compares it byte-wise ("C")`);
      return {
        name: c.name,
        type: c.decision.type,
        notNull: src.notNull || (p.primaryKey?.includes(c.name) ?? false),
        default: def,
        serial: c.name === t.rowidAlias,
      };
    });
    const unique: { columns: string[] }[] = [];
    const pkCols = t.columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    if (!p.primaryKey && pkCols.length > 0) unique.push({ columns: pkCols });
    for (const ix of t.indexes) {
      if (ix.origin !== 'u') continue;
      if (ix.columns.some((c) => c === null)) {
        created.skipped.push({ kind: 'index', name: ix.name, table: t.name, reason: 'UNIQUE on an expression', sql: ix.sql ?? '' });
        continue;
      }
      unique.push({ columns: ix.columns as string[] });
    }
    const checks: { name?: string; expression: string }[] = [];
    for (const ch of t.checks) {
      const r = translateCheck(ch.tokens, conversions, this.ctx);
      if (r.ok) checks.push(ch.name ? { name: ch.name, expression: r.sql } : { expression: r.sql });
      else created.skipped.push({ kind: 'check', name: ch.name ?? `CHECK on ${t.name}`, table: t.name, reason: r.reason, sql: ch.sql });
    }
    (created as { checks: number }).checks = checks.length;
    tx.createTable({
      name: t.name,
      columns,
      ...(p.primaryKey ? { primaryKey: { columns: p.primaryKey } } : {}),
      checks,
    });
    this.indexSpecs.set(t.name, { unique: unique.map((u) => ({ columns: u.columns, unique: true, constraint: 'unique' as const })), created: [] });
    this.created.set(t.name, created);
    for (const u of unique) created.indexes.push({ name: `${t.name}_${u.columns.join('_')}_key`, table: t.name, columns: u.columns, unique: true });
  }

  /**
   * Copies a table's rows under plan `p`, in transactions of `batchRows`. With `scan` (the one-pass copy of a
   * predicted plan), every value also goes into the scan's statistics; the copy stops writing, and only reads on
   * for the statistics, as soon as a value does not go in under `p` (its batch rolled back) or the statistics
   * so far decide a column otherwise: the result is then `spoiled`, and the table is copied again.
   */
  private async copyTable(p: TablePlan, scan: ColumnStats[] | null): Promise<CopyResult & { spoiled: boolean }> {
    const started = performance.now();
    const t = p.table;
    const batch = this.options.batchRows ?? 10_000;
    const cols = p.columns;
    const n = cols.length;
    const w = p.keyWidth;
    const checksum = new TableChecksum();
    // Counted before the reader opens (a WITHOUT ROWID table is iterated, which keeps the connection busy).
    const total = scan ? this.rowCount(t) : p.rows;
    const reader = new RowReader(this.src.db, { sql: p.selectSql, rowid: p.rowid });
    const canon: string[] = new Array<string>(n);
    const values: unknown[] = new Array<unknown>(n);
    let done = false;
    let spoiled = false;
    let copied = 0;
    // Rows of tables keyed by the rowid alias go in with insert; others as encoded bytes under their key (putRaw,
    // which keeps SQLite's rowid as the hidden row id; the table has no indexes yet: buildIndexes follows). SQLite already
    // enforced its keys and NOT NULLs, and the verification pass re-reads every stored row.
    const shape: RowShape = rowShape(cols.map((c) => c.decision.type), cols.map(() => false));
    const pkPositions = p.primaryKey ? p.primaryKey.map((name) => cols.findIndex((c) => c.name === name)) : null;
    const pkValues: Value[] = new Array<Value>(pkPositions?.length ?? 0);
    const notNull = t.columns.map((c) => c.notNull);
    const conversions = cols.map((c) => c.decision.conversion);
    // The primary key is the rowid alias (INTEGER PRIMARY KEY, int8): its value is the rowid, read first by the SELECT.
    const rowidIsKey =
      p.keyLabel === 'rowid' &&
      pkPositions !== null &&
      pkPositions.length === 1 &&
      cols[pkPositions[0]!]!.name === t.rowidAlias &&
      cols[pkPositions[0]!]!.decision.type.name === 'int8';
    const types = cols.map((c) => c.decision.type);
    if (!pkPositions && p.keyLabel !== 'rowid') throw new Error(`sqlite convert: table "${t.name}" has neither a primary key nor a rowid`);
    // The one-pass copy's statistics: every row read goes in once (`seen`), whether or not it was written.
    let seen = 0;
    let current: SqliteValue[] = [];
    const key = (): string => describeKey(p.keyLabel, current, w);
    const addStats = (row: SqliteValue[]): void => {
      current = row;
      for (let i = 0; i < n; i++) scan![i]!.add(row[w + i]!, key);
      seen++;
    };
    const pkColumns = pkPositions ?? [];
    // What the declared types alone decide (the prediction before the foreign-key harmonisation changed any column).
    const declared = scan ? cols.map((c, i) => decideType(new ColumnStats(scan[i]!.declared), { rowidAlias: c.name === t.rowidAlias })) : [];
    try {
      while (!done && !spoiled) {
        try {
          await this.storage.write((tx) => {
            const def = tx.catalog.table(t.name);
            for (let k = 0; k < batch; k++) {
              const row = reader.next();
              if (row === null) {
                done = true;
                break;
              }
              // Column by column: the statistics, the conversion and the checksum text of one value follow each other
              // (a REAL's text and a date/time's parse are made once: sqlite-value.ts).
              let counted = 0;
              if (scan) {
                current = row;
                seen++;
              }
              try {
                for (let i = 0; i < n; i++) {
                  const v = row[w + i]!;
                  if (scan) {
                    scan[i]!.add(v, key);
                    counted++;
                  }
                  const c = conversions[i]!;
                  values[i] = convertValue(c, types[i]!, v);
                  canon[i] = expectedCanonical(c, v);
                }
                // Values were decided by the scan; checkValue is the last guard before bytes are written (insert runs
                // the same checks, types and NOT NULL, itself).
                if (!rowidIsKey) for (let i = 0; i < n; i++) {
                  const v = values[i] as Value;
                  if (v === null) {
                    if (notNull[i]) throw new Error(`null value in column "${cols[i]!.name}" violates not-null constraint`);
                  } else {
                    checkValue(types[i]!, v);
                  }
                }
                if (rowidIsKey) {
                  // The INTEGER PRIMARY KEY is the rowid: unique, and ascending in this SELECT. A plain insert checks
                  // types and NOT NULL once more, derives the key from the value, checks the key (indexes come after the copy),
                  // and encodes the row straight into the pending writes (no row buffer, no decoding for the indexes).
                  if (values[pkPositions![0]!] !== row[0]) {
                    throw new Error(`rowid ${String(row[0])} is not the INTEGER PRIMARY KEY's value ${String(values[pkPositions![0]!])}`);
                  }
                  tx.insert(def, values as Value[]);
                } else {
                  let key: Buffer;
                  if (pkPositions) {
                    for (let j = 0; j < pkPositions.length; j++) pkValues[j] = values[pkPositions[j]!] as Value;
                    key = tx.keyOf(def, pkValues);
                  } else {
                    // Documented keyspace: 10 + table id u32 BE + 01 + the int8 key of the row id (sign bit flipped).
                    // SQLite's rowid becomes the hidden row id, keeping its order and gaps.
                    key = Buffer.allocUnsafe(14);
                    key[0] = 0x10;
                    key.writeUInt32BE(def.id, 1);
                    key[5] = 0x01;
                    key.writeBigUInt64BE(BigInt.asUintN(64, (row[0] as bigint) ^ -0x8000000000000000n), 6);
                  }
                  tx.putRaw(def, key, encodeRow(shape, values as Value[]));
                }
              } catch (e) {
                // A predicted plan that does not take this value: the table is copied again under its final plan
                // (the row's remaining values still go into the statistics).
                if (scan) {
                  for (let i = counted; i < n; i++) scan[i]!.add(row[w + i]!, key);
                  throw SPOILED;
                }
                throw new SqliteConvertError('UNREPRESENTABLE', `sqlite convert: table "${t.name}": ${(e as Error).message}`, {
                  detail: (e as { detail?: string }).detail,
                  cause: e,
                });
              }
              checksum.addRow(canon);
              copied++;
            }
          });
        } catch (e) {
          if (e !== SPOILED) throw e;
          spoiled = true;
        }
        // The statistics so far already decide a column otherwise (or a key column holds a NULL): stop writing.
        if (scan && !spoiled && !done) {
          spoiled =
            cols.some((c, i) => !sameDecision(declared[i]!, decideType(scan[i]!, { rowidAlias: c.name === t.rowidAlias }))) ||
            pkColumns.some((i) => scan[i]!.counts.null > 0);
        }
        this.progress({ kind: 'table', table: t.name, done: scan ? seen : copied, total });
      }
      if (scan) for (let row = reader.next(); row !== null; row = reader.next()) addStats(row);
    } finally {
      reader.close();
    }
    return { rows: scan ? seen : copied, checksum: checksum.hex, ms: Math.round(performance.now() - started), spoiled };
  }

  /** Rows in a table (for progress), in the read transaction the copy reads in. */
  private rowCount(t: SqliteTable): number {
    const r = this.src.db.prepare(`SELECT count(*) FROM ${sqliteIdent(t.name)}`).pluck().safeIntegers(false).get();
    return Number(r);
  }

  private tableReport(p: TablePlan, copy: CopyResult): TableReport {
    const cols = p.columns;
    const report: TableReport = {
      name: p.table.name,
      rows: copy.rows,
      ms: copy.ms,
      withoutRowid: p.table.withoutRowid,
      primaryKey: p.primaryKey ?? [],
      columns: cols.map((c) => ({
        name: c.name,
        declared: c.declared,
        type: formatTypeName(c.decision.type),
        decision: c.decision.decision,
        notes: c.decision.notes,
        warnings: c.decision.warnings,
      })),
      warnings: this.tableWarnings(p),
      checksum: copy.checksum,
    };
    this.progress({ kind: 'table-done', table: report });
    return report;
  }

  /** The rowid alias's sequence continues after max(rowid) and, for AUTOINCREMENT, after sqlite_sequence's high-water mark. */
  private setSequence(tx: Transaction, def: TableDef, p: TablePlan): void {
    const col = def.columns.find((c) => c.name === p.table.rowidAlias);
    const seq = tx.catalog.sequences.find((s) => s.id === col?.sequenceId);
    if (!seq) return;
    let max = p.columns.find((c) => c.name === p.table.rowidAlias)!.stats.intMax ?? 0n;
    if (p.table.autoincrement) {
      const hw = this.src.db.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').get(p.table.name) as { seq: bigint } | undefined;
      if (hw && BigInt(hw.seq) > max) max = BigInt(hw.seq);
    }
    if (max > 0n) tx.setval(seq, max, true);
  }

  /** The table's CREATE INDEXes that translate; partial and expression indexes are listed as skipped. */
  private planIndexes(p: TablePlan): void {
    const t = p.table;
    const specs = this.indexSpecs.get(t.name)!;
    for (const ix of t.indexes) {
      if (ix.origin !== 'c') continue;
      const sql = ix.sql ?? '';
      if (ix.partial) {
        this.skipped.push({ kind: 'index', name: ix.name, table: t.name, reason: 'partial index (the storage engine has no index predicate yet)', sql });
        continue;
      }
      if (ix.columns.some((c) => c === null)) {
        this.skipped.push({ kind: 'index', name: ix.name, table: t.name, reason: 'index on an expression', sql });
        continue;
      }
      specs.created.push({ name: ix.name, columns: ix.columns as string[], unique: ix.unique, ix });
    }
  }

  /**
   * Builds the table's UNIQUE constraints and indexes from its stored rows. A duplicate (values SQLite kept apart
   * that are equal once converted) or an over-long key fails the conversion as it did when the rows went in with
   * their index entries: the same storage error, prefixed with the table. A CREATE INDEX storage refuses to define
   * is listed as skipped.
   */
  private async buildIndexes(p: TablePlan): Promise<void> {
    const t = p.table;
    const { unique, created } = this.indexSpecs.get(t.name)!;
    if (unique.length + created.length === 0) return;
    let result: SortedIndexResult;
    try {
      result = await this.storage.createIndexesSorted(t.name, [...unique, ...created.map(({ ix: _ix, ...spec }) => spec)]);
    } catch (e) {
      throw new SqliteConvertError('UNREPRESENTABLE', `sqlite convert: table "${t.name}": ${(e as Error).message}`, {
        detail: (e as { detail?: string }).detail,
        cause: e,
      });
    }
    for (const r of result.refused) {
      const ix = created.find((c) => c.name === r.spec.name)?.ix;
      if (!ix) throw r.error;
      this.skipped.push({ kind: 'index', name: ix.name, table: t.name, reason: r.error.message, sql: ix.sql ?? '' });
    }
    for (const c of created) {
      const ix = c.ix;
      if (!result.created.some((d) => d.name === ix.name)) continue;
      this.indexes.push({ name: ix.name, table: t.name, columns: c.columns, unique: ix.unique });
      if (ix.descending) this.warnings.push(`${t.name}: index ${ix.name} is DESC in SQLite; created ascending (scans run either way)`);
      if (ix.collations.some((c) => c.toUpperCase() !== 'BINARY')) {
        this.warnings.push(`${t.name}: index ${ix.name} uses collation ${ix.collations.join('/')}; PostgreSQL's is byte-wise ("C")`);
      }
    }
  }

  private addForeignKeys(tx: Transaction, p: TablePlan): void {
    const t = p.table;
    if (t.foreignKeys.length === 0) return;
    const violations = new Set(
      (this.src.db.prepare(`PRAGMA main.foreign_key_check(${sqliteString(t.name)})`).safeIntegers(false).all() as { fkid: number }[]).map((r) => r.fkid),
    );
    for (const fk of t.foreignKeys) {
      const sql = `FOREIGN KEY (${fk.columns.join(', ')}) REFERENCES ${fk.refTable}${fk.refColumns.every((c) => c === null) ? '' : ` (${fk.refColumns.join(', ')})`} ON UPDATE ${fk.onUpdate} ON DELETE ${fk.onDelete}`;
      const skip = (reason: string): void => {
        this.skipped.push({ kind: 'foreign key', name: `${t.name}(${fk.columns.join(', ')})`, table: t.name, reason, sql });
      };
      const parent = this.plans.find((q) => q.table.name.toLowerCase() === fk.refTable.toLowerCase());
      if (!parent) {
        skip(`referenced table "${fk.refTable}" is not converted`);
        continue;
      }
      if (violations.has(fk.id)) {
        skip('existing rows violate it in SQLite (PRAGMA foreign_key_check); SQLite does not enforce foreign keys unless asked');
        continue;
      }
      const action = (a: string): 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default' =>
        a.toLowerCase() as 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';
      try {
        const existingRowsChecked = sqliteCheckCarriesOver(p, parent, fk);
        guarded(tx, () =>
          tx.alterTable(t.name, {
            kind: 'addForeignKey',
            existingRowsChecked,
            foreignKey: {
              columns: fk.columns,
              refTable: parent.table.name,
              ...(fk.refColumns.every((c) => c !== null) ? { refColumns: fk.refColumns as string[] } : {}),
              onDelete: action(fk.onDelete),
              onUpdate: action(fk.onUpdate),
            },
          }),
        );
        this.foreignKeys++;
      } catch (e) {
        skip((e as Error).message);
      }
    }
  }

  private createViews(tx: Transaction): void {
    const converted = new Set(this.plans.map((p) => p.table.name.toLowerCase()));
    const known = new Set([...converted, ...this.schema.views.map((v) => v.name.toLowerCase())]);
    const allTables = new Set(this.schema.tables.map((t) => t.name.toLowerCase()));
    for (const v of this.schema.views) {
      const missing = [...allTables].filter((n) => !known.has(n) && new RegExp(`\\b${escapeRe(n)}\\b`, 'i').test(v.sql));
      if (missing.length > 0) {
        this.skipped.push({ kind: 'view', name: v.name, reason: `refers to table(s) not converted: ${missing.join(', ')}`, sql: v.sql });
        continue;
      }
      const tr = translateView(v.sql, this.ctx);
      if (!tr.ok) {
        this.skipped.push({ kind: 'view', name: v.name, reason: tr.reason, sql: v.sql });
        continue;
      }
      let columns: string[];
      try {
        columns = this.src.db.prepare(`SELECT * FROM "${v.name.replace(/"/g, '""')}"`).columns().map((c) => c.name);
      } catch (e) {
        this.skipped.push({ kind: 'view', name: v.name, reason: `SQLite cannot run it: ${(e as Error).message}`, sql: v.sql });
        continue;
      }
      try {
        guarded(tx, () => tx.createView({ name: v.name, definition: tr.sql, columns }));
        this.views.push({ name: v.name, definition: tr.sql });
      } catch (e) {
        this.skipped.push({ kind: 'view', name: v.name, reason: (e as Error).message, sql: v.sql });
      }
    }
  }
}

const INTEGER_CONVERSIONS: ReadonlySet<string> = new Set(['int2', 'int4', 'int8']);

/**
 * Whether SQLite's PRAGMA foreign_key_check, which found no violation of `fk`, also proves the converted rows
 * satisfy it, so storage need not read them again (ADD FOREIGN KEY's `existingRowsChecked`). True when every
 * column pair (child, referenced) is converted to the same integer type on both sides: every value of both
 * columns is an SQLite integer (or NULL), stored unchanged, and two integers match in SQLite exactly when they
 * are equal, whatever the affinity or collation. Any other pair (text, whose match depends on collation and
 * affinity; widened, numeric or real values; a rowid that is no column) is checked by storage as before. The
 * SQLite check ran in the read transaction the copy reads in, over every row the copy wrote.
 */
function sqliteCheckCarriesOver(child: TablePlan, parent: TablePlan, fk: SqliteTable['foreignKeys'][number]): boolean {
  if (fk.refColumns.length !== fk.columns.length) return false;
  const parentPk = parent.table.columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
  return fk.columns.every((name, i) => {
    const refName = fk.refColumns[i] ?? parentPk[i];
    const a = child.columns.find((c) => c.name === name);
    const b = refName === undefined ? undefined : parent.columns.find((c) => c.name === refName);
    if (!a || !b) return false;
    return (
      INTEGER_CONVERSIONS.has(a.decision.conversion) &&
      INTEGER_CONVERSIONS.has(b.decision.conversion) &&
      formatTypeName(a.decision.type) === formatTypeName(b.decision.type)
    );
  });
}

interface IndexBuild {
  readonly name?: string;
  readonly columns: string[];
  readonly unique: boolean;
  readonly constraint?: 'unique';
}

function guarded(tx: Transaction, fn: () => unknown): void {
  tx.savepoint('sqlite_convert_object');
  try {
    fn();
  } catch (e) {
    tx.rollbackTo('sqlite_convert_object');
    throw e;
  } finally {
    tx.releaseSavepoint('sqlite_convert_object');
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compares the SQLite side's row counts and checksums with the stored side's; any difference fails the conversion. */
function compareSums(plans: readonly TablePlan[], reports: readonly TableReport[], sums: Record<string, StoredSum>): void {
  const problems: string[] = [];
  for (const p of plans) {
    const expected = reports.find((r) => r.name === p.table.name)!;
    const got = sums[p.table.name];
    if (!got || got.rows !== expected.rows || got.checksum !== expected.checksum) {
      problems.push(
        `table "${p.table.name}": SQLite ${expected.rows} rows, checksum ${expected.checksum}; stored ${got?.rows ?? '?'} rows, checksum ${got?.checksum ?? '?'}`,
      );
    }
  }
  if (problems.length > 0) {
    throw new SqliteConvertError('VERIFY_FAILED', `sqlite convert: verification failed for ${problems.length} table(s); nothing was written`, {
      detail: problems.join('\n'),
    });
  }
}

/** The compiled worker (dist/verify-worker.js), next to this module or, when this module runs from src (tests), in dist. */
function workerFile(): string | null {
  const here = fileURLToPath(import.meta.url);
  for (const f of [join(dirname(here), 'verify-worker.js'), join(dirname(here), '..', 'dist', 'verify-worker.js')]) if (existsSync(f)) return f;
  return null;
}

/**
 * The stored side of the verification, computed in a worker thread from the committed rows while this thread
 * builds indexes, foreign keys and views (which write index entries and the catalog, never a row). The worker
 * opens the data directory read-only, as a reader beside the writer. Without the compiled worker, the caller's
 * thread computes it when asked.
 */
class StoredSumsJob {
  private readonly worker: Worker | null;
  private readonly result: Promise<Record<string, StoredSum>> | null;

  constructor(
    private readonly dir: string,
    private readonly tables: readonly string[],
  ) {
    const file = workerFile();
    this.worker = file ? new Worker(file, { workerData: { dir, tables } }) : null;
    this.result = this.worker
      ? new Promise((resolve, reject) => {
          const w = this.worker!;
          w.once('message', (m: { sums?: Record<string, StoredSum>; error?: string }) =>
            m.sums ? resolve(m.sums) : reject(new Error(`sqlite convert: verification could not read the stored rows: ${m.error}`)),
          );
          w.once('error', (e) => reject(new Error(`sqlite convert: verification could not read the stored rows: ${e.message}`)));
          w.once('exit', (code) => reject(new Error(`sqlite convert: the verification worker ended (exit ${code}) without a result`)));
        })
      : null;
    // A failure is reported when the result is asked for (or the job stopped); not as an unhandled rejection.
    this.result?.catch(() => {});
  }

  async sums(): Promise<Record<string, StoredSum>> {
    if (!this.result) return storedSums(this.dir, this.tables);
    try {
      return await this.result;
    } finally {
      await this.stop();
    }
  }

  /** Ends the worker (its read-only open of the data directory) if it still runs. */
  async stop(): Promise<void> {
    await this.worker?.terminate();
  }
}
