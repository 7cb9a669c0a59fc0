import { PgDate, PgTimestamp, PgTimestampTz, T, type Value } from '@heliosdb/types';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReader, createWriter } from '../create.js';
import { INJECTION, MESSY, ROWS, SCHEMA } from '../test-support/adversarial.js';
import { duckColumns, duckdb, duckRows, tempDir } from '../test-support/duckdb.js';

// What DuckDB prints (::VARCHAR) for each value of ROWS read from our CSV, written out by hand.
const EXPECTED: (string | null)[][] = [
  ['1', '-32768', '-2147483648', '-9223372036854775808', '-9999999999999999999999999999.9999999999',
    '-123456789012345678901234567890123456789012345.000001', 'nan', '-inf', 'true', INJECTION, 'comma, "quote"',
    '\\x000100ff', '2024-02-29', '23:59:59.999999', '2024-01-02 03:04:05.123456', '1969-12-31 23:59:59.999999+00',
    '1 year 2 months 3 days 04:05:06.789', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": [1, "x\\"y"], "b": null}',
    '{1,NULL,-3}', '{"a,b","\\"q\\"","NULL","",NULL,"\\\\"}'],
  ['2', '32767', '2147483647', '9223372036854775807', '9999999999999999999999999999.9999999999', 'NaN', 'inf', '1.5',
    'false', MESSY, '\\N', '\\x', '1969-12-31', '00:00:00', '1970-01-01 00:00:00', '2023-11-14 22:13:20.000001+00',
    '00:00:00.000001', '00000000-0000-0000-0000-000000000000', '[]', '{}', '{}'],
  ['3', null, null, null, '0.0000000001', '0.000000000000000000000000000000000000000001', '0.1', null, null, '', '',
    null, null, null, null, null, null, null, '"🎉"', null, null],
  ['4', ...Array<null>(20).fill(null)],
  ['5', '0', '0', '0', '0.0000000000', '0.00001', '1e+300', '-0.25', null, '\\', 'NULL', '\\x5c27220a00', null, null,
    null, null, null, null, 'null', '{2147483647}', '{👨‍👩‍👧," x "}'],
];

async function writeCsv(path: string, options = {}): Promise<void> {
  const w = await createWriter(path, SCHEMA, options);
  await w.writeRows(ROWS.slice(0, 2));
  for (const r of ROWS.slice(2)) await w.write(r);
  expect(w.rowCount).toBe(ROWS.length);
  await w.finish();
}

async function readAll(path: string, options = {}): Promise<{ schema: { name: string; type: unknown }[]; rows: Value[][] }> {
  const r = createReader(path, options);
  const rows: Value[][] = [];
  for await (const b of r.rows()) rows.push(...b);
  return { schema: await r.schema, rows };
}

const selectAll = SCHEMA.map((c) => `"${c.name}"::VARCHAR`).join(', ');

describe('csv writer, read back by DuckDB', () => {
  it('DuckDB reads every value identically (quoted empty string is not NULL)', async () => {
    const path = join(tempDir(), 'adv.csv');
    await writeCsv(path);
    const c = await duckdb();
    const got = await duckRows(
      c,
      `SELECT ${selectAll} FROM read_csv('${path}', header = true, delim = ',', quote = '"', escape = '"',
         allow_quoted_nulls = false, auto_detect = false, columns = ${duckColumns(SCHEMA, 'csv')}) ORDER BY id`,
    );
    expect(got.rows).toEqual(EXPECTED);
    const bytes = await duckRows(c, `SELECT octet_length(unhex(substr(raw, 3))) FROM read_csv('${path}', all_varchar = true,
      allow_quoted_nulls = false) ORDER BY id::INTEGER`);
    expect(bytes.rows.map((r) => r[0])).toEqual(['4', '0', null, null, '5']);
  });

  // DuckDB's sniffer, not ours: it takes "NaN" as DOUBLE but not "-Infinity", and does not sniff the nil UUID as UUID.
  it("DuckDB's own type detection finds the expected types", async () => {
    const path = join(tempDir(), 'adv.csv');
    await writeCsv(path);
    const c = await duckdb();
    const got = await duckRows(c, `SELECT * FROM read_csv('${path}', allow_quoted_nulls = false) LIMIT 0`);
    expect(Object.fromEntries(SCHEMA.map((s, i) => [s.name, got.types[i]]))).toEqual({
      id: 'BIGINT', i2: 'BIGINT', i4: 'BIGINT', i8: 'BIGINT', n: 'DOUBLE', nu: 'DOUBLE', f8: 'DOUBLE', f4: 'VARCHAR',
      b: 'BOOLEAN', s: 'VARCHAR', vc: 'VARCHAR', raw: 'VARCHAR', d: 'DATE', t: 'TIME', ts: 'TIMESTAMP',
      tz: 'TIMESTAMP WITH TIME ZONE', iv: 'VARCHAR', u: 'VARCHAR', j: 'VARCHAR', arr: 'VARCHAR', tarr: 'VARCHAR',
    });
  });

  it('other dialects: semicolon delimiter, forced quotes, NULL as \\N; DuckDB reads the same values', async () => {
    const path = join(tempDir(), 'adv-semi.csv');
    await writeCsv(path, { delimiter: ';', forceQuote: true, null: '\\N' });
    const c = await duckdb();
    const got = await duckRows(
      c,
      `SELECT ${selectAll} FROM read_csv('${path}', header = true, delim = ';', quote = '"', escape = '"',
         nullstr = '\\N', allow_quoted_nulls = false, auto_detect = false, columns = ${duckColumns(SCHEMA, 'csv')}) ORDER BY id`,
    );
    expect(got.rows).toEqual(EXPECTED);
  });
});

describe('csv reader, files written by DuckDB', () => {
  const SELECT = `SELECT i::INTEGER AS i4,
      CASE WHEN i = 0 THEN -9223372036854775808 ELSE 9223372036854775807 END::BIGINT AS i8,
      CASE i WHEN 0 THEN '${INJECTION.replace(/'/g, "''")}' WHEN 1 THEN '' ELSE NULL END AS s,
      CASE i WHEN 0 THEN '${MESSY.replace(/'/g, "''")}' ELSE 'plain' END AS m,
      CASE WHEN i = 0 THEN 1e300 ELSE 'nan' END::DOUBLE AS f,
      CASE WHEN i = 0 THEN '-12345678901234567890123456.123456789012' ELSE '0.000000000001' END::DECIMAL(38,12) AS n,
      i = 1 AS b, DATE '2024-02-29' - i::INTEGER AS d, TIMESTAMP '2024-01-02 03:04:05.123456' AS ts,
      TIMESTAMPTZ '2024-01-02 03:04:05.123456+00' AS tz, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID AS u
    FROM range(0, 3) r(i)`;

  it('sniffs header, types and reads identical values; quoted empty string stays a string, empty field is NULL', async () => {
    const path = join(tempDir(), 'duck.csv');
    const c = await duckdb();
    await c.run(`COPY (${SELECT}) TO '${path}' (HEADER, DELIMITER ',')`);
    const { schema, rows } = await readAll(path);
    expect(schema.map((s) => s.name)).toEqual(['i4', 'i8', 's', 'm', 'f', 'n', 'b', 'd', 'ts', 'tz', 'u']);
    expect(schema.map((s) => s.type)).toEqual([
      T.int4, T.int8, T.text, T.text, T.float8, T.numeric(), T.bool, T.date, T.timestamp, T.timestamptz, T.uuid,
    ]);
    const ts = new PgTimestamp(1704164645123456n);
    const tz = new PgTimestampTz(1704164645123456n);
    const u = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11';
    expect(rows).toEqual([
      [0, -9223372036854775808n, INJECTION, MESSY, 1e300, '-12345678901234567890123456.123456789012', false, new PgDate(19782), ts, tz, u],
      [1, 9223372036854775807n, '', 'plain', Number.NaN, '0.000000000001', true, new PgDate(19781), ts, tz, u],
      [2, 9223372036854775807n, null, 'plain', Number.NaN, '0.000000000001', false, new PgDate(19780), ts, tz, u],
    ]);
  });

  it('a tab-delimited DuckDB file without header: delimiter and header are sniffed', async () => {
    const path = join(tempDir(), 'duck.tsv');
    const c = await duckdb();
    await c.run(`COPY (SELECT i::INTEGER AS a, 'x' || i AS b FROM range(0, 5) r(i)) TO '${path}' (HEADER false, DELIMITER '\t')`);
    const { schema, rows } = await readAll(path, { format: 'csv' });
    expect(schema).toEqual([{ name: 'column1', type: T.int4 }, { name: 'column2', type: T.text }]);
    expect(rows).toEqual([0, 1, 2, 3, 4].map((i) => [i, `x${i}`]));
  });
});
