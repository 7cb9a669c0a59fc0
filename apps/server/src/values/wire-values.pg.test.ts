/**
 * Binary formats against the independent witness: PostgreSQL 15's own typsend functions. Our encoding of
 * each value must equal PostgreSQL's bytes, and decoding PostgreSQL's bytes must give back the same text.
 */
import { type PgCluster, hasPostgres, startPostgres } from '@heliosdb/testkit';
import { type PgType, T, arrayOf, textIn, textOut } from '@heliosdb/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeParam, encodeBinary } from './wire-values.js';

const CASES: [PgType, string, string][] = [
  [T.bool, 'boolsend', 'true'],
  [T.bool, 'boolsend', 'false'],
  [T.int2, 'int2send', '-32768'],
  [T.int4, 'int4send', '2147483647'],
  [T.int8, 'int8send', '-9223372036854775808'],
  [T.float4, 'float4send', '1.17549435e-38'],
  [T.float4, 'float4send', '-Infinity'],
  [T.float8, 'float8send', '3.141592653589793'],
  [T.float8, 'float8send', 'NaN'],
  [T.float8, 'float8send', '-0'],
  [T.text, 'textsend', 'héllo 😀'],
  [T.bytea, 'byteasend', '\\x00ff10'],
  [T.numeric(), 'numeric_send', '0'],
  [T.numeric(), 'numeric_send', '0.000'],
  [T.numeric(), 'numeric_send', '-12345.6789'],
  [T.numeric(), 'numeric_send', '10000'],
  [T.numeric(), 'numeric_send', '0.0001'],
  [T.numeric(), 'numeric_send', '123456789012345678901234567890.123456789'],
  [T.numeric(), 'numeric_send', '1e-20'],
  [T.numeric(), 'numeric_send', 'NaN'],
  [T.numeric(), 'numeric_send', 'Infinity'],
  [T.numeric(), 'numeric_send', '-Infinity'],
  [T.date, 'date_send', '2024-02-29'],
  [T.date, 'date_send', '1900-01-01'],
  [T.date, 'date_send', 'infinity'],
  [T.time, 'time_send', '23:59:59.999999'],
  [T.timestamp, 'timestamp_send', '2024-02-29 12:34:56.789'],
  [T.timestamp, 'timestamp_send', '1969-12-31 23:59:59.000001'],
  [T.timestamp, 'timestamp_send', '-infinity'],
  [T.timestamptz, 'timestamptz_send', '2024-03-10 02:30:00+00'],
  [T.interval, 'interval_send', '1 year 2 mons -3 days 04:05:06.789'],
  [T.uuid, 'uuid_send', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
  [T.jsonb, 'jsonb_send', '{"b": [1, 2], "a": null}'],
  [arrayOf(T.int4), 'array_send', '{1,NULL,-3}'],
  [arrayOf(T.text), 'array_send', '{"a b",ü}'],
  [arrayOf(T.int8), 'array_send', '{}'],
];

const sqlType = (t: PgType): string => (t.array ? `${t.name}[]` : t.name);

describe.skipIf(!hasPostgres())('binary format = PostgreSQL typsend', () => {
  let pg: PgCluster;
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(async () => {
    await pg?.stop();
  });

  it.each(CASES)('%o %s(%s)', async (type, fn, literal) => {
    const r = await pg.query(`select encode(${fn}($1::${sqlType(type)}), 'hex') as b, $1::${sqlType(type)} as t`, [literal]);
    const theirs = Buffer.from(r.rows[0].b as string, 'hex');
    const value = textIn(type, literal);
    expect(encodeBinary(type, value).toString('hex')).toBe(theirs.toString('hex'));
    expect(textOut(type, decodeParam(type, theirs, 1, 0))).toBe(r.rows[0].t);
  });
});
