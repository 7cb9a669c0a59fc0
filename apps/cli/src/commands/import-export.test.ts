import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { startPostgres, type PgCluster } from '@heliosdb/testkit';
import { spawnSync } from 'node:child_process';
import { BIN, cli, workDir } from '../test-support/cli.js';
import { duckdb, duckRows } from '../test-support/duckdb.js';

const w = workDir();
const data = join(w.path, 'data');
let duck: DuckDBConnection;
let pg: PgCluster;

const ITEMS_DDL = 'CREATE TABLE items (id int4 PRIMARY KEY, name text, price numeric(12,2), score float8, ok bool, day date, at timestamp, big int8)';
const ITEMS_ROWS = `INSERT INTO items VALUES
  (1, 'plain', 19.99, 1.5, true, '2024-02-29', '2024-01-02 03:04:05.123456', 9223372036854775807),
  (2, 'comma, "quote"', -0.01, -2.25, false, '1999-12-31', '1970-01-01 00:00:00', -9223372036854775808),
  (3, E'multi\\nline', NULL, NULL, NULL, NULL, NULL, NULL),
  (4, '', 0, 0.5, true, '2000-01-01', '2000-01-01 12:00:00', 0),
  (5, NULL, 1234567890.12, 1e300, false, '2024-12-31', '2024-12-31 23:59:59.999999', 42)`;

// The fixture as DuckDB renders each value ::VARCHAR, written out by hand: '' (row 4) is not NULL (row 5).
const DUCK_EXPECTED = [
  ['1', 'plain', '19.99', '1.5', 'true', '2024-02-29', '2024-01-02 03:04:05.123456', '9223372036854775807'],
  ['2', 'comma, "quote"', '-0.01', '-2.25', 'false', '1999-12-31', '1970-01-01 00:00:00', '-9223372036854775808'],
  ['3', 'multi\nline', null, null, null, null, null, null],
  ['4', '', '0.00', '0.5', 'true', '2000-01-01', '2000-01-01 12:00:00', '0'],
  ['5', null, '1234567890.12', '1e+300', 'false', '2024-12-31', '2024-12-31 23:59:59.999999', '42'],
];
const DUCK_COLUMNS = `{'id': 'INTEGER', 'name': 'VARCHAR', 'price': 'DECIMAL(12,2)', 'score': 'DOUBLE', 'ok': 'BOOLEAN', 'day': 'DATE', 'at': 'TIMESTAMP', 'big': 'BIGINT'}`;
const AS_TEXT = 'id::VARCHAR, name, price::VARCHAR, score::VARCHAR, ok::VARCHAR, day::VARCHAR, "at"::VARCHAR, big::VARCHAR';

/** A table's rows as `heliosdb-nano sql --csv` prints them (PostgreSQL's text forms). */
async function csvOf(sql: string): Promise<string> {
  const r = await cli(['sql', '--data-dir', data, '--csv', '-c', sql]);
  expect(r.stderr).toBe('');
  return r.stdout;
}

beforeAll(async () => {
  const r = await cli(['sql', '--data-dir', data, '--create', '-q', '-c', ITEMS_DDL, '-c', ITEMS_ROWS]);
  expect(r).toMatchObject({ code: 0, stderr: '' });
  duck = await duckdb();
  pg = await startPostgres();
});
afterAll(async () => {
  await pg?.stop();
  w.cleanup();
});

describe('export: DuckDB reads what it writes', () => {
  it('csv (by extension): header, quotes, a line break, empty string vs NULL; the summary names rows, bytes and time', async () => {
    const file = join(w.path, 'items.csv');
    const r = await cli(['export', '--data-dir', data, '--table', 'items', '--output', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const size = readFileSync(file).byteLength;
    expect(r.stdout).toMatch(new RegExp(`^export: 5 rows, ${size} B \\(csv\\) from items to ${file} in [\\d.]+ m?s\\n$`));
    const got = await duckRows(duck, `SELECT ${AS_TEXT} FROM read_csv('${file}', header = true, auto_detect = false, allow_quoted_nulls = false, columns = ${DUCK_COLUMNS}) ORDER BY id`);
    expect(got.rows).toEqual(DUCK_EXPECTED);
  });

  it('parquet with --compression zstd, jsonl and json; DuckDB reads the same values and Parquet carries the types', async () => {
    const pq = join(w.path, 'items.parquet');
    expect((await cli(['export', '--data-dir', data, '--table', 'items', '--output', pq, '--compression', 'zstd'])).code).toBe(0);
    const pqRows = await duckRows(duck, `SELECT ${AS_TEXT} FROM read_parquet('${pq}') ORDER BY id`);
    expect(pqRows.rows).toEqual(DUCK_EXPECTED);
    const types = await duckRows(duck, `SELECT * FROM read_parquet('${pq}') LIMIT 0`);
    expect(types.types).toEqual(['INTEGER', 'VARCHAR', 'DECIMAL(12,2)', 'DOUBLE', 'BOOLEAN', 'DATE', 'TIMESTAMP', 'BIGINT']);
    const codecs = await duckRows(duck, `SELECT DISTINCT compression FROM parquet_metadata('${pq}')`);
    expect(codecs.rows).toEqual([['ZSTD']]);
    for (const ext of ['jsonl', 'json']) {
      const file = join(w.path, `items.${ext}`);
      expect(await cli(['export', '--data-dir', data, '--table', 'items', '--output', file])).toMatchObject({ code: 0, stderr: '' });
      const got = await duckRows(duck, `SELECT ${AS_TEXT} FROM read_json('${file}', format = '${ext === 'json' ? 'array' : 'newline_delimited'}', columns = ${DUCK_COLUMNS}) ORDER BY id`);
      expect(got.rows).toEqual(DUCK_EXPECTED);
    }
  });

  it('--query to stdout (--output - --format csv): stdout holds only the data, the summary goes to stderr', async () => {
    const r = await cli(['export', '--data-dir', data, '--query', 'SELECT id, name FROM items WHERE id IN (1, 2) ORDER BY id -- a comment', '--output', '-', '--format', 'csv', '--no-header']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('1,plain\n2,"comma, ""quote"""\n');
    expect(r.stderr).toMatch(/^export: 2 rows, 29 B \(csv\) from query to stdout in [\d.]+ m?s\n$/);
  });

  it('on a terminal, progress is drawn and cleared before the summary (util-linux script gives the pty; on a pipe see above: nothing)', async () => {
    const file = join(w.path, 'tty.csv');
    const out = spawnSync('script', ['-qec', `${BIN} export --data-dir ${data} --table items --output ${file}`, '/dev/null'], { encoding: 'utf8' });
    expect(out.status).toBe(0);
    // One redraw at least (the first update draws at once), then the line is cleared and the summary follows.
    expect(out.stdout).toMatch(/\r\x1b\[2Kexporting: \d+ rows, \d+ B/);
    expect(out.stdout).toMatch(/\r\x1b\[2Kexport: 5 rows, \d+ B \(csv\) from items to .*tty\.csv in [\d.]+ m?s\r?\n$/);
  });

  it('--json reports rows, bytes, format and time', async () => {
    const file = join(w.path, 'report.arrow');
    const r = await cli(['export', '--data-dir', data, '--table', 'items', '--output', file, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ command: 'export', table: 'items', output: file, format: 'arrow', rows: 5, bytes: readFileSync(file).byteLength });
    expect(report.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it('--compression gzip / a .csv.zst extension: the gzip and zstd CLIs decode the CSV; import reads it back', async () => {
    const gz = join(w.path, 'items-gz.csv');
    expect((await cli(['export', '--data-dir', data, '--table', 'items', '--output', gz, '--compression', 'gzip'])).code).toBe(0);
    const zst = join(w.path, 'items.csv.zst');
    expect((await cli(['export', '--data-dir', data, '--table', 'items', '--output', zst])).code).toBe(0);
    const csv = join(w.path, 'items-plain.csv');
    expect((await cli(['export', '--data-dir', data, '--table', 'items', '--output', csv])).code).toBe(0);
    const plain = readFileSync(csv, 'utf8');
    expect(spawnSync('gzip', ['-dc', gz], { encoding: 'utf8' }).stdout).toBe(plain);
    expect(spawnSync('zstd', ['-dcq', zst], { encoding: 'utf8' }).stdout).toBe(plain);
    const r = await cli(['import', '--data-dir', data, '--table', 'items_zst', '--create', '--input', zst]);
    expect(r.code).toBe(0);
    expect(await csvOf('SELECT * FROM items_zst ORDER BY id')).toBe(await csvOf('SELECT * FROM items ORDER BY id'));
  });

  it('a query failing at row 3 leaves no file and no temporary sibling', async () => {
    const dir = join(w.path, 'failed-export');
    mkdirSync(dir);
    const r = await cli(['export', '--data-dir', data, '--query', 'SELECT id, 10 / (id - 3) FROM items ORDER BY id', '--output', join(dir, 'out.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/division by zero/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('import: files DuckDB and PostgreSQL wrote', () => {
  // psql --csv prints '' and NULL alike (an unquoted empty field), so name_null tells them apart.
  const WANT = [
    'id,name,price,score,ok,day,at,big,name_null',
    '1,plain,19.99,1.5,t,2024-02-29,2024-01-02 03:04:05.123456,9223372036854775807,f',
    '2,"comma, ""quote""",-0.01,-2.25,f,1999-12-31,1970-01-01 00:00:00,-9223372036854775808,f',
    '3,"multi\nline",,,,,,,f',
    '4,,0.00,0.5,t,2000-01-01,2000-01-01 12:00:00,0,f',
    '5,,1234567890.12,1e+300,f,2024-12-31,2024-12-31 23:59:59.999999,42,t',
    '',
  ].join('\n');
  const DUCK_TABLE = `SELECT * FROM (VALUES
      (1, 'plain', 19.99::DECIMAL(12,2), 1.5::DOUBLE, true, DATE '2024-02-29', TIMESTAMP '2024-01-02 03:04:05.123456', 9223372036854775807::BIGINT),
      (2, 'comma, "quote"', -0.01, -2.25, false, DATE '1999-12-31', TIMESTAMP '1970-01-01 00:00:00', (-9223372036854775808)::BIGINT),
      (3, 'multi' || chr(10) || 'line', NULL, NULL, NULL, NULL, NULL, NULL),
      (4, '', 0, 0.5, true, DATE '2000-01-01', TIMESTAMP '2000-01-01 12:00:00', 0),
      (5, NULL, 1234567890.12, 1e300, false, DATE '2024-12-31', TIMESTAMP '2024-12-31 23:59:59.999999', 42)
    ) v(id, name, price, score, ok, day, "at", big)`;

  it('DuckDB Parquet, CSV and JSONL: into new tables (--create) and into an existing one', async () => {
    const files = { parquet: join(w.path, 'duck.parquet'), csv: join(w.path, 'duck.csv'), jsonl: join(w.path, 'duck.jsonl') };
    await duck.run(`COPY (${DUCK_TABLE}) TO '${files.parquet}' (FORMAT parquet)`);
    await duck.run(`COPY (${DUCK_TABLE}) TO '${files.csv}' (FORMAT csv, HEADER)`);
    await duck.run(`COPY (${DUCK_TABLE}) TO '${files.jsonl}' (FORMAT json)`);
    for (const [format, file] of Object.entries(files)) {
      const created = await cli(['import', '--data-dir', data, '--table', `from_${format}`, '--input', file, '--create']);
      expect({ format, code: created.code, stderr: created.stderr }).toEqual({ format, code: 0, stderr: '' });
      expect(created.stdout).toMatch(new RegExp(`^import: 5 rows, .* \\(${format}\\) from .* into from_${format} \\(created\\) in `));
      const existing = `into_${format}`;
      expect(await cli(['sql', '--data-dir', data, '-c', ITEMS_DDL.replace('items', existing)])).toMatchObject({ code: 0, stderr: '' });
      const r = await cli(['import', '--data-dir', data, '--table', existing, '--input', file]);
      expect({ format, code: r.code, stderr: r.stderr }).toEqual({ format, code: 0, stderr: '' });
      expect({ format, rows: await csvOf(`SELECT *, name IS NULL AS name_null FROM ${existing} ORDER BY id`) }).toEqual({ format, rows: WANT });
    }
    // Created from Parquet, the types are the file's (DuckDB's DECIMAL(12,2) -> numeric(12,2), BIGINT -> int8);
    // from CSV and JSONL they are sniffed (price as unconstrained numeric: DuckDB's JSON writes 0.00 as 0.0).
    const cols = 'id, name, price::numeric(12,2) AS price, score, ok, day, at, big, name IS NULL AS name_null';
    for (const format of Object.keys(files)) expect({ format, rows: await csvOf(`SELECT ${cols} FROM from_${format} ORDER BY id`) }).toEqual({ format, rows: WANT });
    expect(await csvOf(`SELECT pg_typeof(price), pg_typeof(big), pg_typeof(at) FROM from_parquet LIMIT 1`)).toBe('pg_typeof,pg_typeof,pg_typeof\nnumeric,bigint,timestamp without time zone\n');
  });

  it('a CSV PostgreSQL wrote (COPY TO STDOUT, NULL string) read from stdin: what PostgreSQL prints, we print', async () => {
    await pg.query(ITEMS_DDL);
    await pg.query(ITEMS_ROWS);
    const dumped = await pg.psql(['-q', '-c', `COPY items TO STDOUT WITH (FORMAT csv, HEADER true, NULL 'N/A')`]);
    expect(dumped.code).toBe(0);
    expect(await cli(['sql', '--data-dir', data, '-c', ITEMS_DDL.replace('items', 'from_pg')])).toMatchObject({ code: 0, stderr: '' });
    const r = await cli(['import', '--data-dir', data, '--table', 'from_pg', '--input', '-', '--format', 'csv', '--null', 'N/A'], { stdin: dumped.stdout });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^import: 5 rows, \d+ B \(csv\) from stdin into from_pg in /);
    const theirs = await pg.psql(['--csv', '-c', 'SELECT *, name IS NULL AS name_null FROM items ORDER BY id']);
    expect(theirs.stdout).toBe(WANT);
    expect(await csvOf('SELECT *, name IS NULL AS name_null FROM from_pg ORDER BY id')).toBe(theirs.stdout);
  });
});

describe('import: bad input fails whole, names the place, changes nothing', () => {
  const before = () => csvOf('SELECT * FROM items ORDER BY id');

  it('an unclosed CSV quote: line and column, exit 1, table unchanged', async () => {
    const want = await before();
    const file = join(w.path, 'unclosed.csv');
    writeFileSync(file, 'id,name,price,score,ok,day,at,big\n10,a,1,1,t,2024-01-01,2024-01-01 00:00:00,1\n11,"open,1,1,t,2024-01-01,2024-01-01 00:00:00,1\n12,c,1,1,t,2024-01-01,2024-01-01 00:00:00,1\n');
    const r = await cli(['import', '--data-dir', data, '--table', 'items', '--input', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^heliosdb-nano: COPY items: csv: line 3, column 2, byte \d+: unclosed quote in field 2/);
    expect(await before()).toBe(want);
  });

  it('a value of the wrong type late in a CSV file (after good rows): line, row and column; no row loaded', async () => {
    const want = await before();
    const file = join(w.path, 'wrong-type.csv');
    const good = Array.from({ length: 5000 }, (_, i) => `${100 + i},n${i},1.00,2,f,2024-01-01,2024-01-01 00:00:00,${i}`);
    writeFileSync(file, ['id,name,price,score,ok,day,at,big', ...good, '9999,x,12.5,abc,t,2024-01-01,2024-01-01 00:00:00,1'].join('\n') + '\n');
    const r = await cli(['import', '--data-dir', data, '--table', 'items', '--input', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^heliosdb-nano: COPY items: csv: line 5002, row 5001, column "score": invalid input syntax for type double precision: "abc"$/m);
    expect(await before()).toBe(want);
  });

  it('a DuckDB Parquet file whose text does not cast into an integer column: row and column named', async () => {
    const want = await before();
    const file = join(w.path, 'bad-cast.parquet');
    await duck.run(`COPY (SELECT i::INTEGER AS id, CASE WHEN i = 202 THEN 'seven' ELSE i::VARCHAR END AS big FROM range(200, 204) r(i)) TO '${file}' (FORMAT parquet)`);
    const r = await cli(['import', '--data-dir', data, '--table', 'items', '--input', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/COPY items, row 3, column big: "seven": invalid input syntax for type bigint: "seven"/);
    expect(await before()).toBe(want);
  });

  it('a missing table without --create is an error that creates nothing; with --create a bad file creates nothing', async () => {
    const file = join(w.path, 'items.csv');
    const r = await cli(['import', '--data-dir', data, '--table', 'nowhere', '--input', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('heliosdb-nano: relation "nowhere" does not exist; nothing was imported\nhint: pass --create to create it from the file\'s columns\n');
    const bad = join(w.path, 'bad.jsonl');
    writeFileSync(bad, '{"a": 1}\n{"a": 2}\n{"a": 3\n');
    const c = await cli(['import', '--data-dir', data, '--table', 'nowhere', '--input', bad, '--create']);
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/^heliosdb-nano: COPY nowhere: jsonl: line 4, byte 26: unexpected end of input$/m);
    const q = await cli(['sql', '--data-dir', data, '-c', 'SELECT * FROM nowhere']);
    expect(q.stderr).toMatch(/relation "nowhere" does not exist/);
  });

  it('--on-error ignore loads the good rows, lists the bad ones with line, row and reason, and prints the NOTICE', async () => {
    await cli(['sql', '--data-dir', data, '-c', 'CREATE TABLE lenient (id int4, n int4, d date)']);
    const file = join(w.path, 'lenient.csv');
    writeFileSync(file, 'id,n,d\n1,10,2024-01-01\n2,ten,2024-01-02\n3,30,2024-02-30\n4,40,2024-01-04\n5,99999999999,2024-01-05\n');
    const rejects = join(w.path, 'lenient-rejects.csv');
    const r = await cli(['import', '--data-dir', data, '--table', 'lenient', '--input', file, '--on-error', 'ignore', '--rejects', rejects, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('NOTICE:  3 rows were skipped due to data type incompatibility\n');
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 2, skipped: 3, rejects, created: false });
    expect(await csvOf('SELECT * FROM lenient ORDER BY id')).toBe('id,n,d\n1,10,2024-01-01\n4,40,2024-01-04\n');
    // DuckDB reads the rejects file.
    const got = await duckRows(duck, `SELECT line::VARCHAR, "row"::VARCHAR, "column", error FROM read_csv('${rejects}', header = true, all_varchar = true) ORDER BY line`);
    expect(got.rows).toEqual([
      ['3', '2', 'n', 'invalid input syntax for type integer: "ten"'],
      ['4', '3', 'd', 'date/time field value out of range: "2024-02-30"'],
      ['6', '5', 'n', 'value "99999999999" is out of range for type integer'],
    ]);
  });
});

describe('usage errors are refused with exit code 2 before anything is written', () => {
  it.each([
    [['export', '--table', 'items', '--output', 'x.csv', '--bogus'], /Unknown argument: bogus/],
    [['export', '--table', 'items', '--query', 'SELECT 1', '--output', 'x.csv'], /Arguments table and query are mutually exclusive/],
    [['export', '--output', 'x.csv'], /name what to export: --table <name> or --query <SELECT \.\.\.>/],
    [['export', '--table', 'items', '--output', 'x.txt'], /cannot tell the format of "x.txt" from its extension ".txt"; pass --format, one of csv \(\.csv\)/],
    [['export', '--table', 'items', '--output', '-'], /--output - \(stdout\) needs --format/],
    [['export', '--table', 'items', '--output', 'x.arrow', '--compression', 'zstd'], /--compression is for Parquet, CSV, JSON and JSONL, not arrow/],
    [['export', '--table', 'items', '--output', 'x.csv', '--compression', 'snappy'], /--compression for csv is gzip, zstd or none, not snappy/],
    [['export', '--query', 'SELECT 1; DROP TABLE items', '--output', 'x.csv'], /--query takes one SELECT statement/],
    [['export', '--table', 'items; DROP TABLE items', '--output', 'x.csv'], /not a table name/],
    [['import', '--input', 'x.csv'], /Missing required argument: table/],
    [['import', '--table', 'items', '--input', 'x.csv', '--rejects', 'r.csv'], /--rejects needs --on-error ignore/],
    [['import', '--table', 'items', '--input', 'x.csv', '--format', 'xml'], /Invalid values:/],
  ])('%j', async (args, message) => {
    const r = await cli([...args.slice(0, 1), '--data-dir', data, ...args.slice(1)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync('x.csv')).toBe(false);
    expect((await csvOf('SELECT count(*) FROM items'))).toBe('count\n5\n');
  });
});
