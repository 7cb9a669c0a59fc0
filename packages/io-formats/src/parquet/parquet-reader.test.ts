import { PgDate, PgTime, PgTimestamp, PgTimestampTz, T, type Value } from '@heliosdb/types';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReader } from '../create.js';
import { FormatError } from '../errors.js';
import { duckdb, tempDir } from '../test-support/duckdb.js';

async function readAll(path: string): Promise<{ schema: unknown; rows: Value[][] }> {
  const r = createReader(path);
  const rows: Value[][] = [];
  for await (const b of r.rows()) rows.push(...b);
  return { schema: await r.schema, rows };
}

const SELECT = `SELECT
  i::INTEGER AS i4, (i * 3)::SMALLINT AS i2, CASE WHEN i = 0 THEN -9223372036854775808 ELSE 9223372036854775807 END::BIGINT AS i8,
  CASE WHEN i = 0 THEN '-12345678901234567890123456.123456789012' ELSE '0.000000000001' END::DECIMAL(38,12) AS n,
  12.34::DECIMAL(4,2) AS small_dec, 1.5::DOUBLE AS f, i = 1 AS b,
  CASE WHEN i = 0 THEN 'dup' ELSE '🎉 "q" \\ ''x''' END AS s,
  DATE '2024-02-29' AS d, TIME '23:59:59.999999' AS t,
  TIMESTAMP '2024-01-02 03:04:05.123456' AS ts, TIMESTAMPTZ '2024-01-02 03:04:05.123456+00' AS tstz,
  '\\x00\\xFF'::BLOB AS raw, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID AS u, NULL::INTEGER AS nothing
FROM range(0, 2) r(i)`;

const wantRow0: Value[] = [0, 0, -9223372036854775808n, '-12345678901234567890123456.123456789012', '12.34', 1.5, false, 'dup',
  new PgDate(19782), new PgTime(86_399_999_999), new PgTimestamp(1704164645123456n), new PgTimestampTz(1704164645123456n),
  new Uint8Array([0, 255]), 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', null];

describe('parquet reader, files written by DuckDB', () => {
  for (const compression of ['snappy', 'zstd', 'gzip']) {
    it(`${compression}: identical values; INT columns import as integers, not strings`, async () => {
      const path = join(tempDir(), `duck-${compression}.pq`);
      const c = await duckdb();
      await c.run(`SET TimeZone = 'UTC'`);
      await c.run(`COPY (${SELECT}) TO '${path}' (FORMAT parquet, COMPRESSION ${compression}, ROW_GROUP_SIZE 1)`);
      const { schema, rows } = await readAll(path);
      expect((schema as { type: unknown }[]).map((s) => s.type)).toEqual([
        T.int4, T.int2, T.int8, T.numeric(38, 12), T.numeric(4, 2), T.float8, T.bool, T.text, T.date, T.time,
        T.timestamp, T.timestamptz, T.bytea, T.uuid, T.int4,
      ]);
      expect(rows).toHaveLength(2);
      expect(rows[0]).toEqual(wantRow0);
      expect(rows[1]![0]).toBe(1);
      expect(rows[1]![2]).toBe(9223372036854775807n);
      expect(rows[1]![3]).toBe('0.000000000001');
      expect(rows[1]![7]).toBe(`🎉 "q" \\ 'x'`);
    });
  }

  it('dictionary-encoded pages (many repeats) read back exactly', async () => {
    const path = join(tempDir(), 'dict.parquet');
    const c = await duckdb();
    await c.run(`COPY (SELECT (i % 3)::VARCHAR AS s, i::BIGINT AS n FROM range(0, 10000) r(i)) TO '${path}' (FORMAT parquet)`);
    const { rows } = await readAll(path);
    expect(rows).toHaveLength(10000);
    expect(rows[9999]).toEqual(['0', 9999n]);
  });

  it('a truncated file is an error naming the format and the byte offset', async () => {
    const dir = tempDir();
    const path = join(dir, 'whole.parquet');
    const c = await duckdb();
    await c.run(`COPY (SELECT 1 AS x) TO '${path}' (FORMAT parquet)`);
    const cut = join(dir, 'cut.parquet');
    const bytes = readFileSync(path);
    writeFileSync(cut, bytes.subarray(0, bytes.length - 20));
    const err = await readAll(cut).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FormatError);
    expect((err as FormatError).message).toMatch(/^parquet: byte \d+: /);
    expect((err as FormatError).byteOffset).toBe(bytes.length - 20);
  });
});
