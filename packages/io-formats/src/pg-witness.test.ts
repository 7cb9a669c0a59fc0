import { startPostgres, type PgCluster } from '@heliosdb/testkit';
import type { Value } from '@heliosdb/types';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReader, createWriter, type ReaderOptions, type WriteOptions } from './create.js';
import { PG_ONLY_ROWS, PG_TEXT, ROWS, SCHEMA, pgCreateTable } from './test-support/adversarial.js';
import { tempDir } from './test-support/duckdb.js';

// PostgreSQL 15 as the witness: it loads what we write (psql -f, COPY FROM STDIN, json_populate_record) and writes
// what we read (COPY TO STDOUT). Every table is compared with PG_TEXT, PostgreSQL's text written out by hand.
const ALL_ROWS = [...ROWS, ...PG_ONLY_ROWS];
// Plain columns: the testkit returns each in its type's output text (bool as t/f; bool::text would say true).
const SELECT_TEXT = SCHEMA.map((c) => `"${c.name}"`).join(', ');

let pg: PgCluster;
let dir: string;
let tables = 0;

beforeAll(async () => {
  pg = await startPostgres();
  dir = tempDir();
});
afterAll(async () => {
  await pg?.stop();
});

async function tableText(table: string): Promise<(string | null)[][]> {
  const r = await pg.query(`SELECT ${SELECT_TEXT} FROM ${table} ORDER BY id`);
  return r.rows.map((row: Record<string, unknown>) => Object.values(row) as (string | null)[]);
}

async function freshTable(): Promise<string> {
  const name = `t${++tables}`;
  await pg.query(pgCreateTable(name));
  return name;
}

async function writeFile(name: string, options: WriteOptions = {}, rows: Value[][] = ALL_ROWS): Promise<string> {
  const path = join(dir, name);
  const w = await createWriter(path, SCHEMA, options);
  await w.writeRows(rows);
  await w.finish();
  return path;
}

async function readAll(source: string | Uint8Array, options: ReaderOptions): Promise<Value[][]> {
  const rows: Value[][] = [];
  for await (const b of createReader(source, options).rows()) rows.push(...b);
  return rows;
}

function expectOk(r: { code: number; stderr: string }): void {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

describe('PostgreSQL 15 loads what we write', () => {
  it('.sql: psql -f with ON_ERROR_STOP creates the table and inserts identical values', async () => {
    const path = await writeFile('adv.sql', { table: 'from_sql', insertRows: 3 });
    expectOk(await pg.psql(['-q', '-v', 'ON_ERROR_STOP=1', '-f', path]));
    expect(await tableText('from_sql')).toEqual(PG_TEXT);
    const cols = await pg.query(`SELECT format_type(atttypid, atttypmod) || CASE WHEN attnotnull THEN ' not null' ELSE '' END AS t
      FROM pg_attribute WHERE attrelid = 'from_sql'::regclass AND attnum > 0 ORDER BY attnum`);
    expect(cols.rows.map((r: { t: string }) => r.t)).toEqual([
      'integer not null', 'smallint', 'integer', 'bigint', 'numeric(38,10)', 'numeric', 'double precision', 'real',
      'boolean', 'text', 'character varying(50)', 'bytea', 'date', 'time without time zone',
      'timestamp without time zone', 'timestamp with time zone', 'interval', 'uuid', 'jsonb', 'integer[]', 'text[]',
    ]);
  });

  it('.sql into a schema-qualified table with an awkward name, no CREATE TABLE', async () => {
    await pg.query(`CREATE SCHEMA "My Schema"`);
    await pg.query(pgCreateTable(`"My Schema"."odd ""name"""`));
    const path = await writeFile('adv-q.sql', { table: ['My Schema', 'odd "name"'], createTable: false });
    expectOk(await pg.psql(['-q', '-v', 'ON_ERROR_STOP=1', '-f', path]));
    expect(await tableText(`"My Schema"."odd ""name"""`)).toEqual(PG_TEXT);
  });

  for (const [label, options, copy] of [
    ['default dialect', {}, '(FORMAT csv, HEADER)'],
    ['semicolon, NULL \\N, forced quotes', { delimiter: ';', null: '\\N', forceQuote: true }, `(FORMAT csv, HEADER, DELIMITER ';', NULL '\\N')`],
    ['escape backslash, no header', { escape: '\\', header: false }, `(FORMAT csv, ESCAPE '\\')`],
  ] as const) {
    it(`.csv (${label}): COPY ... FROM STDIN loads identical values`, async () => {
      const path = await writeFile(`adv-${tables}.csv`, options);
      const table = await freshTable();
      expectOk(await pg.psql(['-q', '-v', 'ON_ERROR_STOP=1', '-c', `COPY ${table} FROM STDIN WITH ${copy}`], readFileSync(path, 'utf8')));
      expect(await tableText(table)).toEqual(PG_TEXT);
    });
  }

  it('.json and .jsonl: json_populate_record reads identical values, 38+ digit numerics exactly', async () => {
    const expected = PG_TEXT.map((r) => r.map((v, i) => (i === 18 && v === 'null' ? null : v)));
    const json = await writeFile('adv.json');
    const t1 = await freshTable();
    await pg.query(`INSERT INTO ${t1} SELECT * FROM json_populate_recordset(NULL::${t1}, $1::json)`, [readFileSync(json, 'utf8')]);
    expect(await tableText(t1)).toEqual(expected);
    const jsonl = await writeFile('adv.jsonl');
    const lines = readFileSync(jsonl, 'utf8').split('\n').filter((l) => l !== '');
    const t2 = await freshTable();
    await pg.query(`INSERT INTO ${t2} SELECT (json_populate_record(NULL::${t2}, l::json)).* FROM unnest($1::text[]) l`, [lines]);
    expect(await tableText(t2)).toEqual(expected);
  });
});

describe('we read what PostgreSQL 15 writes', () => {
  let source: string;
  beforeAll(async () => {
    // Filled from the hand-written text, not from any file of ours.
    source = await freshTable();
    const params = SCHEMA.map((_, i) => `$${i + 1}`).join(', ');
    for (const r of PG_TEXT) await pg.query(`INSERT INTO ${source} VALUES (${params})`, r);
    expect(await tableText(source)).toEqual(PG_TEXT);
  });

  for (const [label, copy, options] of [
    ['default dialect', '(FORMAT csv, HEADER)', { header: true }],
    ['FORCE_QUOTE *, DELIMITER |, NULL <null>', `(FORMAT csv, HEADER, FORCE_QUOTE *, DELIMITER '|', NULL '<null>')`,
      { header: true, delimiter: '|', null: '<null>' }],
    ['ESCAPE backslash', `(FORMAT csv, ESCAPE '\\')`, { header: false, escape: '\\' }],
  ] as const) {
    it(`COPY TO STDOUT (${label}) read with the table's schema: identical values`, async () => {
      const r = await pg.psql(['-q', '-v', 'ON_ERROR_STOP=1', '-c', `COPY (SELECT * FROM ${source} ORDER BY id) TO STDOUT WITH ${copy}`]);
      expectOk(r);
      const rows = await readAll(Buffer.from(r.stdout, 'utf8'), { format: 'csv', schema: SCHEMA, ...options });
      expect(rows).toEqual(ALL_ROWS);
    });
  }

  it('COPY TO STDOUT of psql-written CSV, read with sniffing: header found, integers are integers', async () => {
    const r = await pg.psql(['-q', '-c', `COPY (SELECT id, i8, s, d FROM ${source} ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER)`]);
    expectOk(r);
    const reader = createReader(Buffer.from(r.stdout, 'utf8'), { format: 'csv' });
    const schema = await reader.schema;
    expect(schema.map((c) => [c.name, c.type.name])).toEqual([['id', 'int4'], ['i8', 'int8'], ['s', 'text'], ['d', 'text']]);
    const rows: Value[][] = [];
    for await (const b of reader.rows()) rows.push(...b);
    expect(rows.map((x) => x[2])).toEqual(ALL_ROWS.map((x) => x[9]));
    expect(rows.map((x) => x[1])).toEqual(ALL_ROWS.map((x) => x[3]));
  });

  it('file written by COPY to a path through psql \\copy reads the same as the stream', async () => {
    const path = join(dir, 'pg.csv');
    expectOk(await pg.psql(['-q', '-c', `\\copy (SELECT * FROM ${source} ORDER BY id) TO '${path}' WITH (FORMAT csv, HEADER)`]));
    expect(await readAll(path, { schema: SCHEMA, header: true })).toEqual(ALL_ROWS);
  });

  for (const flags of [['--inserts'], ['--column-inserts'], ['--inserts', '--rows-per-insert=3']]) {
    it(`pg_dump ${flags.join(' ')} read by the .sql reader: CREATE TABLE gives the schema, identical values`, async () => {
      const r = await pg.run('pg_dump', [...flags, '--no-owner', '-t', source, 'postgres']);
      expectOk(r);
      const reader = createReader(Buffer.from(r.stdout, 'utf8'), { format: 'sql' });
      const schema = await reader.schema;
      expect(schema).toEqual(SCHEMA);
      const rows: Value[][] = [];
      for await (const b of reader.rows()) rows.push(...b);
      expect(rows).toEqual(ALL_ROWS);
    });
  }
});
