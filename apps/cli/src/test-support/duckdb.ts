import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** A single-threaded in-memory DuckDB in UTC: the independent reader of what export writes and writer of what import reads. */
export async function duckdb(): Promise<DuckDBConnection> {
  const inst = await DuckDBInstance.create(':memory:', { threads: '1' });
  const c = await inst.connect();
  await c.run(`SET TimeZone = 'UTC'`);
  return c;
}

/** Rows of a query with every value as DuckDB renders it to VARCHAR (null stays null), and DuckDB's column types. */
export async function duckRows(c: DuckDBConnection, sql: string): Promise<{ types: string[]; rows: (string | null)[][] }> {
  const r = await c.runAndReadAll(sql);
  return { types: r.columnTypes().map((t) => t.toString()), rows: r.getRows().map((row) => row.map((v) => (v === null ? null : String(v)))) };
}
