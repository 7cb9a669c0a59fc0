import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { startPostgres, type PgCluster } from '@heliosdb/testkit';
import pl from 'nodejs-polars';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../database/database.js';
import { textOut } from '../values/types-api.js';

// The mixed table every export test writes, and its rows in PostgreSQL's text rendering, written out by hand.
const DDL = `CREATE TABLE mixed (id int4 PRIMARY KEY, big int8, amount numeric(38,6), note text, ts timestamp, tstz timestamptz, data bytea, flag bool)`;
const NOTE1 = 'He said "hi", then\nleft; 😀 \\ done';
const NOTE4 = 'comma,quote"\r\ncrlf \'single\'';
const INSERT = `INSERT INTO mixed VALUES
  (1, 9223372036854775807, 12345678901234567890123456789012.123456, $1, '2024-02-29 23:59:59.000001', '1999-12-31 23:59:59.999999+00', '\\x00ff2c22', true),
  (2, -9223372036854775808, -0.000001, '', '1970-01-01 00:00:00', '2024-01-02 03:04:05.123456+00', '\\x', false),
  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (4, 0, 0, $2, '2000-01-01 12:00:00.5', '2000-01-01 12:00:00.5+00', '\\x5c78', true)`;
type Text = string | null;
const PG_TEXT: Text[][] = [
  ['1', '9223372036854775807', '12345678901234567890123456789012.123456', NOTE1, '2024-02-29 23:59:59.000001', '1999-12-31 23:59:59.999999+00', '\\x00ff2c22', 't'],
  ['2', '-9223372036854775808', '-0.000001', '', '1970-01-01 00:00:00', '2024-01-02 03:04:05.123456+00', '\\x', 'f'],
  ['3', null, null, null, null, null, null, null],
  ['4', '0', '0.000000', NOTE4, '2000-01-01 12:00:00.5', '2000-01-01 12:00:00.5+00', '\\x5c78', 't'],
];
/** The same rows as DuckDB prints them in `duckSelect` (timestamps with six fraction digits, bytea as hex, bools as words). */
const DUCK_TEXT: Text[][] = [
  ['1', '9223372036854775807', '12345678901234567890123456789012.123456', NOTE1, '2024-02-29 23:59:59.000001', '1999-12-31 23:59:59.999999', '00FF2C22', 'true'],
  ['2', '-9223372036854775808', '-0.000001', '', '1970-01-01 00:00:00.000000', '2024-01-02 03:04:05.123456', '', 'false'],
  ['3', null, null, null, null, null, null, null],
  ['4', '0', '0.000000', NOTE4, '2000-01-01 12:00:00.500000', '2000-01-01 12:00:00.500000', '5C78', 'true'],
];

let pg: PgCluster;
let duck: DuckDBConnection;
const dir = mkdtempSync(join(tmpdir(), 'sql-copy-'));

async function mixedDb(): Promise<Database> {
  const db = await Database.open({ memory: true });
  await db.query(DDL);
  await db.query(INSERT, [NOTE1, NOTE4]);
  return db;
}

/** Our rows in PostgreSQL's text rendering. */
async function ours(db: Database, sql: string): Promise<Text[][]> {
  const r = await db.query(sql);
  return r.rows.map((row) => row.map((v, i) => (v === null ? null : textOut(r.fields[i]!.type as never, v))));
}

async function pgText(sql: string): Promise<Text[][]> {
  const r = await pg.query(sql);
  return r.rows.map((row) => r.fields.map((f) => (row as Record<string, Text>)[f.name] ?? null));
}

async function duckRows(sql: string): Promise<Text[][]> {
  const r = await duck.runAndReadAll(sql);
  return r.getRows().map((row) => row.map((v) => (v === null ? null : String(v))));
}

function duckSelect(from: string, bytea = 'hex(data)'): string {
  return `SELECT CAST(id AS VARCHAR), CAST(big AS VARCHAR), CAST(amount AS VARCHAR), note, strftime(ts, '%Y-%m-%d %H:%M:%S.%f'),
    strftime(CAST(tstz AS TIMESTAMP), '%Y-%m-%d %H:%M:%S.%f'), ${bytea}, CAST(flag AS VARCHAR) FROM ${from} ORDER BY id`;
}

function noTempFiles(d: string): void {
  expect(readdirSync(d).filter((f) => f.endsWith('.tmp'))).toEqual([]);
}

beforeAll(async () => {
  pg = await startPostgres();
  const inst = await DuckDBInstance.create(':memory:', { threads: '1' });
  duck = await inst.connect();
  await duck.run(`SET TimeZone = 'UTC'`);
});
afterAll(async () => {
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('COPY TO: every format, read back by an independent reader', () => {
  it('parquet (by extension, and .pq): DuckDB reads identical values and types', async () => {
    const db = await mixedDb();
    for (const ext of ['parquet', 'pq']) {
      const f = join(dir, `mixed.${ext}`);
      const r = await db.query(`COPY mixed TO '${f}'`);
      expect(r.command).toBe('COPY');
      expect(r.rowCount).toBe(4);
      expect(await duckRows(duckSelect(`read_parquet('${f}')`))).toEqual(DUCK_TEXT);
      expect((await duckRows(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${f}'))`)).map((r) => r.join(' '))).toEqual([
        'id INTEGER', 'big BIGINT', 'amount DECIMAL(38,6)', 'note VARCHAR', 'ts TIMESTAMP', 'tstz TIMESTAMP WITH TIME ZONE', 'data BLOB', 'flag BOOLEAN',
      ]);
    }
    noTempFiles(dir);
  });

  it('json and jsonl/ndjson: DuckDB reads identical values', async () => {
    const db = await mixedDb();
    const columns = `{'id': 'INTEGER', 'big': 'BIGINT', 'amount': 'DECIMAL(38,6)', 'note': 'VARCHAR', 'ts': 'TIMESTAMP', 'tstz': 'TIMESTAMPTZ', 'data': 'VARCHAR', 'flag': 'BOOLEAN'}`;
    // DuckDB parses JSON numbers as doubles, so the 32-digit amount is checked through PostgreSQL below.
    const expected = DUCK_TEXT.map((r) => r.map((v, i) => (i === 2 ? null : i === 6 ? (v === null ? null : `\\x${v.toLowerCase()}`) : v)));
    for (const [ext, fmt] of [['json', 'array'], ['jsonl', 'newline_delimited'], ['ndjson', 'newline_delimited']] as const) {
      const f = join(dir, `mixed.${ext}`);
      expect((await db.query(`COPY mixed TO '${f}'`)).rowCount).toBe(4);
      const rows = await duckRows(duckSelect(`read_json('${f}', format='${fmt}', columns=${columns})`, 'data').replace('CAST(amount AS VARCHAR)', 'NULL'));
      expect(rows).toEqual(expected);
      // PostgreSQL reads every value, the 38-digit numeric exactly.
      const lines = ext === 'json' ? readFileSync(f, 'utf8') : `[${readFileSync(f, 'utf8').trim().split('\n').join(',')}]`;
      await pg.query(`DROP TABLE IF EXISTS mixed; ${DDL}`);
      expect(await pgText(`SELECT * FROM json_populate_recordset(NULL::mixed, $1::json) ORDER BY id`.replace('$1', `'${lines.replaceAll("'", "''")}'`))).toEqual(PG_TEXT);
    }
  });

  it('csv with HEADER and other dialects: PostgreSQL COPY FROM STDIN reads identical values', async () => {
    const db = await mixedDb();
    await pg.query(`DROP TABLE IF EXISTS mixed; ${DDL}`);
    for (const [copyOpts, pgOpts] of [
      ['WITH (FORMAT csv, HEADER true)', '(FORMAT csv, HEADER true)'],
      ["WITH (FORMAT csv, DELIMITER ';', NULL 'NIL', QUOTE '''', ESCAPE '\\', FORCE_QUOTE *)", "(FORMAT csv, DELIMITER ';', NULL 'NIL', QUOTE '''', ESCAPE '\\')"],
      ['', '(FORMAT csv)'],
      ['WITH (FORMAT csv, HEADER false, FORCE_QUOTE (note, big))', '(FORMAT csv)'],
    ]) {
      const f = join(dir, 'mixed.csv');
      expect((await db.query(`COPY mixed TO '${f}' ${copyOpts}`)).rowCount).toBe(4);
      await pg.query('TRUNCATE mixed');
      const r = await pg.psql(['-q', '-v', 'ON_ERROR_STOP=1', '-c', `COPY mixed FROM STDIN WITH ${pgOpts}`], readFileSync(f, 'utf8'));
      expect(r.stderr).toBe('');
      expect(await pgText('SELECT * FROM mixed ORDER BY id')).toEqual(PG_TEXT);
    }
    // FORCE_QUOTE * quotes every non-NULL value; NULL stays the bare NULL string.
    await db.query(`COPY mixed (id, big) TO '${join(dir, 'fq.csv')}' WITH (FORMAT csv, HEADER, FORCE_QUOTE *)`);
    expect(readFileSync(join(dir, 'fq.csv'), 'utf8')).toBe('"id","big"\n"1","9223372036854775807"\n"2","-9223372036854775808"\n"3",\n"4","0"\n');
  });

  it('csv.gz and csv.zst (by extension, or COMPRESSION): the gzip/zstd CLIs decode, PostgreSQL loads; COPY FROM reads them back', async () => {
    const db = await mixedDb();
    await pg.query(`DROP TABLE IF EXISTS mixed; ${DDL}`);
    for (const [file, opts, tool] of [
      ['mixed.csv.gz', 'WITH (FORMAT csv, HEADER true)', ['gzip', '-dc']],
      ['mixed.csv.zst', 'WITH (FORMAT csv, HEADER true)', ['zstd', '-dcq']],
      ['mixed-z.csv', 'WITH (FORMAT csv, HEADER true, COMPRESSION zstd)', ['zstd', '-dcq']],
    ] as const) {
      const f = join(dir, file);
      expect((await db.query(`COPY mixed TO '${f}' ${opts}`)).rowCount).toBe(4);
      const text = execFileSync(tool[0], [tool[1], f], { encoding: 'utf8' });
      expect(text.startsWith('id,big,amount,')).toBe(true);
      await pg.query('TRUNCATE mixed');
      const r = await pg.psql(['-q', '-v', 'ON_ERROR_STOP=1', '-c', 'COPY mixed FROM STDIN WITH (FORMAT csv, HEADER true)'], text);
      expect(r.stderr).toBe('');
      expect(await pgText('SELECT * FROM mixed ORDER BY id')).toEqual(PG_TEXT);
      await db.query(DDL.replace('mixed', 'back'));
      expect((await db.query(`COPY back FROM '${f}' ${opts}`)).rowCount).toBe(4);
      expect((await db.query('SELECT count(*) AS n FROM back WHERE note IS NOT DISTINCT FROM (SELECT note FROM mixed m WHERE m.id = back.id)')).rows[0]).toEqual([4n]);
      await db.query('DROP TABLE back');
    }
    await expect(db.query(`COPY mixed TO '${join(dir, 'x.arrow')}' WITH (COMPRESSION zstd)`)).rejects.toThrow('COPY COMPRESSION is available only in Parquet, CSV, JSON and JSONL formats, not arrow');
  });

  it('sql: psql runs the file and PostgreSQL holds identical values and column types', async () => {
    const db = await mixedDb();
    const f = join(dir, 'mixed.sql');
    expect((await db.query(`COPY mixed TO '${f}'`)).rowCount).toBe(4);
    await pg.query('DROP SCHEMA IF EXISTS from_sql CASCADE; CREATE SCHEMA from_sql');
    const r = await pg.psql(['-q', '-v', 'ON_ERROR_STOP=1'], `SET search_path = from_sql;\n${readFileSync(f, 'utf8')}`);
    expect(r.stderr).toBe('');
    expect(await pgText('SELECT * FROM from_sql.mixed ORDER BY id')).toEqual(PG_TEXT);
    expect(await pgText(`SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'from_sql.mixed'::regclass AND attnum > 0 ORDER BY attnum`)).toEqual([
      ['id', 'integer'], ['big', 'bigint'], ['amount', 'numeric(38,6)'], ['note', 'text'], ['ts', 'timestamp without time zone'],
      ['tstz', 'timestamp with time zone'], ['data', 'bytea'], ['flag', 'boolean'],
    ]);
  });

  it('arrow / ipc: polars reads identical values', async () => {
    const db = await mixedDb();
    for (const ext of ['arrow', 'ipc']) {
      const f = join(dir, `mixed.${ext}`);
      expect((await db.query(`COPY mixed TO '${f}'`)).rowCount).toBe(4);
      const df = pl.readIPC(readFileSync(f));
      const text = df.select(...['id', 'big', 'amount', 'note', 'ts', 'tstz', 'flag'].map((c) => pl.col(c).cast(pl.Utf8))).toRecords();
      expect(text.map((r) => Object.values(r))).toEqual([
        ['1', '9223372036854775807', '12345678901234567890123456789012.123456', NOTE1, '2024-02-29 23:59:59.000001', '1999-12-31 23:59:59.999999+00:00', 'true'],
        ['2', '-9223372036854775808', '-0.000001', '', '1970-01-01 00:00:00.000000', '2024-01-02 03:04:05.123456+00:00', 'false'],
        ['3', null, null, null, null, null, null],
        ['4', '0', '0.000000', NOTE4, '2000-01-01 12:00:00.500000', '2000-01-01 12:00:00.500000+00:00', 'true'],
      ]);
      expect(df.select(pl.col('data').cast(pl.List(pl.UInt8))).toRecords().map((r) => r.data)).toEqual([[0, 255, 44, 34], [], null, [92, 120]]);
    }
  });

  it('COPY (query) and COPY t (cols): only those columns, in that order; FORMAT wins over the extension', async () => {
    const db = await mixedDb();
    const f = join(dir, 'part.txt');
    expect((await db.query(`COPY (SELECT id, note FROM mixed WHERE id > 1 ORDER BY id DESC) TO '${f}' WITH (FORMAT csv, HEADER true)`)).rowCount).toBe(3);
    expect(await duckRows(`SELECT * FROM read_csv('${f}', header=true, allow_quoted_nulls=false, columns={'id': 'VARCHAR', 'note': 'VARCHAR'})`)).toEqual([
      ['4', NOTE4], ['3', null], ['2', ''],
    ]);
    const g = join(dir, 'cols.parquet');
    expect((await db.query(`COPY mixed (flag, id) TO '${g}'`)).rowCount).toBe(4);
    expect(await duckRows(`SELECT CAST(flag AS VARCHAR), id FROM read_parquet('${g}')`)).toEqual([['true', '1'], ['false', '2'], [null, '3'], ['true', '4']]);
  });
});

describe('COPY TO errors', () => {
  it('a failed export leaves no file and no temporary sibling', async () => {
    const db = await mixedDb();
    const d = mkdtempSync(join(tmpdir(), 'sql-copy-fail-'));
    for (const ext of ['csv', 'parquet', 'json', 'arrow', 'sql']) {
      const f = join(d, `fail.${ext}`);
      // the error comes after rows were already written (division by zero on the 3000th row)
      await expect(db.query(`COPY (SELECT x, 1 / (x - 3000) AS y FROM generate_series(1, 5000) x) TO '${f}'`)).rejects.toThrow('division by zero');
      expect(existsSync(f)).toBe(false);
    }
    // a value the format cannot hold: NaN in a Parquet DECIMAL
    await db.query(`CREATE TABLE n (v numeric(10,2))`);
    await db.query(`INSERT INTO n VALUES (1.5), ('NaN')`);
    await expect(db.query(`COPY n TO '${join(d, 'nan.parquet')}'`)).rejects.toThrow(/NaN/);
    expect(readdirSync(d)).toEqual([]);
    rmSync(d, { recursive: true });
  });

  it('an unknown extension without FORMAT lists the formats; bad options and missing relations are errors', async () => {
    const db = await mixedDb();
    await expect(db.query(`COPY mixed TO '${join(dir, 'x.txt')}'`)).rejects.toThrow(/extension ".txt".*FORMAT.*csv \(\.csv\).*parquet \(\.parquet, \.pq\)/);
    await expect(db.query(`COPY mixed TO '${join(dir, 'x.csv')}' WITH (FORMAT xml)`)).rejects.toThrow(/unknown format "xml"/);
    await expect(db.query(`COPY mixed TO '${join(dir, 'x.parquet')}' WITH (HEADER true)`)).rejects.toThrow('COPY HEADER is available only in CSV format, not parquet');
    await expect(db.query(`COPY mixed TO '${join(dir, 'x.csv')}' WITH (BOGUS 1)`)).rejects.toThrow('option "bogus" not recognized');
    await expect(db.query(`COPY nope TO '${join(dir, 'x.csv')}'`)).rejects.toThrow('relation "nope" does not exist');
    await expect(db.query(`COPY mixed (nope) TO '${join(dir, 'x.csv')}'`)).rejects.toThrow('column "nope" of relation "mixed" does not exist');
    await expect(db.query(`COPY mixed TO STDOUT`)).rejects.toThrow('COPY TO STDOUT is not supported');
    expect(existsSync(join(dir, 'x.txt')) || existsSync(join(dir, 'x.csv')) || existsSync(join(dir, 'x.parquet'))).toBe(false);
  });
});

describe('COPY FROM', () => {
  it('round trip of every format into an existing table and into a new one', async () => {
    const db = await mixedDb();
    for (const ext of ['csv', 'json', 'jsonl', 'parquet', 'arrow', 'sql']) {
      const f = join(dir, `rt.${ext}`);
      await db.query(`COPY mixed TO '${f}'${ext === 'csv' ? ' WITH (HEADER true)' : ''}`);
      await db.query(`CREATE TABLE rt_${ext} (id int4 PRIMARY KEY, big int8, amount numeric(38,6), note text, ts timestamp, tstz timestamptz, data bytea, flag bool)`);
      const r = await db.query(`COPY rt_${ext} FROM '${f}'${ext === 'csv' ? ' WITH (FORMAT csv, HEADER true)' : ''}`);
      expect([r.command, r.rowCount]).toEqual(['COPY', 4]);
      expect(await ours(db, `SELECT * FROM rt_${ext} ORDER BY id`)).toEqual(PG_TEXT);
    }
    // into a missing table: Parquet/Arrow/SQL carry the schema
    for (const ext of ['parquet', 'arrow', 'sql']) {
      await db.query(`COPY new_${ext} FROM '${join(dir, `rt.${ext}`)}'`);
      expect(await ours(db, `SELECT * FROM new_${ext} ORDER BY id`)).toEqual(PG_TEXT);
      expect((await db.query(`SELECT * FROM new_${ext} LIMIT 0`)).fields.map((x) => x.dataTypeID)).toEqual([23, 20, 1700, 25, 1114, 1184, 17, 16]);
    }
  });

  it('reads files DuckDB wrote: Parquet (into a new and an existing table, cast to its columns), CSV and JSON sniffed', async () => {
    const db = await Database.open({ memory: true });
    const pq = join(dir, 'duck.parquet');
    await duck.run(`COPY (SELECT i::INTEGER AS id, (i * 1000000000000)::BIGINT AS big, (i / 8)::DECIMAL(18,3) AS price, 'name ' || i || ' "q"' AS name,
      TIMESTAMP '2024-03-01 10:00:00.000123' + i * INTERVAL 1 SECOND AS at, i % 2 = 0 AS even FROM range(1, 4) t(i)) TO '${pq}' (FORMAT parquet)`);
    expect((await db.query(`COPY duck_new FROM '${pq}'`)).rowCount).toBe(3);
    expect(await ours(db, 'SELECT * FROM duck_new ORDER BY id')).toEqual([
      ['1', '1000000000000', '0.125', 'name 1 "q"', '2024-03-01 10:00:01.000123', 'f'],
      ['2', '2000000000000', '0.250', 'name 2 "q"', '2024-03-01 10:00:02.000123', 't'],
      ['3', '3000000000000', '0.375', 'name 3 "q"', '2024-03-01 10:00:03.000123', 'f'],
    ]);
    expect((await db.query('SELECT * FROM duck_new LIMIT 0')).fields.map((x) => x.dataTypeID)).toEqual([23, 20, 1700, 25, 1114, 16]);
    // an existing table with other types: values are cast to its columns; columns match by name
    await db.query(`CREATE TABLE products (id int8 PRIMARY KEY, name varchar(40), price numeric(10,2), big text, at timestamptz, even bool, extra text DEFAULT 'dflt')`);
    expect((await db.query(`COPY products FROM '${pq}'`)).rowCount).toBe(3);
    expect(await ours(db, 'SELECT * FROM products ORDER BY id')).toEqual([
      ['1', 'name 1 "q"', '0.13', '1000000000000', '2024-03-01 10:00:01.000123+00', 'f', 'dflt'],
      ['2', 'name 2 "q"', '0.25', '2000000000000', '2024-03-01 10:00:02.000123+00', 't', 'dflt'],
      ['3', 'name 3 "q"', '0.38', '3000000000000', '2024-03-01 10:00:03.000123+00', 'f', 'dflt'],
    ]);
    const csv = join(dir, 'duck.csv');
    await duck.run(`COPY (SELECT * FROM read_parquet('${pq}')) TO '${csv}' (HEADER, DELIMITER ',')`);
    expect((await db.query(`COPY duck_csv FROM '${csv}' WITH (FORMAT csv, HEADER true)`)).rowCount).toBe(3);
    expect(await ours(db, 'SELECT id, big, price, name, at, even FROM duck_csv ORDER BY id')).toEqual([
      ['1', '1000000000000', '0.125', 'name 1 "q"', '2024-03-01 10:00:01.000123', 'f'],
      ['2', '2000000000000', '0.250', 'name 2 "q"', '2024-03-01 10:00:02.000123', 't'],
      ['3', '3000000000000', '0.375', 'name 3 "q"', '2024-03-01 10:00:03.000123', 'f'],
    ]);
    const jsonl = join(dir, 'duck.ndjson');
    await duck.run(`COPY (SELECT id, name, even FROM read_parquet('${pq}')) TO '${jsonl}' (FORMAT json)`);
    await db.query(`CREATE TABLE dj (id int4, name text, even bool)`);
    expect((await db.query(`COPY dj (id, name, even) FROM '${jsonl}'`)).rowCount).toBe(3);
    expect(await ours(db, 'SELECT * FROM dj ORDER BY id')).toEqual([['1', 'name 1 "q"', 'f'], ['2', 'name 2 "q"', 't'], ['3', 'name 3 "q"', 'f']]);
    // into a missing table: JSON types are sniffed (int4, text, bool)
    expect((await db.query(`COPY dj_new FROM '${jsonl}'`)).rowCount).toBe(3);
    expect(await ours(db, 'SELECT * FROM dj_new ORDER BY id')).toEqual([['1', 'name 1 "q"', 'f'], ['2', 'name 2 "q"', 't'], ['3', 'name 3 "q"', 'f']]);
    expect((await db.query('SELECT * FROM dj_new LIMIT 0')).fields.map((x) => x.dataTypeID)).toEqual([23, 25, 16]);
  });

  it('reads CSV PostgreSQL wrote (COPY TO STDOUT) with identical values', async () => {
    await pg.query(`DROP TABLE IF EXISTS mixed; ${DDL}`);
    await pg.query(INSERT, [NOTE1, NOTE4]);
    const r = await pg.psql(['-q', '-c', `COPY mixed TO STDOUT WITH (FORMAT csv, HEADER true, NULL 'N/A')`]);
    const f = join(dir, 'from-pg.csv');
    writeFileSync(f, r.stdout);
    const db = await Database.open({ memory: true });
    await db.query(DDL);
    expect((await db.query(`COPY mixed FROM '${f}' WITH (FORMAT csv, HEADER true, NULL 'N/A')`)).rowCount).toBe(4);
    expect(await ours(db, 'SELECT * FROM mixed ORDER BY id')).toEqual(PG_TEXT);
  });

  it('one bad row fails the statement with its line, column and value, and the table is unchanged', async () => {
    const db = await Database.open({ memory: true });
    await db.query(`CREATE TABLE t (id int4 PRIMARY KEY, n int4, s text)`);
    await db.query(`INSERT INTO t VALUES (100, 1, 'kept')`);
    const f = join(dir, 'bad.csv');
    writeFileSync(f, 'id,n,s\n1,10,a\n2,20,"multi\nline"\n3,abc,c\n4,40,d\n');
    await expect(db.query(`COPY t FROM '${f}' WITH (FORMAT csv, HEADER true)`)).rejects.toMatchObject({
      code: '22P02',
      message: 'COPY t: csv: line 5, row 3, column "n": invalid input syntax for type integer: "abc"',
    });
    expect(await ours(db, 'SELECT * FROM t ORDER BY id')).toEqual([['100', '1', 'kept']]);
    // a constraint violation late in the file (duplicate key on data row 4) rolls back the rows before it
    writeFileSync(f, 'id,n,s\n1,10,a\n2,20,b\n3,30,c\n100,40,d\n');
    await expect(db.query(`COPY t FROM '${f}' WITH (FORMAT csv, HEADER true)`)).rejects.toThrow(/row 4: duplicate key value violates unique constraint "t_pkey"/);
    expect(await ours(db, 'SELECT * FROM t ORDER BY id')).toEqual([['100', '1', 'kept']]);
    // inside a transaction block the rows before the COPY stay after ROLLBACK TO SAVEPOINT
    await db.query('BEGIN');
    await db.query(`INSERT INTO t VALUES (200, 2, 'in tx')`);
    await db.query('SAVEPOINT s');
    await expect(db.query(`COPY t FROM '${f}' WITH (FORMAT csv, HEADER true)`)).rejects.toThrow(/duplicate key/);
    await db.query('ROLLBACK TO SAVEPOINT s');
    await db.query('COMMIT');
    expect(await ours(db, 'SELECT * FROM t ORDER BY id')).toEqual([['100', '1', 'kept'], ['200', '2', 'in tx']]);
    // Parquet: a value that does not cast to the column names its row, column and value
    const pq = join(dir, 'bad.parquet');
    await duck.run(`COPY (SELECT * FROM (VALUES (1, '5', 'x'), (2, 'seven', 'y')) v(id, n, s)) TO '${pq}' (FORMAT parquet)`);
    await expect(db.query(`COPY t FROM '${pq}'`)).rejects.toThrow(/row 2, column n: "seven".*invalid input syntax for type integer/);
    // a failed COPY into a missing table leaves no table
    writeFileSync(f, 'a,b\n1,2\n3\n');
    await expect(db.query(`COPY fresh FROM '${f}' WITH (FORMAT csv, HEADER true)`)).rejects.toThrow(/line 3/);
    await expect(db.query('SELECT * FROM fresh')).rejects.toThrow('relation "fresh" does not exist');
    expect(await ours(db, 'SELECT count(*) FROM t')).toEqual([['2']]);
  });
});

describe('COPY FROM larger than one pending-writes segment (4 MiB; the full ones go to a spill file)', () => {
  it('loads 250,000 rows into a data directory all or nothing: a bad last row leaves the table as it was; a transaction sees its own rows', async () => {
    const dataDir = join(dir, 'big-data');
    const db = await Database.open({ dataDir, create: true });
    try {
      await db.query('CREATE TABLE big (id int8 NOT NULL, n int4, s text)');
      await db.query(`INSERT INTO big VALUES (0, 0, 'before')`);
      const N = 250_000;
      const pad = 'x'.repeat(60);
      const lines: string[] = [];
      for (let i = 1; i <= N; i++) lines.push(`${i},${i % 1000},row ${i} ${pad}`);
      const good = join(dir, 'big.csv');
      writeFileSync(good, lines.join('\n') + '\n');
      const bad = join(dir, 'big-bad.csv');
      writeFileSync(bad, lines.join('\n') + '\nlast,1,x\n');
      await expect(db.query(`COPY big FROM '${bad}' WITH (FORMAT csv)`)).rejects.toThrow(/line 250001.*invalid input syntax for type bigint: "last"/);
      expect(await ours(db, 'SELECT count(*), sum(n) FROM big')).toEqual([['1', '0']]);
      // In a transaction the rows are read back from the spilled segments before the commit, and ROLLBACK drops them.
      await db.query('BEGIN');
      await db.query(`COPY big FROM '${good}' WITH (FORMAT csv)`);
      expect(await ours(db, 'SELECT count(*), sum(n), max(id) FROM big')).toEqual([[String(N + 1), '124875000', String(N)]]);
      await db.query('ROLLBACK');
      expect(await ours(db, 'SELECT count(*) FROM big')).toEqual([['1']]);
      const r = await db.query(`COPY big FROM '${good}' WITH (FORMAT csv)`);
      expect(r.rowCount).toBe(N);
      expect(await ours(db, 'SELECT count(*), sum(n), sum(length(s)) FROM big')).toEqual([[String(N + 1), '124875000', String(6 + lines.reduce((a, l) => a + l.length - l.indexOf(',', l.indexOf(',') + 1) - 1, 0))]]);
      expect(await ours(db, 'SELECT id, n, s FROM big WHERE id IN (1, 123456, 250000) ORDER BY id')).toEqual([
        ['1', '1', `row 1 ${pad}`],
        ['123456', '456', `row 123456 ${pad}`],
        ['250000', '0', `row 250000 ${pad}`],
      ]);
    } finally {
      await db.close();
    }
  });
});

describe("the tutorial's statements as written", () => {
  it('export products to Parquet and recent orders to CSV, then import both back', async () => {
    const db = await Database.open({ memory: true });
    await db.query(`CREATE TABLE products (id serial PRIMARY KEY, name text NOT NULL, price numeric(10,2))`);
    await db.query(`INSERT INTO products (name, price) VALUES ('tea', 3.50), ('cup, "big"', 12.00), ('spoon', NULL)`);
    await db.query(`CREATE TABLE orders (id int8 PRIMARY KEY, product_id int4, created_at timestamptz)`);
    await db.query(`INSERT INTO orders VALUES (1, 1, now() - interval '30 days'), (2, 2, now() - interval '1 day'), (3, 1, now())`);
    const tag = `${process.pid}-${Date.now()}`;
    const pq = `/tmp/products-${tag}.parquet`;
    const recent = `/tmp/recent_orders-${tag}.csv`;
    const r1 = await db.query(`COPY products TO '${pq}';`);
    expect([r1.command, r1.rowCount]).toEqual(['COPY', 3]);
    const r2 = await db.query(`COPY (SELECT * FROM orders WHERE created_at > now() - interval '7 days') TO '${recent}' WITH (FORMAT csv, HEADER true);`);
    expect(r2.rowCount).toBe(2);
    expect(await duckRows(`SELECT id, product_id FROM read_csv('${recent}', header=true) ORDER BY id`)).toEqual([['2', '2'], ['3', '1']]);
    expect(await duckRows(`SELECT id, name, CAST(price AS VARCHAR) FROM read_parquet('${pq}') ORDER BY id`)).toEqual([['1', 'tea', '3.50'], ['2', 'cup, "big"', '12.00'], ['3', 'spoon', null]]);

    await db.query('TRUNCATE products');
    expect((await db.query(`COPY products FROM '${pq}';`)).rowCount).toBe(3);
    const csv = `/tmp/products-${tag}.csv`;
    await db.query(`COPY (SELECT id + 10 AS id, name, price FROM products) TO '${csv}' WITH (FORMAT csv, HEADER true)`);
    expect((await db.query(`COPY products FROM '${csv}' WITH (FORMAT csv, HEADER true);`)).rowCount).toBe(3);
    expect(await ours(db, 'SELECT * FROM products ORDER BY id')).toEqual([
      ['1', 'tea', '3.50'], ['2', 'cup, "big"', '12.00'], ['3', 'spoon', null],
      ['11', 'tea', '3.50'], ['12', 'cup, "big"', '12.00'], ['13', 'spoon', null],
    ]);
    for (const f of [pq, recent, csv]) rmSync(f);
  });
});
