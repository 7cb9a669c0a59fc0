import { PgDate, PgTimestamp, PgTimestampTz, T, type Value } from '@heliosdb/types';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWriter } from '../create.js';
import type { ColumnSchema } from '../schema.js';
import { INJECTION, MESSY, ROWS, SCHEMA } from '../test-support/adversarial.js';
import { duckdb, duckRows, tempDir } from '../test-support/duckdb.js';

const schema: ColumnSchema[] = [
  { name: 'i2', type: T.int2 },
  { name: 'i4', type: T.int4 },
  { name: 'i8', type: T.int8 },
  { name: 'n', type: T.numeric(38, 10) },
  { name: 'f', type: T.float8 },
  { name: 'b', type: T.bool },
  { name: 's', type: T.text },
  { name: 'raw', type: T.bytea },
  { name: 'd', type: T.date },
  { name: 'ts', type: T.timestamp },
  { name: 'tstz', type: T.timestamptz },
];

const ADVERSARIAL = `'); DROP TABLE x; --`;
const rows: Value[][] = [
  [-32768, -2147483648, -9223372036854775808n, '-1234567890123456789012345678.0123456789', Number.NaN, true, ADVERSARIAL,
    new Uint8Array([0, 1, 0, 255]), new PgDate(0), new PgTimestamp(1_700_000_000_123_456n), new PgTimestampTz(-1n)],
  [32767, 2147483647, 9223372036854775807n, '9999999999999999999999999999.9999999999', Number.POSITIVE_INFINITY, false,
    'quote " back\\slash\nnew\tline, comma 🎉 ü', new Uint8Array(0), new PgDate(-1), new PgTimestamp(0n), new PgTimestampTz(1_700_000_000_000_001n)],
  [null, null, null, null, null, null, '', null, null, null, null],
];

// What DuckDB prints for each value of `rows` (written out by hand, not by our code).
const expected = [
  ['-32768', '-2147483648', '-9223372036854775808', '-1234567890123456789012345678.0123456789', 'nan', 'true', ADVERSARIAL,
    '\\x00\\x01\\x00\\xFF', '1970-01-01', '2023-11-14 22:13:20.123456', '1969-12-31 23:59:59.999999+00'],
  ['32767', '2147483647', '9223372036854775807', '9999999999999999999999999999.9999999999', 'inf', 'false',
    'quote " back\\slash\nnew\tline, comma 🎉 ü', '', '1969-12-31', '1970-01-01 00:00:00', '2023-11-14 22:13:20.000001+00'],
  [null, null, null, null, null, null, '', null, null, null, null],
];

describe('parquet writer, read back by DuckDB', () => {
  for (const compression of ['snappy', 'zstd', 'gzip', 'uncompressed'] as const) {
    it(`${compression}: DuckDB reads identical values with the expected types`, async () => {
      const dir = tempDir();
      const path = join(dir, 'out.parquet');
      const w = await createWriter(path, schema, { compression, rowGroupSize: 2 });
      await w.writeRows(rows);
      await w.finish();
      const c = await duckdb();
      await c.run(`SET TimeZone = 'UTC'`);
      const cols = schema.map((s) => (s.name === 'raw' ? `raw::VARCHAR` : `"${s.name}"::VARCHAR`)).join(', ');
      const got = await duckRows(c, `SELECT ${cols} FROM read_parquet('${path}')`);
      expect(got.rows).toEqual(expected);
      const types = await duckRows(c, `SELECT * FROM read_parquet('${path}') LIMIT 0`);
      expect(types.types).toEqual(['SMALLINT', 'INTEGER', 'BIGINT', 'DECIMAL(38,10)', 'DOUBLE', 'BOOLEAN', 'VARCHAR', 'BLOB', 'DATE', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE']);
      const meta = await duckRows(c, `SELECT DISTINCT compression FROM parquet_metadata('${path}')`);
      expect(meta.rows).toEqual([[compression.toUpperCase()]]);
      const groups = await duckRows(c, `SELECT count(DISTINCT row_group_id) FROM parquet_metadata('${path}')`);
      expect(groups.rows).toEqual([['2']]);
    });
  }

  it('writes a temporary sibling and leaves nothing after abort', async () => {
    const dir = tempDir();
    const path = join(dir, 'gone.parquet');
    const w = await createWriter(path, schema);
    await w.writeRows(rows);
    expect(readdirSync(dir)).toHaveLength(1);
    expect(existsSync(path)).toBe(false);
    await w.abort();
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('parquet writer, the adversarial table read back by DuckDB', () => {
  it('every column: identical values, interval/arrays/jsonb as PostgreSQL text, uuid as UUID', async () => {
    const path = join(tempDir(), 'adv.parquet');
    const w = await createWriter(path, SCHEMA, { rowGroupSize: 2 });
    await w.writeRows(ROWS);
    await w.finish();
    const c = await duckdb();
    const cols = SCHEMA.map((s) => (s.name === 'raw' ? 'hex(raw)' : `"${s.name}"::VARCHAR`)).join(', ');
    const got = await duckRows(c, `SELECT ${cols} FROM read_parquet('${path}') ORDER BY id`);
    expect(got.rows).toEqual([
      ['1', '-32768', '-2147483648', '-9223372036854775808', '-9999999999999999999999999999.9999999999',
        '-123456789012345678901234567890123456789012345.000001', 'nan', '-inf', 'true', INJECTION, 'comma, "quote"',
        '000100FF', '2024-02-29', '23:59:59.999999', '2024-01-02 03:04:05.123456', '1969-12-31 23:59:59.999999+00',
        '1 year 2 mons 3 days 04:05:06.789', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": [1, "x\\"y"], "b": null}',
        '{1,NULL,-3}', '{"a,b","\\"q\\"","NULL","",NULL,"\\\\"}'],
      ['2', '32767', '2147483647', '9223372036854775807', '9999999999999999999999999999.9999999999', 'NaN', 'inf', '1.5',
        'false', MESSY, '\\N', '', '1969-12-31', '00:00:00', '1970-01-01 00:00:00', '2023-11-14 22:13:20.000001+00',
        '00:00:00.000001', '00000000-0000-0000-0000-000000000000', '[]', '{}', '{}'],
      ['3', null, null, null, '0.0000000001', '0.000000000000000000000000000000000000000001', '0.1', null, null, '', '',
        null, null, null, null, null, null, null, '"🎉"', null, null],
      ['4', ...Array<null>(20).fill(null)],
      ['5', '0', '0', '0', '0.0000000000', '0.00001', '1e+300', '-0.25', null, '\\', 'NULL', '5C27220A00', null, null,
        null, null, null, null, 'null', '{2147483647}', '{👨‍👩‍👧," x "}'],
    ]);
    const types = await duckRows(c, `SELECT * FROM read_parquet('${path}') LIMIT 0`);
    expect(types.types).toEqual(['INTEGER', 'SMALLINT', 'INTEGER', 'BIGINT', 'DECIMAL(38,10)', 'VARCHAR', 'DOUBLE', 'FLOAT',
      'BOOLEAN', 'VARCHAR', 'VARCHAR', 'BLOB', 'DATE', 'TIME', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', 'VARCHAR', 'UUID',
      'VARCHAR', 'VARCHAR', 'VARCHAR']);
  });
});
