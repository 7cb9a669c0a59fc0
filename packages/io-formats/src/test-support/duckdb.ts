import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A single-threaded in-memory DuckDB, the independent witness for files we write and read. */
export async function duckdb(): Promise<DuckDBConnection> {
  const inst = await DuckDBInstance.create(':memory:', { threads: '1' });
  return inst.connect();
}

/** Rows of a query with every value rendered as DuckDB's VARCHAR, plus DuckDB's column types. */
export async function duckRows(c: DuckDBConnection, sql: string): Promise<{ types: string[]; rows: (string | null)[][] }> {
  const r = await c.runAndReadAll(sql);
  const types = r.columnTypes().map((t) => t.toString());
  const rows = r.getRows().map((row) => row.map((v) => (v === null ? null : String(v))));
  return { types, rows };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'io-formats-'));
}
