import { sameType, textIn, textOut, type Value } from '@heliosdb/types';
import { FormatError, errorMessage } from '../errors.js';
import type { Source } from '../io/byte-source.js';
import { textChunks } from '../io/text-chunks.js';
import { DEFAULT_BATCH_ROWS, type ReadOptions } from '../read-options.js';
import type { ColumnSchema, RowReader } from '../schema.js';
import { SqlSplitter, type SqlStatement } from './sql-splitter.js';
import { parseStatement, sameTable, tableLabel, type Insert, type TableName } from './sql-statements.js';

export interface SqlReadOptions extends ReadOptions {
  /** The table whose rows to read, as in the writer's `table` option; default the file's first table. */
  readonly table?: string | readonly [string, string];
}

/**
 * Reads the rows of one table from a .sql file such as our writer and `pg_dump --inserts` produce:
 * CREATE TABLE gives the schema, INSERT ... VALUES with literal values gives the rows, and statements that do not
 * change data (SET, ALTER ... OWNER, CREATE INDEX, SELECT set_config, psql meta-commands) are skipped. Anything that
 * puts data in a table another way (UPDATE, COPY, INSERT ... SELECT, expressions in VALUES) is an error naming its
 * line: such files go through the SQL engine, which this package does not contain.
 */
export function createSqlReader(source: Source, options: SqlReadOptions = {}): RowReader {
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  const wanted: TableName | undefined = options.table === undefined ? undefined : typeof options.table === 'string' ? [options.table] : options.table;
  const statements = statementsOf(source, options.onBytes);
  let target: TableName | undefined = wanted;
  let defaults = new Set<string>();
  const held: Insert[] = [];

  const prepared = (async (): Promise<ColumnSchema[]> => {
    for (;;) {
      const next = await statements.next();
      if (next.done) {
        if (options.schema) return [...options.schema];
        throw new FormatError('sql', target === undefined
          ? 'no CREATE TABLE or INSERT statement in the file'
          : `no CREATE TABLE for ${tableLabel(target)} in the file; pass schema`);
      }
      const parsed = parseStatement(next.value);
      if (parsed.kind === 'skip') continue;
      target ??= parsed.table;
      if (!sameTable(parsed.table, target)) continue;
      if (parsed.kind === 'create') {
        defaults = new Set(parsed.columns.filter((c) => c.hasDefault).map((c) => c.name));
        return options.schema ? [...options.schema] : parsed.columns.map(({ name, type, nullable }) => (nullable ? { name, type } : { name, type, nullable }));
      }
      if (options.schema) {
        held.push(parsed);
        return [...options.schema];
      }
      throw new FormatError('sql', `INSERT into ${tableLabel(parsed.table)} before any CREATE TABLE for it; pass schema`, {
        line: next.value.line,
        byteOffset: next.value.byteOffset,
      });
    }
  })();
  prepared.catch(() => undefined);

  async function* rows(): AsyncGenerator<Value[][]> {
    const schema = await prepared;
    let row = 0;
    let batch: Value[][] = [];
    const take = (ins: Insert) => {
      for (const values of convert(ins, schema, defaults, row)) {
        row++;
        batch.push(values);
      }
    };
    for (const ins of held) take(ins);
    held.length = 0;
    for (;;) {
      if (batch.length >= batchRows) {
        yield batch;
        batch = [];
      }
      const next = await statements.next();
      if (next.done) break;
      const parsed = parseStatement(next.value);
      if (parsed.kind === 'insert' && sameTable(parsed.table, target!)) take(parsed);
    }
    if (batch.length > 0) yield batch;
  }

  return { schema: prepared, rows };
}

async function* statementsOf(source: Source, onBytes?: (bytesRead: number) => void): AsyncGenerator<SqlStatement> {
  const splitter = new SqlSplitter();
  const out: SqlStatement[] = [];
  for await (const { text, byteOffset } of textChunks(source, onBytes)) {
    splitter.feed(text, byteOffset, out);
    yield* out;
    out.length = 0;
  }
  splitter.end(out);
  yield* out;
}

/** An INSERT's tuples as rows in schema order: each literal through its cast (if any), then the column's type. */
function convert(ins: Insert, schema: readonly ColumnSchema[], defaults: ReadonlySet<string>, rowsBefore: number): Value[][] {
  const index = new Map(schema.map((c, i) => [c.name, i]));
  const targets = (ins.columns ?? schema.map((c) => c.name)).map((name) => {
    const i = index.get(name);
    if (i === undefined) ins.lexer.fail(ins.at, `INSERT names column ${JSON.stringify(name)}, which ${tableLabel(ins.table)} does not have`);
    return i;
  });
  const missing = schema.filter((_, i) => !targets.includes(i));
  const defaulted = missing.find((c) => defaults.has(c.name));
  if (defaulted) ins.lexer.fail(ins.at, `INSERT leaves out column "${defaulted.name}", which has a DEFAULT; the SQL engine evaluates defaults`);
  const out: Value[][] = [];
  for (const tuple of ins.tuples) {
    const row = rowsBefore + out.length + 1;
    if (tuple.length !== targets.length) {
      const place = ins.lexer.place(tuple[0]!.at);
      throw new FormatError('sql', `INSERT has ${tuple.length} values for ${targets.length} columns`, { ...place, row });
    }
    const values: Value[] = new Array<Value>(schema.length).fill(null);
    for (let k = 0; k < tuple.length; k++) {
      const lit = tuple[k]!;
      if (lit.text === null) continue;
      const col = schema[targets[k]!]!;
      try {
        if (lit.cast && !sameType(lit.cast, col.type)) values[targets[k]!] = textIn(col.type, textOut(lit.cast, textIn(lit.cast, lit.text)));
        else values[targets[k]!] = textIn(col.type, lit.text);
      } catch (e) {
        throw new FormatError('sql', errorMessage(e), { ...ins.lexer.place(lit.at), row, column: col.name }, { cause: e });
      }
    }
    out.push(values);
  }
  return out;
}
