/**
 * COPY ... TO 'file' and COPY ... FROM 'file' through @heliosdb/io-formats. The format comes from
 * `WITH (FORMAT ...)` or the file's extension; CSV options (HEADER, DELIMITER, QUOTE, ESCAPE, NULL,
 * FORCE_QUOTE) pass through. COPY TO writes a temporary sibling and renames it (a failed export leaves no
 * file). COPY FROM is all or nothing: it runs under a savepoint that is rolled back on the first bad row, unless
 * `ON_ERROR ignore` (PostgreSQL 17) skips rows whose values do not convert, listing them in `REJECTS 'file'`.
 * A caller may bind STDIN/STDOUT to streams and watch progress through `CopyIo` (the CLI and REST do).
 */
import type { Readable, Writable } from 'node:stream';
import type { PgType, Value } from '@heliosdb/types';
import { T, sameType } from '@heliosdb/types';
import { type ColumnSchema, FormatError, type FormatName, type ReaderOptions, type RowWriter, type WriteOptions, createReader, createWriter, resolveFormat } from '@heliosdb/io-formats';
import type { TableDef, Transaction } from '@heliosdb/storage';
import { StorageError } from '@heliosdb/storage';
import { stat } from 'node:fs/promises';
import { coerceExpr } from '../analyzer/coerce.js';
import { isUnknown } from '../analyzer/sql-type.js';
import { notSupported } from '../errors/analysis-errors.js';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import type { EvalContext, Row } from '../expressions/expr.js';
import { type Node, type NodeBody, nodeAs, stringOf } from '../parser/ast.js';
import type { PlanNode } from '../planner/plan-node.js';
import type { Notice } from '../engine/query-result.js';
import { storageRow, tableExpressions } from '../database/table-expressions.js';
import { textOut } from '../values/types-api.js';
import { visibleSlots } from '../database/table-relation.js';
import { type CopyWire, copyStream, selectOf } from './copy-stream.js';
import { type CopyFilePolicy, confineCopyFile } from './copy-file-access.js';

export interface CopyContext {
  readonly tx: Transaction;
  readonly evalContext: EvalContext;
  /** Plans a SELECT statement node. */
  readonly planQuery: (node: Node) => PlanNode;
  readonly io?: CopyIo | undefined;
  /** Which server files COPY may read and write (copy-file-access.ts); undefined: any the process may. */
  readonly files?: CopyFilePolicy | undefined;
}

/** What a caller binds to one COPY statement: its STDIN/STDOUT, a progress callback, and whether FROM may create. */
export interface CopyIo {
  /** `COPY ... TO STDOUT` writes here (and ends the stream when done). */
  readonly stdout?: Writable;
  /** `COPY ... FROM STDIN` reads from here. */
  readonly stdin?: Readable;
  /** Called after every batch with the rows so far and the bytes written (TO) or read (FROM, when the format tells). */
  readonly onProgress?: (p: CopyProgress) => void;
  /** COPY FROM into a missing table creates it from the file (true, the default); false makes it an error. */
  readonly createMissing?: boolean;
  /** The server's COPY sub-protocol: STDIN/STDOUT are CopyData messages (copy-stream.ts); text format included. */
  readonly wire?: CopyWire;
}

export interface CopyProgress {
  readonly rows: number;
  readonly bytes: number;
}


export interface CopyResult {
  readonly command: 'COPY';
  /** Rows written (TO) or loaded (FROM). */
  readonly rowCount: number;
  readonly format: FormatName;
  /** Bytes written (TO) or read (FROM; the file's size for Parquet and Arrow files). */
  readonly bytes: number;
  /** COPY FROM: rows left out under ON_ERROR ignore. */
  readonly skipped: number;
  /** COPY FROM: whether the table was created from the file. */
  readonly created: boolean;
  readonly notices: readonly Notice[];
}

const BAD_COPY_FILE_FORMAT = '22P04';
const SAVEPOINT = '\u0000heliosdb_copy';

interface CopyOptions {
  format?: string;
  header?: boolean;
  delimiter?: string;
  quote?: string;
  escape?: string;
  null?: string;
  forceQuote?: boolean | string[];
  encoding?: string;
  compression?: string;
  onError?: 'stop' | 'ignore';
  rejects?: string;
}

const CSV_ONLY: Record<string, string> = { header: 'HEADER', delimiter: 'DELIMITER', quote: 'QUOTE', escape: 'ESCAPE', null: 'NULL', forceQuote: 'FORCE_QUOTE', encoding: 'ENCODING' };

function optionText(d: NodeBody<'DefElem'>): string {
  const arg = d.arg;
  if (!arg) throw new SqlError(SqlState.syntaxError, `${d.defname} requires a parameter`);
  const s = nodeAs(arg, 'String');
  if (s) return s.sval ?? '';
  const i = nodeAs(arg, 'Integer');
  if (i) return String(i.ival ?? 0);
  const b = nodeAs(arg, 'Boolean');
  if (b) return b.boolval ? 'true' : 'false';
  throw new SqlError(SqlState.syntaxError, `argument to option "${d.defname}" must be a string`);
}

function optionBool(d: NodeBody<'DefElem'>): boolean {
  if (!d.arg) return true;
  const t = optionText(d).toLowerCase();
  if (['true', 'on', '1', 'yes'].includes(t)) return true;
  if (['false', 'off', '0', 'no'].includes(t)) return false;
  throw new SqlError(SqlState.syntaxError, `${d.defname} requires a Boolean value`);
}

function parseOptions(list: readonly Node[] | undefined, isFrom: boolean): CopyOptions {
  const o: CopyOptions = {};
  const seen = new Set<string>();
  for (const n of list ?? []) {
    const d = nodeAs(n, 'DefElem')!;
    const name = (d.defname ?? '').toLowerCase();
    if (seen.has(name)) throw new SqlError(SqlState.syntaxError, 'conflicting or redundant options');
    seen.add(name);
    switch (name) {
      case 'format': o.format = optionText(d); break;
      case 'header': o.header = optionBool(d); break;
      case 'delimiter': o.delimiter = optionText(d); break;
      case 'quote': o.quote = optionText(d); break;
      case 'escape': o.escape = optionText(d); break;
      case 'null': o.null = optionText(d); break;
      case 'encoding': o.encoding = optionText(d); break;
      case 'compression': o.compression = optionText(d).toLowerCase(); break;
      case 'on_error': {
        // PostgreSQL 17: stop (the default) or ignore rows whose values do not convert; COPY FROM only.
        if (!isFrom) throw new SqlError(SqlState.featureNotSupported, 'COPY ON_ERROR cannot be used with COPY TO');
        const v = optionText(d).toLowerCase();
        if (v !== 'stop' && v !== 'ignore') throw new SqlError(SqlState.invalidParameterValue, `COPY ON_ERROR "${optionText(d)}" not recognized`);
        o.onError = v;
        break;
      }
      case 'rejects':
        if (!isFrom) throw new SqlError(SqlState.featureNotSupported, 'COPY REJECTS cannot be used with COPY TO');
        o.rejects = optionText(d);
        if (o.rejects === '') throw new SqlError(SqlState.invalidParameterValue, 'COPY REJECTS: the file name is empty');
        break;
      case 'force_quote': {
        if (isFrom) throw new SqlError(SqlState.featureNotSupported, 'COPY FORCE_QUOTE cannot be used with COPY FROM');
        if (d.arg && nodeAs(d.arg, 'A_Star')) o.forceQuote = true;
        else {
          const items = d.arg ? nodeAs(d.arg, 'List')?.items : undefined;
          if (!items) throw new SqlError(SqlState.syntaxError, 'argument to option "force_quote" must be a list of column names');
          o.forceQuote = items.map(stringOf);
        }
        break;
      }
      default:
        throw new SqlError(SqlState.syntaxError, `option "${d.defname}" not recognized`, {
          hint: 'COPY takes FORMAT, HEADER, DELIMITER, QUOTE, ESCAPE, NULL, FORCE_QUOTE, ENCODING, COMPRESSION (Parquet), ON_ERROR and REJECTS (COPY FROM).',
        });
    }
  }
  if (o.rejects !== undefined && o.onError !== 'ignore') {
    throw new SqlError(SqlState.invalidParameterValue, 'COPY REJECTS needs ON_ERROR ignore', { hint: "WITH (ON_ERROR ignore, REJECTS '/path/rejects.csv')" });
  }
  return o;
}

/** The format, or a SqlError listing the formats. */
function formatOf(path: string | undefined, o: CopyOptions): FormatName {
  let format: FormatName;
  try {
    format = resolveFormat(path, o.format);
  } catch (e) {
    throw new SqlError(SqlState.invalidParameterValue, `COPY: ${e instanceof FormatError ? e.detail : String(e)}`);
  }
  if (format !== 'csv') {
    for (const [key, label] of Object.entries(CSV_ONLY)) {
      if ((o as Record<string, unknown>)[key] !== undefined) throw new SqlError(SqlState.featureNotSupported, `COPY ${label} is available only in CSV format, not ${format}`);
    }
  }
  // Parquet: the page codec; CSV/JSON/JSONL: the whole file (gzip, zstd), as DuckDB's COPY (also by .gz/.zst extension)
  if (o.compression !== undefined && !['parquet', 'csv', 'json', 'jsonl'].includes(format)) {
    throw new SqlError(SqlState.featureNotSupported, `COPY COMPRESSION is available only in Parquet, CSV, JSON and JSONL formats, not ${format}`);
  }
  return format;
}

function csvOptions(o: CopyOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['header', 'delimiter', 'quote', 'escape', 'null', 'forceQuote', 'encoding'] as const) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** A storage, value-layer or io-formats error as a SqlError, keeping SQLSTATEs that exist. */
function asError(e: unknown, where: string): SqlError {
  if (e instanceof SqlError) return new SqlError(e.code, `${where}: ${e.message}`, { ...(e.detail ? { detail: e.detail } : {}), ...(e.hint ? { hint: e.hint } : {}) });
  if (e instanceof StorageError) return new SqlError(e.code, `${where}: ${e.message}`, { ...(e.detail ? { detail: e.detail } : {}), ...(e.hint ? { hint: e.hint } : {}) });
  if (e instanceof FormatError) {
    // A value that does not parse keeps its SQLSTATE (22P02, 22003, ...); a malformed file is 22P04.
    const cause = (e.cause as { code?: unknown } | undefined)?.code;
    return new SqlError(typeof cause === 'string' && /^[0-9A-Z]{5}$/.test(cause) ? cause : BAD_COPY_FILE_FORMAT, `${where}: ${e.message}`);
  }
  const code = typeof (e as { code?: unknown })?.code === 'string' && /^[0-9A-Z]{5}$/.test((e as { code: string }).code) ? (e as { code: string }).code : BAD_COPY_FILE_FORMAT;
  return new SqlError(code, `${where}: ${e instanceof Error ? e.message : String(e)}`);
}

function relationName(rel: NodeBody<'RangeVar'>): string {
  return rel.schemaname ? `${rel.schemaname}.${rel.relname}` : rel.relname!;
}

function visibleColumns(table: TableDef): { slot: number; name: string; type: PgType; notNull: boolean }[] {
  return visibleSlots(table).map((slot) => {
    const c = table.columns[slot]!;
    return { slot, name: c.name, type: c.type, notNull: c.notNull ?? false };
  });
}

/** Where the rows go or come from: a file, or the stream the caller bound to STDOUT/STDIN. */
interface Endpoint {
  readonly path: string | undefined;
  readonly stream: Readable | Writable | undefined;
  /** For messages: the quoted path, or STDIN/STDOUT. */
  readonly label: string;
}

function endpointOf(stmt: NodeBody<'CopyStmt'>, io: CopyIo | undefined): Endpoint {
  if (stmt.is_program) throw notSupported('COPY TO/FROM PROGRAM');
  if (stmt.filename === undefined) {
    const stream = stmt.is_from ? io?.stdin : io?.stdout;
    if (!stream) {
      throw new SqlError(SqlState.featureNotSupported, `COPY ${stmt.is_from ? 'FROM STDIN' : 'TO STDOUT'} is not supported by the embedded database`, {
        hint: "Name a file: COPY t TO '/path/file.csv'.",
      });
    }
    return { path: undefined, stream, label: stmt.is_from ? 'STDIN' : 'STDOUT' };
  }
  if (stmt.filename === '') throw new SqlError(SqlState.invalidParameterValue, 'COPY: the file name is empty');
  return { path: stmt.filename, stream: undefined, label: `"${stmt.filename}"` };
}

export async function copy(stmt: NodeBody<'CopyStmt'>, c: CopyContext): Promise<CopyResult> {
  const wire = c.io?.wire;
  if (wire && stmt.filename === undefined) return copyStream(stmt, c, wire, (io) => copy(stmt, { ...c, io }));
  let end = endpointOf(stmt, c.io);
  const options = parseOptions(stmt.options, stmt.is_from ?? false);
  if (end.path !== undefined) end = { ...end, path: await confineCopyFile(end.path, stmt.is_from ? 'read' : 'write', c.files) };
  if (options.rejects !== undefined) options.rejects = await confineCopyFile(options.rejects, 'write', c.files, 'COPY REJECTS');
  const format = formatOf(end.path, options);
  return stmt.is_from ? copyFrom(stmt, end, format, options, c) : copyTo(stmt, end, format, options, c);
}

// ---- COPY TO ----

async function copyTo(stmt: NodeBody<'CopyStmt'>, end: Endpoint, format: FormatName, o: CopyOptions, c: CopyContext): Promise<CopyResult> {
  let plan: PlanNode;
  let notNull: boolean[] = [];
  let tableName: string | [string, string] | undefined;
  let direct: (() => Iterable<Value[]>) | undefined;
  if (stmt.relation) {
    const rel = stmt.relation;
    const schema = rel.schemaname ?? 'public';
    const table = c.tx.catalog.findTable(rel.relname!, schema);
    if (!table) {
      if (c.tx.catalog.view(rel.relname!, schema)) {
        throw new SqlError(SqlState.wrongObjectType, `cannot copy from view "${rel.relname}"`, { hint: 'Try the COPY (SELECT ...) TO variant.' });
      }
      throw new SqlError(SqlState.undefinedTable, `relation "${relationName(rel)}" does not exist`);
    }
    const cols = visibleColumns(table);
    const names = stmt.attlist?.length ? stmt.attlist.map(stringOf) : cols.map((x) => x.name);
    for (const n of names) {
      if (!cols.some((x) => x.name === n)) throw new SqlError(SqlState.undefinedColumn, `column "${n}" of relation "${table.name}" does not exist`);
    }
    if (new Set(names).size !== names.length) throw new SqlError('42701', `column "${names.find((n, i) => names.indexOf(n) !== i)}" specified more than once`);
    notNull = names.map((n) => cols.find((x) => x.name === n)!.notNull);
    plan = c.planQuery(selectOf(rel, names));
    tableName = rel.schemaname ? [rel.schemaname, rel.relname!] : rel.relname!;
    // A table is read straight from storage (the plan is the same scan through the executor's extra row copies).
    const slots = names.map((n) => cols.find((x) => x.name === n)!.slot);
    const whole = slots.length === table.columns.length && slots.every((s, i) => s === i);
    const tx = c.tx;
    // scanValues decodes each row straight from LMDB's read buffer (no key or row bytes copied per row).
    direct = whole ? () => tx.scanValues(table) : function* () {
      for (const values of tx.scanValues(table)) yield slots.map((s) => values[s] ?? null);
    };
  } else {
    if (stmt.attlist?.length) throw new SqlError(SqlState.syntaxError, 'COPY (query) does not take a column list');
    const select = stmt.query && nodeAs(stmt.query, 'SelectStmt');
    if (!select) throw notSupported('COPY of a statement other than SELECT');
    plan = c.planQuery(stmt.query!);
  }
  const schema: ColumnSchema[] = plan.columns.map((col, i) => ({
    name: col.name,
    type: isUnknown(col.type) ? T.text : col.type,
    ...(notNull[i] ? { nullable: false } : {}),
  }));
  const writeOptions: WriteOptions = {
    format,
    // PostgreSQL's COPY writes no header line unless HEADER is given.
    ...(format === 'csv' ? { header: false } : {}),
    ...csvOptions(o),
    ...(o.compression !== undefined ? { compression: o.compression as WriteOptions['compression'] } : {}),
    ...(format === 'sql' ? { table: tableName ?? 'query' } : {}),
  };
  const where = `COPY TO ${end.label}`;
  let writer: RowWriter;
  try {
    writer = await createWriter(end.path ?? (end.stream as Writable), schema, writeOptions);
  } catch (e) {
    throw asError(e, where);
  }
  const onProgress = c.io?.onProgress;
  let count = 0;
  try {
    let batch: Value[][] = [];
    for (const row of direct ? direct() : plan.rows(c.evalContext)) {
      batch.push(direct ? (row as Value[]) : [...row]);
      count++;
      if (batch.length === 1024) {
        await writer.writeRows(batch);
        batch = [];
        onProgress?.({ rows: count, bytes: writer.bytesWritten });
      }
    }
    if (batch.length) await writer.writeRows(batch);
    await writer.finish();
    onProgress?.({ rows: count, bytes: writer.bytesWritten });
  } catch (e) {
    await writer.abort().catch(() => undefined);
    throw e instanceof SqlError ? e : asError(e, `${where}, row ${count}`);
  }
  return { command: 'COPY', rowCount: count, format, bytes: writer.bytesWritten, skipped: 0, created: false, notices: [] };
}

// ---- COPY FROM ----

interface Target {
  readonly slot: number;
  readonly name: string;
  readonly type: PgType;
}

async function copyFrom(stmt: NodeBody<'CopyStmt'>, end: Endpoint, format: FormatName, o: CopyOptions, c: CopyContext): Promise<CopyResult> {
  if (stmt.whereClause) throw notSupported('COPY FROM ... WHERE');
  const rel = stmt.relation;
  if (!rel) throw new SqlError(SqlState.syntaxError, 'COPY FROM needs a table');
  const schemaName = rel.schemaname ?? 'public';
  const tx = c.tx;
  const existing = tx.catalog.findTable(rel.relname!, schemaName);
  if (!existing && tx.catalog.view(rel.relname!, schemaName)) throw new SqlError(SqlState.wrongObjectType, `cannot copy to view "${rel.relname}"`);
  if (!existing && stmt.attlist?.length) {
    throw new SqlError(SqlState.undefinedTable, `relation "${relationName(rel)}" does not exist`, { hint: 'A column list needs an existing table; without one, COPY FROM creates the table from the file.' });
  }
  if (!existing && c.io?.createMissing === false) {
    throw new SqlError(SqlState.undefinedTable, `relation "${relationName(rel)}" does not exist`, { hint: "Create the table first, or let the import create it from the file's columns." });
  }
  const where = (place?: string) => `COPY ${rel.relname}${place ? `, ${place}` : ''}`;

  // Targets (for an existing table) decide the reader's schema for the text formats.
  let targets: Target[] | undefined;
  if (existing) {
    const cols = visibleColumns(existing);
    const names = stmt.attlist?.length ? stmt.attlist.map(stringOf) : cols.map((x) => x.name);
    targets = names.map((n) => {
      const col = cols.find((x) => x.name === n);
      if (!col) throw new SqlError(SqlState.undefinedColumn, `column "${n}" of relation "${existing.name}" does not exist`);
      return { slot: col.slot, name: col.name, type: col.type };
    });
    if (new Set(names).size !== names.length) throw new SqlError('42701', `column "${names.find((n, i) => names.indexOf(n) !== i)}" specified more than once`);
  }
  const rejects = o.onError === 'ignore' ? new Rejects(o.rejects, where) : undefined;
  let bytesRead = 0;
  const readOptions: ReaderOptions = {
    format,
    ...csvOptions(o),
    ...(targets && (format === 'csv' || format === 'json' || format === 'jsonl') ? { schema: targets.map((t) => ({ name: t.name, type: t.type })) } : {}),
    ...(rejects ? { onBadRow: (e: FormatError) => rejects.fromReader(e) } : {}),
    ...(o.compression !== undefined && format !== 'parquet' ? { compression: o.compression } : {}),
    onBytes: (n: number) => (bytesRead = n),
  };

  tx.savepoint(SAVEPOINT);
  try {
    await rejects?.open();
    const reader = createReader(end.path ?? (end.stream as Readable), readOptions);
    let fileSchema: ColumnSchema[];
    try {
      fileSchema = await reader.schema;
    } catch (e) {
      throw asError(e, where());
    }
    let table: TableDef;
    if (existing) table = existing;
    else {
      if (fileSchema.length === 0) throw new SqlError(BAD_COPY_FILE_FORMAT, `${where()}: the file ${end.label} has no columns to create the table from`);
      tx.createTable({
        ...(rel.schemaname ? { schema: rel.schemaname } : {}),
        name: rel.relname!,
        columns: fileSchema.map((f) => ({ name: f.name, type: f.type, notNull: f.nullable === false, default: null })),
      });
      table = tx.catalog.table(rel.relname!, schemaName);
      const cols = visibleColumns(table);
      targets = cols.map((x) => ({ slot: x.slot, name: x.name, type: x.type }));
    }
    const progress = c.io?.onProgress;
    const n = await load(reader.rows(), fileSchema, targets!, table, format, end.label, c, where, rejects, progress && ((rows) => progress({ rows, bytes: bytesRead })));
    await rejects?.finish();
    tx.releaseSavepoint(SAVEPOINT);
    if (end.path !== undefined && (format === 'parquet' || format === 'arrow')) bytesRead = (await stat(end.path)).size;
    const skipped = rejects?.count ?? 0;
    return {
      command: 'COPY',
      rowCount: n,
      format,
      bytes: bytesRead,
      skipped,
      created: !existing,
      // PostgreSQL 17's words (copyfrom.c).
      notices: skipped > 0 ? [{ severity: 'NOTICE', code: '00000', message: `${skipped} ${skipped === 1 ? 'row was' : 'rows were'} skipped due to data type incompatibility` }] : [],
    };
  } catch (e) {
    await rejects?.abort();
    tx.rollbackTo(SAVEPOINT);
    tx.releaseSavepoint(SAVEPOINT);
    throw e;
  }
}

/** A value that does not convert to its column (22xxx: invalid text, out of range, ...) is what ON_ERROR ignore skips. */
function isDataTypeError(e: unknown): boolean {
  const code = (e instanceof FormatError ? (e.cause as { code?: unknown } | undefined)?.code : (e as { code?: unknown } | undefined)?.code);
  return typeof code === 'string' && code.startsWith('22');
}

const REJECTS_SCHEMA: ColumnSchema[] = [
  { name: 'line', type: T.int8 },
  { name: 'row', type: T.int8 },
  { name: 'column', type: T.text },
  { name: 'error', type: T.text },
];

/**
 * The rows ON_ERROR ignore leaves out: counted, and when REJECTS names a file, written to it as CSV
 * (line, row, column, error) through a temporary sibling that becomes the file only when the COPY succeeds.
 */
class Rejects {
  count = 0;
  private writer: RowWriter | undefined;
  private pending: Value[][] = [];

  constructor(
    private readonly path: string | undefined,
    private readonly where: (place?: string) => string,
  ) {}

  async open(): Promise<void> {
    if (this.path === undefined) return;
    try {
      this.writer = await createWriter(this.path, REJECTS_SCHEMA, { format: 'csv', header: true });
    } catch (e) {
      throw asError(e, `${this.where()}: REJECTS "${this.path}"`);
    }
  }

  /** A record the reader could not convert: skipped when the cause is a value of the wrong type, else fatal. */
  fromReader(e: FormatError): void {
    if (!isDataTypeError(e)) throw e;
    if (e.row !== undefined) this.readerRows.push(e.row);
    this.add(e.line ?? null, e.row ?? null, e.column === undefined ? null : String(e.column), e.detail);
  }

  /** Data rows the reader left out, ascending, so the rows it yields can be numbered as in the file. */
  readonly readerRows: number[] = [];

  add(line: number | null, row: number | null, column: string | null, error: string): void {
    this.count++;
    if (this.writer) this.pending.push([line === null ? null : BigInt(line), row === null ? null : BigInt(row), column, error]);
  }

  /** Writes what has gathered (called between batches). */
  async flush(): Promise<void> {
    if (this.writer && this.pending.length > 0) {
      const rows = this.pending;
      this.pending = [];
      await this.writer.writeRows(rows);
    }
  }

  async finish(): Promise<void> {
    await this.flush();
    await this.writer?.finish();
  }

  async abort(): Promise<void> {
    await this.writer?.abort().catch(() => undefined);
  }
}

/** Which file column feeds each target column: by position for CSV, by name for self-describing formats. */
function mapColumns(fileSchema: readonly ColumnSchema[], targets: readonly Target[], format: FormatName, label: string, table: string): (number | undefined)[] {
  if (format === 'csv') {
    if (fileSchema.length !== targets.length) {
      throw new SqlError(BAD_COPY_FILE_FORMAT, `COPY ${table}: ${label} has ${fileSchema.length} columns; expected ${targets.length} (${targets.map((t) => t.name).join(', ')})`);
    }
    return targets.map((_, i) => i);
  }
  const byName = targets.map((t) => {
    const i = fileSchema.findIndex((f) => f.name === t.name);
    return i >= 0 ? i : undefined;
  });
  const extra = fileSchema.filter((f) => !targets.some((t) => t.name === f.name));
  if (extra.length > 0) {
    throw new SqlError(BAD_COPY_FILE_FORMAT, `COPY ${table}: column${extra.length > 1 ? 's' : ''} ${extra.map((f) => `"${f.name}"`).join(', ')} of ${label} ${extra.length > 1 ? 'have' : 'has'} no column in the target (${targets.map((t) => t.name).join(', ')})`, {
      hint: 'Name the columns: COPY t (a, b) FROM ..., or rename them in the file.',
    });
  }
  return byName;
}

async function load(
  batches: AsyncIterable<Value[][]>,
  fileSchema: readonly ColumnSchema[],
  targets: readonly Target[],
  table: TableDef,
  format: FormatName,
  label: string,
  c: CopyContext,
  where: (place?: string) => string,
  rejects: Rejects | undefined,
  onProgress: ((rows: number) => void) | undefined,
): Promise<number> {
  const tx = c.tx;
  const te = tableExpressions(tx, table);
  const source = mapColumns(fileSchema, targets, format, label, table.name);
  // Visible position of each target; the converter from the file's type to the column's.
  const positions = targets.map((t) => te.slots.indexOf(t.slot));
  // A file column of the column's own type (every CSV/JSON column read with the table's schema) is taken as is.
  const direct = targets.map((t, i) => source[i] !== undefined && sameType(fileSchema[source[i]!]!.type, t.type));
  const converters = targets.map((t, i) => {
    const s = source[i];
    if (s === undefined) return undefined;
    const from = fileSchema[s]!.type;
    return coerceExpr({ type: from, evaluate: (r: Row) => r[s]! }, t.type, 'explicit', `column "${t.name}"`).evaluate;
  });
  const given = new Set(positions.filter((p, i) => source[i] !== undefined && p >= 0));
  const missing = te.slots.map((_, p) => p).filter((p) => !given.has(p));
  const width = te.slots.length;
  // Without dropped columns the visible row is the storage row.
  const whole = width === table.columns.length && te.slots.every((slot, p) => slot === p);
  // The file's row is the storage row itself: every column given, in order, of its own type.
  const asIs = whole && missing.length === 0 && targets.length === width && direct.every((d, i) => d && source[i] === i && positions[i] === i);
  let row = 0;
  let loaded = 0;
  let readerSkips = 0;
  const it = batches[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      let next: IteratorResult<Value[][]>;
      try {
        next = await it.next();
      } catch (e) {
        throw asError(e, where());
      }
      if (next.done) break;
      records: for (const rec of next.value) {
        row++;
        // A batch arrives after the reader has left out its bad records, so their numbers are known here.
        while (rejects && readerSkips < rejects.readerRows.length && rejects.readerRows[readerSkips] === row) {
          row++;
          readerSkips++;
        }
        if (asIs && rec.length === width) {
          try {
            te.check(rec, c.evalContext);
            tx.insert(table, rec);
            loaded++;
          } catch (e) {
            throw asError(e, where(`row ${row}`));
          }
          continue;
        }
        const out: Value[] = new Array<Value>(width).fill(null);
        for (let i = 0; i < targets.length; i++) {
          const conv = converters[i];
          if (!conv) continue;
          if (direct[i]) {
            out[positions[i]!] = rec[source[i]!]!;
            continue;
          }
          try {
            out[positions[i]!] = conv(rec, c.evalContext);
          } catch (e) {
            const v = rec[source[i]!]!;
            const shown = v === null ? 'NULL' : `"${textOut(fileSchema[source[i]!]!.type, v)}"`;
            if (rejects && isDataTypeError(e)) {
              rejects.add(null, row, targets[i]!.name, `${shown}: ${e instanceof Error ? e.message : String(e)}`);
              continue records;
            }
            throw asError(e, where(`row ${row}, column ${targets[i]!.name}: ${shown}`));
          }
        }
        try {
          for (const p of missing) out[p] = te.defaults[p]!(c.evalContext);
          te.check(out, c.evalContext);
          tx.insert(table, whole ? out : storageRow(table, te.slots, out));
          loaded++;
        } catch (e) {
          throw asError(e, where(`row ${row}`));
        }
      }
      await rejects?.flush();
      onProgress?.(loaded);
    }
    finished = true;
  } finally {
    // A row that fails ends the load early: let the reader release its file and decoder (a Parquet worker thread).
    if (!finished) await it.return?.(undefined)?.catch(() => undefined);
  }
  return loaded;
}
