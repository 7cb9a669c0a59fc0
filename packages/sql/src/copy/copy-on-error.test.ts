import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../database/database.js';

const dir = mkdtempSync(join(tmpdir(), 'sql-copy-on-error-'));
let duck: DuckDBConnection;

beforeAll(async () => {
  const inst = await DuckDBInstance.create(':memory:', { threads: '1' });
  duck = await inst.connect();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rows(db: Database, sql: string): Promise<unknown[][]> {
  return (await db.query(sql)).rows;
}

/** The rejects file as DuckDB reads it, every value as text. */
async function rejectsOf(path: string): Promise<(string | null)[][]> {
  const r = await duck.runAndReadAll(`SELECT * FROM read_csv('${path}', header = true, all_varchar = true) ORDER BY line::BIGINT NULLS LAST, "row"::BIGINT`);
  return r.getRows().map((row) => row.map((v) => (v === null ? null : String(v))));
}

async function lenient(): Promise<Database> {
  const db = await Database.open({ memory: true });
  await db.query('CREATE TABLE t (id int4 PRIMARY KEY, n int2, d date, note text NOT NULL DEFAULT \'-\')');
  return db;
}

describe('COPY FROM ... ON_ERROR ignore (PostgreSQL 17) and REJECTS', () => {
  it('CSV: loads the good rows, lists each bad one with its line, row, column and reason, and raises the NOTICE', async () => {
    const db = await lenient();
    const file = join(dir, 'mixed.csv');
    // Line 4 holds a quoted line break, so physical lines and data rows differ after it.
    writeFileSync(file, 'id,n,d,note\n1,1,2024-01-01,a\n2,x,2024-01-02,b\n3,3,2024-01-03,"two\nlines"\n4,40000,2024-01-04,c\n5,5,2024-13-01,d\n6,6,2024-01-06,e\n');
    const rejects = join(dir, 'mixed.rejects.csv');
    const r = await db.query(`COPY t FROM '${file}' WITH (FORMAT csv, HEADER true, ON_ERROR ignore, REJECTS '${rejects}')`);
    expect(r.rowCount).toBe(3);
    expect(r.notices).toEqual([{ severity: 'NOTICE', code: '00000', message: '3 rows were skipped due to data type incompatibility' }]);
    expect(await rows(db, 'SELECT id, n, note FROM t ORDER BY id')).toEqual([[1, 1, 'a'], [3, 3, 'two\nlines'], [6, 6, 'e']]);
    expect(await rejectsOf(rejects)).toEqual([
      ['3', '2', 'n', 'invalid input syntax for type smallint: "x"'],
      ['6', '4', 'n', 'value "40000" is out of range for type smallint'],
      ['7', '5', 'd', 'date/time field value out of range: "2024-13-01"'],
    ]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('one skipped row: the NOTICE is singular; without REJECTS nothing is written; ON_ERROR stop is the default', async () => {
    const db = await lenient();
    const file = join(dir, 'one.csv');
    writeFileSync(file, '1,1,2024-01-01,a\n2,oops,2024-01-02,b\n');
    const r = await db.query(`COPY t FROM '${file}' WITH (FORMAT csv, ON_ERROR 'ignore')`);
    expect(r.notices?.map((n) => n.message)).toEqual(['1 row was skipped due to data type incompatibility']);
    await db.query('TRUNCATE t');
    await expect(db.query(`COPY t FROM '${file}' WITH (FORMAT csv, ON_ERROR stop)`)).rejects.toThrow(
      /^COPY t: csv: line 2, row 2, column "n": invalid input syntax for type smallint: "oops"$/,
    );
    await expect(db.query(`COPY t FROM '${file}' WITH (FORMAT csv)`)).rejects.toThrow(/line 2, row 2, column "n"/);
    expect(await rows(db, 'SELECT count(*) FROM t')).toEqual([[0n]]);
    const clean = await db.query(`COPY t FROM '${file}' WITH (FORMAT csv, ON_ERROR ignore)`.replace('one.csv', 'one.csv'));
    expect(clean.rowCount).toBe(1);
  });

  it('only data type errors are skipped, as in PostgreSQL 17: a duplicate key, a NOT NULL violation or a malformed file still fail whole', async () => {
    const db = await lenient();
    await db.query('INSERT INTO t VALUES (2, 2, NULL, \'kept\')');
    const dup = join(dir, 'dup.csv');
    writeFileSync(dup, '1,1,,a\n2,x,,b\n2,2,,c\n');
    const rejects = join(dir, 'dup.rejects.csv');
    await expect(db.query(`COPY t FROM '${dup}' WITH (FORMAT csv, ON_ERROR ignore, REJECTS '${rejects}')`)).rejects.toThrow(
      /^COPY t, row 3: duplicate key value violates unique constraint "t_pkey"/,
    );
    expect(existsSync(rejects)).toBe(false);
    const unclosed = join(dir, 'unclosed.csv');
    writeFileSync(unclosed, '5,5,,a\n6,"6,,b\n');
    await expect(db.query(`COPY t FROM '${unclosed}' WITH (FORMAT csv, ON_ERROR ignore)`)).rejects.toThrow(/line 2, column 2, byte 7: unclosed quote/);
    const short = join(dir, 'short.csv');
    writeFileSync(short, '5,5,,a\n6,6\n');
    await expect(db.query(`COPY t FROM '${short}' WITH (FORMAT csv, ON_ERROR ignore)`)).rejects.toThrow(/line 2, row 2: 2 fields; expected 4/);
    const nulls = join(dir, 'nulls.csv');
    writeFileSync(nulls, '7,7,,a\n8,8,,\n');
    await expect(db.query(`COPY t FROM '${nulls}' WITH (FORMAT csv, ON_ERROR ignore)`)).rejects.toThrow(/^COPY t, row 2: null value in column "note"/);
    expect(await rows(db, 'SELECT id, note FROM t')).toEqual([[2, 'kept']]);
  });

  it('JSONL and a DuckDB Parquet file: values that do not convert are skipped with their row', async () => {
    const db = await lenient();
    const jsonl = join(dir, 'rows.jsonl');
    writeFileSync(jsonl, '{"id": 1, "n": 1}\n{"id": 2, "n": "two"}\n{"id": 3, "n": 3, "d": "yesterday-ish"}\n{"id": 4, "n": 4}\n');
    const rj = join(dir, 'rows.rejects.csv');
    const r = await db.query(`COPY t (id, n, d) FROM '${jsonl}' WITH (ON_ERROR ignore, REJECTS '${rj}')`);
    expect(r.rowCount).toBe(2);
    expect(await rejectsOf(rj)).toEqual([
      ['2', '2', 'n', 'invalid input syntax for type smallint: "two"'],
      ['3', '3', 'd', 'invalid input syntax for type date: "yesterday-ish"'],
    ]);
    const pq = join(dir, 'cast.parquet');
    await duck.run(`COPY (SELECT (10 + i)::INTEGER AS id, CASE WHEN i % 2 = 1 THEN 'n' || i ELSE i::VARCHAR END AS n FROM range(0, 5) r(i)) TO '${pq}' (FORMAT parquet)`);
    const rp = join(dir, 'cast.rejects.csv');
    const p = await db.query(`COPY t (id, n) FROM '${pq}' WITH (ON_ERROR ignore, REJECTS '${rp}')`);
    expect(p.rowCount).toBe(3);
    expect(await rows(db, 'SELECT id, n, note FROM t WHERE id >= 10 ORDER BY id')).toEqual([[10, 0, '-'], [12, 2, '-'], [14, 4, '-']]);
    // Parquet has no lines: the data row (1-based) and the column name the place.
    expect(await rejectsOf(rp)).toEqual([
      [null, '2', 'n', '"n1": invalid input syntax for type smallint: "n1"'],
      [null, '4', 'n', '"n3": invalid input syntax for type smallint: "n3"'],
    ]);
  });

  it('option errors: ON_ERROR with COPY TO, an unknown ON_ERROR value, REJECTS without ON_ERROR ignore', async () => {
    const db = await lenient();
    await expect(db.query(`COPY t TO '${join(dir, 'x.csv')}' WITH (ON_ERROR ignore)`)).rejects.toThrow(/^COPY ON_ERROR cannot be used with COPY TO$/);
    await expect(db.query(`COPY t FROM '${join(dir, 'one.csv')}' WITH (FORMAT csv, ON_ERROR skip)`)).rejects.toThrow(/^COPY ON_ERROR "skip" not recognized$/);
    await expect(db.query(`COPY t FROM '${join(dir, 'one.csv')}' WITH (FORMAT csv, REJECTS '${join(dir, 'r.csv')}')`)).rejects.toThrow(/^COPY REJECTS needs ON_ERROR ignore$/);
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
  });
});

describe('COPY with STDIN/STDOUT bound by Database.copy()', () => {
  it('TO STDOUT writes into the stream, FROM STDIN reads from one, progress is reported, createMissing: false refuses', async () => {
    const db = await lenient();
    await db.query("INSERT INTO t SELECT g, g % 100, '2024-01-01'::date + g, 'n' || g FROM generate_series(1, 3000) g");
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (c: Buffer) => chunks.push(c));
    const seen: number[] = [];
    const out = await db.copy('COPY t TO STDOUT WITH (FORMAT csv)', { stdout: sink, onProgress: (p) => seen.push(p.rows) });
    const text = Buffer.concat(chunks).toString('utf8');
    expect(out).toMatchObject({ rowCount: 3000, format: 'csv', bytes: Buffer.byteLength(text), skipped: 0 });
    expect(text.split('\n').slice(0, 2)).toEqual(['1,1,2024-01-02,n1', '2,2,2024-01-03,n2']);
    expect(seen.at(-1)).toBe(3000);
    expect(seen.length).toBeGreaterThan(2);

    const other = await Database.open({ memory: true });
    await expect(other.copy('COPY t FROM STDIN WITH (FORMAT csv)', { stdin: Readable.from([text]), createMissing: false })).rejects.toThrow(/relation "t" does not exist/);
    const back = await other.copy('COPY t FROM STDIN WITH (FORMAT csv)', { stdin: Readable.from([text.slice(0, 1000), text.slice(1000)]) });
    expect(back).toMatchObject({ rowCount: 3000, created: true, bytes: Buffer.byteLength(text) });
    expect(await rows(other, 'SELECT count(*), sum(column1) FROM t')).toEqual([[3000n, 4501500n]]);
    await expect(db.copy('COPY t TO STDOUT WITH (FORMAT csv)')).rejects.toThrow(/COPY TO STDOUT is not supported by the embedded database/);
    await expect(db.copy('SELECT 1')).rejects.toThrow(/takes exactly one COPY statement/);
  });
});
