import { PgDate, PgTimestamp, PgTimestampTz, T, type Value } from '@heliosdb/types';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReader, createWriter } from '../create.js';
import { INJECTION, MESSY, ROWS, SCHEMA } from '../test-support/adversarial.js';
import { duckColumns, duckdb, duckRows, tempDir } from '../test-support/duckdb.js';

// DuckDB parses every JSON number as a double (1.2345678901234568e28), so the 38-digit numerics `n` and `nu` are
// witnessed exactly by PostgreSQL instead (pg-witness.test.ts). Everything else: DuckDB's ::VARCHAR, by hand.
const COLUMNS = SCHEMA.filter((c) => c.name !== 'n' && c.name !== 'nu');
const SELECT = COLUMNS.map((c) => (c.name === 'tarr' || c.name === 'j' ? `to_json("${c.name}")::VARCHAR` : `"${c.name}"::VARCHAR`)).join(', ');
const EXPECTED: (string | null)[][] = [
  ['1', '-32768', '-2147483648', '-9223372036854775808', 'nan', '-inf', 'true', INJECTION, 'comma, "quote"',
    '\\x000100ff', '2024-02-29', '23:59:59.999999', '2024-01-02 03:04:05.123456', '1969-12-31 23:59:59.999999+00',
    '1 year 2 months 3 days 04:05:06.789', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a":[1,"x\\"y"],"b":null}',
    '[1, NULL, -3]', '["a,b","\\"q\\"","NULL","",null,"\\\\"]'],
  ['2', '32767', '2147483647', '9223372036854775807', 'inf', '1.5', 'false', MESSY, '\\N', '\\x', '1969-12-31',
    '00:00:00', '1970-01-01 00:00:00', '2023-11-14 22:13:20.000001+00', '00:00:00.000001',
    '00000000-0000-0000-0000-000000000000', '[]', '[]', '[]'],
  ['3', null, null, null, '0.1', null, null, '', '', null, null, null, null, null, null, null, '"🎉"', null, null],
  ['4', ...Array<null>(18).fill(null)],
  ['5', '0', '0', '0', '1e+300', '-0.25', null, '\\', 'NULL', '\\x5c27220a00', null, null, null, null, null, null,
    null, '[2147483647]', '["👨‍👩‍👧"," x "]'],
];
// Row 5's jsonb value is the JSON literal null: embedded, it is the same JSON null as SQL NULL (as in PostgreSQL's
// row_to_json), so it reads back as NULL. README "Type mapping" documents this one ambiguity of the JSON format.

async function write(path: string): Promise<void> {
  const w = await createWriter(path, SCHEMA);
  await w.writeRows(ROWS);
  await w.finish();
}

async function readAll(path: string, options = {}): Promise<{ schema: { name: string; type: unknown }[]; rows: Value[][] }> {
  const r = createReader(path, options);
  const rows: Value[][] = [];
  for await (const b of r.rows()) rows.push(...b);
  return { schema: await r.schema, rows };
}

describe('json and jsonl writers, read back by DuckDB', () => {
  for (const [ext, format] of [['json', 'array'], ['jsonl', 'newline_delimited'], ['ndjson', 'newline_delimited']] as const) {
    it(`.${ext}: DuckDB reads every value identically, NULL as null, '' as ""`, async () => {
      const path = join(tempDir(), `adv.${ext}`);
      await write(path);
      const c = await duckdb();
      const got = await duckRows(c, `SELECT ${SELECT} FROM read_json('${path}', format = '${format}',
        columns = ${duckColumns(SCHEMA, 'json')}) ORDER BY id`);
      expect(got.rows).toEqual(EXPECTED);
      // DuckDB's own detection: integers stay integers (HUGEINT: it widens on -2^63), never doubles or strings.
      const auto = await duckRows(c, `SELECT id, i8, b, s, arr FROM read_json('${path}', format = '${format}') LIMIT 0`);
      expect(auto.types).toEqual(['BIGINT', 'HUGEINT', 'BOOLEAN', 'VARCHAR', 'HUGEINT[]']);
    });
  }

  it('.jsonl holds one object per line and int8/numeric as JSON numbers with every digit', async () => {
    const path = join(tempDir(), 'adv.jsonl');
    await write(path);
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines).toHaveLength(ROWS.length + 1);
    expect(lines[0]).toContain('"i8":-9223372036854775808,"n":-9999999999999999999999999999.9999999999,');
    expect(lines[0]).toContain('"f8":"NaN","f4":"-Infinity"');
  });
});

describe('json and jsonl readers, files written by DuckDB', () => {
  const SQL = `SELECT i::INTEGER AS i4,
      CASE WHEN i = 0 THEN -9223372036854775808 ELSE 9223372036854775807 END::BIGINT AS i8,
      CASE i WHEN 0 THEN '${INJECTION.replace(/'/g, "''")}' WHEN 1 THEN '' ELSE NULL END AS s,
      CASE i WHEN 0 THEN '${MESSY.replace(/'/g, "''")}' ELSE 'plain' END AS m,
      CASE WHEN i = 0 THEN 1e300 ELSE 2.5 END::DOUBLE AS f,
      '-12345678901234567890123456.123456789012'::DECIMAL(38,12) AS n,
      i = 1 AS b, DATE '2024-02-29' - i::INTEGER AS d, TIMESTAMP '2024-01-02 03:04:05.123456' AS ts,
      TIMESTAMPTZ '2024-01-02 03:04:05.123456+00' AS tz, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID AS u,
      [i, NULL] AS l, {'k': i, 'v': 'x'} AS st
    FROM range(0, 3) r(i)`;
  const ts = new PgTimestamp(1704164645123456n);
  const tz = new PgTimestampTz(1704164645123456n);
  const u = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11';
  const n = '-12345678901234567890123456.123456789012';
  const want: Value[][] = [
    [0, -9223372036854775808n, INJECTION, MESSY, '1e+300', n, false, new PgDate(19782), ts, tz, u, '[0, null]', '{"k": 0, "v": "x"}'],
    [1, 9223372036854775807n, '', 'plain', '2.5', n, true, new PgDate(19781), ts, tz, u, '[1, null]', '{"k": 1, "v": "x"}'],
    [2, 9223372036854775807n, null, 'plain', '2.5', n, false, new PgDate(19780), ts, tz, u, '[2, null]', '{"k": 2, "v": "x"}'],
  ];

  for (const [ext, options] of [['json', 'ARRAY true'], ['jsonl', 'ARRAY false']] as const) {
    it(`.${ext}: sniffs types and reads identical values (int8 and numeric exactly, never through a double)`, async () => {
      const path = join(tempDir(), `duck.${ext}`);
      const c = await duckdb();
      await c.run(`COPY (${SQL}) TO '${path}' (FORMAT json, ${options})`);
      const { schema, rows } = await readAll(path);
      expect(schema.map((s) => s.name)).toEqual(['i4', 'i8', 's', 'm', 'f', 'n', 'b', 'd', 'ts', 'tz', 'u', 'l', 'st']);
      expect(schema.map((s) => s.type)).toEqual([
        T.int4, T.int8, T.text, T.text, T.float8, T.numeric(), T.bool, T.date, T.timestamp, T.timestamptz, T.uuid, T.jsonb, T.jsonb,
      ]);
      expect(rows.map((r) => r.map((v, i) => (i === 4 ? String(v) : v)))).toEqual(
        want.map((r) => r.map((v, i) => (i === 4 ? String(Number(v)) : v))),
      );
    });
  }
});
