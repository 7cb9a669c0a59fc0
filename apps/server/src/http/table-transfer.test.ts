/** REST export/import of a table: DuckDB reads what export streams and writes what import loads. */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../start.js';

let s: RunningServer;
let base: string;
let duck: DuckDBConnection;
const token = 'secret';
const auth = { authorization: `Bearer ${token}` };
const dir = mkdtempSync(join(tmpdir(), 'rest-transfer-'));
const ROWS = 5000;

const sql = async (text: string): Promise<{ rows: unknown[][] }[]> => {
  const r = await fetch(`${base}/v1/sql`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ sql: text }) });
  const body = (await r.json()) as { results: { rows: unknown[][] }[]; error?: unknown };
  expect(body.error).toBeUndefined();
  return body.results;
};

beforeAll(async () => {
  s = await startServer({ memory: true, port: 0, httpPort: 0, httpToken: token });
  base = `http://127.0.0.1:${s.http!.port}`;
  await sql(`CREATE TABLE items (id int8 PRIMARY KEY, name text, price numeric(12,2), day date);
    INSERT INTO items SELECT g, CASE WHEN g % 1000 = 0 THEN 'say "hi", ' || g ELSE 'n' || g END, g * 1.25, '2024-01-01'::date + (g % 366)::int FROM generate_series(1, ${ROWS}) g`);
  const inst = await DuckDBInstance.create(':memory:', { threads: '1' });
  duck = await inst.connect();
});
afterAll(async () => {
  await s.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** DuckDB's aggregate fingerprint of the table as read from `from`, every value as text. */
async function fingerprint(from: string): Promise<string[]> {
  const r = await duck.runAndReadAll(`SELECT count(*)::VARCHAR, sum(id)::VARCHAR, sum(price)::VARCHAR, min(day)::VARCHAR, max(day)::VARCHAR,
    max(name) FILTER (WHERE name LIKE 'say%')::VARCHAR, sum(length(name))::VARCHAR FROM ${from}`);
  return r.getRows()[0]!.map((v) => String(v));
}

// Written out by hand: 5000 rows, sum(id) = 5000*5001/2, sum(price) = 1.25 * that, days 2024-01-01 + 0..365,
// the largest quoted name is 'say "hi", 5000', and the name lengths: 'n1'..'n9' 9 of 2, 90 of 3, 900 of 4,
// 'n1001'..'n4999' 3996 of 5 (1000..5000 less the five multiples of 1000), and five 'say "hi", N000' of 14.
const WANT = ['5000', '12502500', '15628125.00', '2024-01-01', '2024-12-31', 'say "hi", 5000', String(9 * 2 + 90 * 3 + 900 * 4 + 3996 * 5 + 5 * 14)];

describe('GET /v1/tables/:name/export', () => {
  it.each([
    ['csv', 'text/csv; charset=utf-8', (f: string) => `read_csv('${f}', header = true, columns = {'id': 'BIGINT', 'name': 'VARCHAR', 'price': 'DECIMAL(12,2)', 'day': 'DATE'})`],
    ['parquet', 'application/vnd.apache.parquet', (f: string) => `read_parquet('${f}')`],
    ['jsonl', 'application/x-ndjson; charset=utf-8', (f: string) => `read_json('${f}', format = 'newline_delimited', columns = {'id': 'BIGINT', 'name': 'VARCHAR', 'price': 'DECIMAL(12,2)', 'day': 'DATE'})`],
    ['json', 'application/json; charset=utf-8', (f: string) => `read_json('${f}', format = 'array', columns = {'id': 'BIGINT', 'name': 'VARCHAR', 'price': 'DECIMAL(12,2)', 'day': 'DATE'})`],
  ])('format=%s streams a body DuckDB reads with every row', async (format, type, reader) => {
    const r = await fetch(`${base}/v1/tables/items/export?format=${format}`, { headers: auth });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe(type);
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="items.${format}"`);
    const file = join(dir, `export.${format}`);
    writeFileSync(file, Buffer.from(await r.arrayBuffer()));
    expect(await fingerprint(reader(file))).toEqual(WANT);
  });

  it('errors before the first byte are JSON: a missing table is 404, a bad option 400, no token 401', async () => {
    const missing = await fetch(`${base}/v1/tables/nope/export?format=csv`, { headers: auth });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: '42P01', message: 'relation "nope" does not exist' } });
    const bad = await fetch(`${base}/v1/tables/items/export?format=xml`, { headers: auth });
    expect(bad.status).toBe(400);
    const comp = await fetch(`${base}/v1/tables/items/export?format=csv&compression=zstd`, { headers: auth });
    expect(comp.status).toBe(400);
    expect(((await comp.json()) as { error: { message: string } }).error.message).toBe('compression is for parquet, not csv');
    expect((await fetch(`${base}/v1/tables/items/export`)).status).toBe(401);
  });
});

describe('POST /v1/tables/:name/import', () => {
  it('loads a streamed DuckDB Parquet file into a new table (create=true) and a CSV into an existing one', async () => {
    const pq = join(dir, 'duck.parquet');
    await duck.run(`COPY (SELECT i::BIGINT AS id, 'd' || i AS name, (i / 4)::DECIMAL(12,2) AS price, DATE '2020-02-29' + i::INTEGER AS day FROM range(1, 20001) r(i)) TO '${pq}' (FORMAT parquet, ROW_GROUP_SIZE 4096)`);
    const r = await fetch(`${base}/v1/tables/from_duck/import?format=parquet&create=true`, { method: 'POST', headers: { ...auth, 'content-type': 'application/octet-stream' }, body: readFileSync(pq) });
    expect({ status: r.status, body: await r.json() }).toMatchObject({ status: 200, body: { command: 'COPY', rowCount: 20000, format: 'parquet', created: true, skipped: 0 } });
    // max(day): 2020-02-29 + 20000 days = 2074-12-02 (Python's datetime says so too).
    const [check] = await sql(`SELECT count(*), sum(id), sum(price), max(day)::text, min(pg_typeof(price)::text) FROM from_duck`);
    expect(check!.rows).toEqual([['20000', '200010000', '50002500.00', '2074-12-02', 'numeric']]);

    const csv = join(dir, 'duck.csv');
    await duck.run(`COPY (SELECT i::BIGINT AS id, 'c' || i AS name, 0.5 AS price, DATE '2024-01-01' AS day FROM range(10001, 10101) r(i)) TO '${csv}' (FORMAT csv, HEADER)`);
    const c = await fetch(`${base}/v1/tables/items/import?format=csv`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: readFileSync(csv) });
    expect(await c.json()).toMatchObject({ rowCount: 100, created: false });
    const [after] = await sql('SELECT count(*), sum(price) FROM items WHERE id > 10000');
    expect(after!.rows).toEqual([['100', '50.00']]);
  });

  it('a JSON body is the file, not a request; a bad row fails the whole import (the table is unchanged); on_error=ignore skips it', async () => {
    const body = '[{"id": 20001, "name": "a"}, {"id": 20002, "name": "b", "price": "cheap"}]';
    const r = await fetch(`${base}/v1/tables/items/import?format=json`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body });
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({ error: { code: '22P02', message: 'COPY items: json: line 1, row 2, column "price": invalid input syntax for type numeric: "cheap"' } });
    const [none] = await sql('SELECT count(*) FROM items WHERE id > 20000');
    expect(none!.rows).toEqual([['0']]);
    const ok = await fetch(`${base}/v1/tables/items/import?format=json&on_error=ignore`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body });
    expect(await ok.json()).toEqual({
      command: 'COPY', rowCount: 1, format: 'json', bytes: Buffer.byteLength(body), created: false, skipped: 1,
      notices: [{ severity: 'NOTICE', code: '00000', message: '1 row was skipped due to data type incompatibility' }],
    });
    const missing = await fetch(`${base}/v1/tables/nowhere/import?format=json`, { method: 'POST', headers: auth, body });
    expect(missing.status).toBe(404);
  });
});
