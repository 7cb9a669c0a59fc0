/**
 * COPY ... TO 'file' and COPY ... FROM 'file' through @heliosdb/io-formats. The format comes from
 * `WITH (FORMAT ...)` or the file's extension; CSV options (HEADER, DELIMITER, QUOTE, ESCAPE, NULL,
 * FORCE_QUOTE) pass through. COPY TO writes a temporary sibling and renames it (a failed export leaves no
 * file). COPY FROM is all or nothing: it runs under a savepoint that is rolled back on the first bad row.
 */
import type { PgType, Value } from '@heliosdb/types';
import { T } from '@heliosdb/types';
import { type ColumnSchema, FormatError, type FormatName, type ReaderOptions, type WriteOptions, createReader, createWriter, resolveFormat } from '@heliosdb/io-formats';
import type { TableDef, Transaction } from '@heliosdb/storage';
import { StorageError } from '@heliosdb/storage';
import { coerceExpr } from '../analyzer/coerce.js';
import { isUnknown } from '../analyzer/sql-type.js';
import { notSupported } from '../errors/analysis-errors.js';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import type { EvalContext, Row } from '../expressions/expr.js';
import { type Node, type NodeBody, nodeAs, stringOf } from '../parser/ast.js';
import type { PlanNode } from '../planner/plan-node.js';
import { storageRow, tableExpressions } from '../database/table-expressions.js';
import { textOut } from '../values/types-api.js';
import { visibleSlots } from '../database/table-relation.js';

export interface CopyContext {
  readonly tx: Transaction;
  readonly evalContext: EvalContext;
  /** Plans a SELECT statement node. */
  readonly planQuery: (node: Node) => PlanNode;
}

export interface CopyResult {
  readonly command: 'COPY';
  readonly rowCount: number;
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
          hint: 'COPY takes FORMAT, HEADER, DELIMITER, QUOTE, ESCAPE, NULL, FORCE_QUOTE, ENCODING and COMPRESSION (Parquet).',
        });
    }
  }
  return o;
}

/** The format, or a SqlError listing the formats. */
function formatOf(path: string, o: CopyOptions): FormatName {
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
  if (o.compression !== undefined && format !== 'parquet') throw new SqlError(SqlState.featureNotSupported, `COPY COMPRESSION is available only in Parquet format, not ${format}`);
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

function pathOf(stmt: NodeBody<'CopyStmt'>): string {
  if (stmt.is_program) throw notSupported('COPY TO/FROM PROGRAM');
  if (stmt.filename === undefined) {
    throw new SqlError(SqlState.featureNotSupported, `COPY ${stmt.is_from ? 'FROM STDIN' : 'TO STDOUT'} is not supported by the embedded database`, {
      hint: "Name a file: COPY t TO '/path/file.csv'.",
    });
  }
  if (stmt.filename === '') throw new SqlError(SqlState.invalidParameterValue, 'COPY: the file name is empty');
  return stmt.filename;
}

export async function copy(stmt: NodeBody<'CopyStmt'>, c: CopyContext): Promise<CopyResult> {
  const path = pathOf(stmt);
  const options = parseOptions(stmt.options, stmt.is_from ?? false);
  const format = formatOf(path, options);
  return stmt.is_from ? copyFrom(stmt, path, format, options, c) : copyTo(stmt, path, format, options, c);
}

// ---- COPY TO ----

function selectOf(rel: NodeBody<'RangeVar'>, columns: readonly string[]): Node {
  return {
    SelectStmt: {
      targetList: columns.map((name) => ({ ResTarget: { val: { ColumnRef: { fields: [{ String: { sval: name } }] } } } })),
      fromClause: [{ RangeVar: { ...(rel.schemaname ? { schemaname: rel.schemaname } : {}), relname: rel.relname!, inh: true, relpersistence: 'p' } }],
      limitOption: 'LIMIT_OPTION_DEFAULT',
      op: 'SETOP_NONE',
    },
  } as Node;
}

async function copyTo(stmt: NodeBody<'CopyStmt'>, path: string, format: FormatName, o: CopyOptions, c: CopyContext): Promise<CopyResult> {
  let plan: PlanNode;
  let notNull: boolean[] = [];
  let tableName: string | [string, string] | undefined;
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
  const where = `COPY TO "${path}"`;
  let writer;
  try {
    writer = await createWriter(path, schema, writeOptions);
  } catch (e) {
    throw asError(e, where);
  }
  let count = 0;
  try {
    let batch: Value[][] = [];
    for (const row of plan.rows(c.evalContext)) {
      batch.push([...row]);
      count++;
      if (batch.length === 1024) {
        await writer.writeRows(batch);
        batch = [];
      }
    }
    if (batch.length) await writer.writeRows(batch);
    await writer.finish();
  } catch (e) {
    await writer.abort().catch(() => undefined);
    throw e instanceof SqlError ? e : asError(e, `${where}, row ${count}`);
  }
  return { command: 'COPY', rowCount: count };
}

// ---- COPY FROM ----

interface Target {
  readonly slot: number;
  readonly name: string;
  readonly type: PgType;
}

async function copyFrom(stmt: NodeBody<'CopyStmt'>, path: string, format: FormatName, o: CopyOptions, c: CopyContext): Promise<CopyResult> {
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
  const readOptions: ReaderOptions = {
    format,
    ...csvOptions(o),
    ...(targets && (format === 'csv' || format === 'json' || format === 'jsonl') ? { schema: targets.map((t) => ({ name: t.name, type: t.type })) } : {}),
  };

  tx.savepoint(SAVEPOINT);
  try {
    const reader = createReader(path, readOptions);
    let fileSchema: ColumnSchema[];
    try {
      fileSchema = await reader.schema;
    } catch (e) {
      throw asError(e, where());
    }
    let table: TableDef;
    if (existing) table = existing;
    else {
      if (fileSchema.length === 0) throw new SqlError(BAD_COPY_FILE_FORMAT, `${where()}: the file "${path}" has no columns to create the table from`);
      tx.createTable({
        ...(rel.schemaname ? { schema: rel.schemaname } : {}),
        name: rel.relname!,
        columns: fileSchema.map((f) => ({ name: f.name, type: f.type, notNull: f.nullable === false, default: null })),
      });
      table = tx.catalog.table(rel.relname!, schemaName);
      const cols = visibleColumns(table);
      targets = cols.map((x) => ({ slot: x.slot, name: x.name, type: x.type }));
    }
    const n = await load(reader.rows(), fileSchema, targets!, table, format, path, c, where);
    tx.releaseSavepoint(SAVEPOINT);
    return { command: 'COPY', rowCount: n };
  } catch (e) {
    tx.rollbackTo(SAVEPOINT);
    tx.releaseSavepoint(SAVEPOINT);
    throw e;
  }
}

/** Which file column feeds each target column: by position for CSV, by name for self-describing formats. */
function mapColumns(fileSchema: readonly ColumnSchema[], targets: readonly Target[], format: FormatName, path: string, table: string): (number | undefined)[] {
  if (format === 'csv') {
    if (fileSchema.length !== targets.length) {
      throw new SqlError(BAD_COPY_FILE_FORMAT, `COPY ${table}: "${path}" has ${fileSchema.length} columns; expected ${targets.length} (${targets.map((t) => t.name).join(', ')})`);
    }
    return targets.map((_, i) => i);
  }
  const byName = targets.map((t) => {
    const i = fileSchema.findIndex((f) => f.name === t.name);
    return i >= 0 ? i : undefined;
  });
  const extra = fileSchema.filter((f) => !targets.some((t) => t.name === f.name));
  if (extra.length > 0) {
    throw new SqlError(BAD_COPY_FILE_FORMAT, `COPY ${table}: column${extra.length > 1 ? 's' : ''} ${extra.map((f) => `"${f.name}"`).join(', ')} of "${path}" ${extra.length > 1 ? 'have' : 'has'} no column in the target (${targets.map((t) => t.name).join(', ')})`, {
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
  path: string,
  c: CopyContext,
  where: (place?: string) => string,
): Promise<number> {
  const tx = c.tx;
  const te = tableExpressions(tx, table);
  const source = mapColumns(fileSchema, targets, format, path, table.name);
  // Visible position of each target; the converter from the file's type to the column's.
  const positions = targets.map((t) => te.slots.indexOf(t.slot));
  const converters = targets.map((t, i) => {
    const s = source[i];
    if (s === undefined) return undefined;
    const from = fileSchema[s]!.type;
    return coerceExpr({ type: from, evaluate: (r: Row) => r[s]! }, t.type, 'explicit', `column "${t.name}"`).evaluate;
  });
  const given = new Set(positions.filter((p, i) => source[i] !== undefined && p >= 0));
  let row = 0;
  const it = batches[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<Value[][]>;
    try {
      next = await it.next();
    } catch (e) {
      throw asError(e, where());
    }
    if (next.done) break;
    for (const rec of next.value) {
      row++;
      const out: Value[] = te.slots.map(() => null);
      for (let i = 0; i < targets.length; i++) {
        const conv = converters[i];
        if (!conv) continue;
        try {
          out[positions[i]!] = conv(rec, c.evalContext);
        } catch (e) {
          const v = rec[source[i]!]!;
          const shown = v === null ? 'NULL' : `"${textOut(fileSchema[source[i]!]!.type, v)}"`;
          throw asError(e, where(`row ${row}, column ${targets[i]!.name}: ${shown}`));
        }
      }
      try {
        te.slots.forEach((_, p) => {
          if (!given.has(p)) out[p] = te.defaults[p]!(c.evalContext);
        });
        te.check(out, c.evalContext);
        tx.insert(table, storageRow(table, te.slots, out));
      } catch (e) {
        throw asError(e, where(`row ${row}`));
      }
    }
  }
  return row;
}
