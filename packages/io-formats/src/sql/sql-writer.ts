import { formatTypeName, type PgType, type Value } from '@heliosdb/types';
import { FormatError, errorMessage } from '../errors.js';
import { ByteSink, type Sink } from '../io/byte-sink.js';
import type { ColumnSchema, Row, RowWriter } from '../schema.js';
import { formatText } from '../values/pg-text.js';
import { quoteIdent } from './sql-ident.js';

export interface SqlWriteOptions {
  /** The table to create and insert into; may be schema-qualified as ['schema', 'table']. Default "data". */
  readonly table?: string | readonly [string, string];
  /** Rows per INSERT statement (default 1000). */
  readonly insertRows?: number;
  /** Emit CREATE TABLE (default true). */
  readonly createTable?: boolean;
}

/**
 * A SQL literal for psql with standard_conforming_strings on (PostgreSQL's default): '...' with quotes doubled,
 * backslashes literal. Numbers are bare; everything else is PostgreSQL's text form in quotes, which the INSERT's
 * target column type reads back exactly.
 */
export function sqlLiteral(type: PgType, v: Value): string {
  if (v === null) return 'NULL';
  if (!type.array) {
    switch (type.name) {
      case 'bool':
        return v ? 'true' : 'false';
      case 'int2':
      case 'int4':
      case 'int8':
        return String(v);
      case 'numeric':
      case 'float4':
      case 'float8': {
        const t = formatText(type, v);
        return /^-?[\d.]+(e[+-]?\d+)?$/i.test(t) && !t.startsWith('-') ? t : `'${t}'`;
      }
    }
  }
  const text = typeof v === 'string' ? v : formatText(type, v);
  if (text.includes('\0')) throw new Error('PostgreSQL text cannot contain NUL (0x00) characters');
  return "'" + text.replace(/'/g, "''") + "'";
}

/** Writes CREATE TABLE and multi-row INSERTs loadable by `psql -f`. */
export async function createSqlWriter(sink: Sink, schema: readonly ColumnSchema[], options: SqlWriteOptions = {}): Promise<RowWriter> {
  const t = options.table ?? 'data';
  const table = typeof t === 'string' ? quoteIdent(t) : `${quoteIdent(t[0])}.${quoteIdent(t[1])}`;
  const per = options.insertRows ?? 1000;
  const out = await ByteSink.open(sink);
  const cols = schema.map((c) => quoteIdent(c.name)).join(', ');
  if (options.createTable ?? true) {
    const defs = schema.map((c) => `  ${quoteIdent(c.name)} ${formatTypeName(c.type)}${c.nullable === false ? ' NOT NULL' : ''}`);
    out.push(`CREATE TABLE ${table} (\n${defs.join(',\n')}\n);\n`);
  }
  let rowCount = 0;
  let inStatement = 0;
  const writer: RowWriter = {
    get rowCount() {
      return rowCount;
    },
    get bytesWritten() {
      return out.bytesWritten;
    },
    async writeRows(rows: readonly Row[]) {
      let s = '';
      for (const r of rows) {
        let tuple: string;
        try {
          tuple = '(' + schema.map((c, i) => sqlLiteral(c.type, r[i] ?? null)).join(', ') + ')';
        } catch (e) {
          throw new FormatError('sql', errorMessage(e), { row: rowCount }, { cause: e });
        }
        s += inStatement === 0 ? `INSERT INTO ${table} (${cols}) VALUES\n${tuple}` : `,\n${tuple}`;
        rowCount++;
        if (++inStatement >= per) {
          s += ';\n';
          inStatement = 0;
        }
      }
      out.push(s);
      await out.maybeFlush();
    },
    write: (row: Row) => writer.writeRows([row]),
    async finish() {
      if (inStatement > 0) out.push(';\n');
      inStatement = 0;
      await out.finish();
    },
    abort: () => out.abort(),
  };
  return writer;
}
