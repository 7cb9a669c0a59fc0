import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { PgType } from '@heliosdb/types';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ColumnSchema } from '../schema.js';

/** A single-threaded in-memory DuckDB in UTC, the independent witness for files we write and read. */
export async function duckdb(): Promise<DuckDBConnection> {
  const inst = await DuckDBInstance.create(':memory:', { threads: '1' });
  const c = await inst.connect();
  await c.run(`SET TimeZone = 'UTC'`);
  return c;
}

/** Rows of a query with every value rendered as DuckDB's VARCHAR, plus DuckDB's column types. */
export async function duckRows(c: DuckDBConnection, sql: string): Promise<{ types: string[]; rows: (string | null)[][] }> {
  const r = await c.runAndReadAll(sql);
  const types = r.columnTypes().map((t) => t.toString());
  const rows = r.getRows().map((row) => row.map((v) => (v === null ? null : String(v))));
  return { types, rows };
}

/**
 * The DuckDB type a PostgreSQL column is declared as when DuckDB reads our text formats. Where DuckDB has no
 * equivalent that holds every value (unconstrained numeric, PG's bytea hex, PG array text in CSV) it reads text,
 * and the test compares that text.
 */
export function duckType(t: PgType, format: 'csv' | 'json'): string {
  if (t.array) return format === 'json' ? `${duckType({ ...t, array: false }, format)}[]` : 'VARCHAR';
  switch (t.name) {
    case 'int2': return 'SMALLINT';
    case 'int4': return 'INTEGER';
    case 'int8': return 'BIGINT';
    case 'numeric': return t.precision !== undefined && t.precision <= 38 ? `DECIMAL(${t.precision},${t.scale ?? 0})` : 'VARCHAR';
    case 'float4': return 'FLOAT';
    case 'float8': return 'DOUBLE';
    case 'bool': return 'BOOLEAN';
    case 'date': return 'DATE';
    case 'time': return 'TIME';
    case 'timestamp': return 'TIMESTAMP';
    case 'timestamptz': return 'TIMESTAMPTZ';
    case 'interval': return 'INTERVAL';
    case 'uuid': return 'UUID';
    case 'json': case 'jsonb': return format === 'json' ? 'JSON' : 'VARCHAR';
    default: return 'VARCHAR';
  }
}

/** DuckDB's `columns={...}` struct for a schema. */
export function duckColumns(schema: readonly ColumnSchema[], format: 'csv' | 'json'): string {
  return '{' + schema.map((c) => `'${c.name}': '${duckType(c.type, format)}'`).join(', ') + '}';
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'io-formats-'));
}
