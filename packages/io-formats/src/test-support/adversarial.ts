import { PgDate, PgInterval, PgTime, PgTimestamp, PgTimestampTz, T, arrayOf, type Value } from '@heliosdb/types';
import type { ColumnSchema } from '../schema.js';

/**
 * One table of hostile values shared by the CSV, JSON, JSONL and SQL witness tests. Every value is one that
 * DuckDB and PostgreSQL 15 can both hold (DuckDB reads `nu`, `raw`, `j` and the arrays as text where it has no
 * equivalent); PG-only values (BC dates, infinities, negative intervals) are in PG_ONLY_ROWS.
 */
export const INJECTION = `'); DROP TABLE x; --`;
export const MESSY = 'quote " back\\slash\nnew\tline\r\nCRLF, comma 🎉 ü 日本語';

export const SCHEMA: ColumnSchema[] = [
  { name: 'id', type: T.int4, nullable: false },
  { name: 'i2', type: T.int2 },
  { name: 'i4', type: T.int4 },
  { name: 'i8', type: T.int8 },
  { name: 'n', type: T.numeric(38, 10) },
  { name: 'nu', type: T.numeric() },
  { name: 'f8', type: T.float8 },
  { name: 'f4', type: T.float4 },
  { name: 'b', type: T.bool },
  { name: 's', type: T.text },
  { name: 'vc', type: T.varchar(50) },
  { name: 'raw', type: T.bytea },
  { name: 'd', type: T.date },
  { name: 't', type: T.time },
  { name: 'ts', type: T.timestamp },
  { name: 'tz', type: T.timestamptz },
  { name: 'iv', type: T.interval },
  { name: 'u', type: T.uuid },
  { name: 'j', type: T.jsonb },
  { name: 'arr', type: arrayOf(T.int4) },
  { name: 'tarr', type: arrayOf(T.text) },
];

export const ROWS: Value[][] = [
  [1, -32768, -2147483648, -9223372036854775808n, '-9999999999999999999999999999.9999999999',
    '-123456789012345678901234567890123456789012345.000001', Number.NaN, Number.NEGATIVE_INFINITY, true, INJECTION,
    'comma, "quote"', new Uint8Array([0, 1, 0, 255]), new PgDate(19782), new PgTime(86_399_999_999),
    new PgTimestamp(1704164645123456n), new PgTimestampTz(-1n), new PgInterval(14, 3, 14_706_789_000n),
    'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": [1, "x\\"y"], "b": null}', [1, null, -3],
    ['a,b', '"q"', 'NULL', '', null, '\\']],
  [2, 32767, 2147483647, 9223372036854775807n, '9999999999999999999999999999.9999999999', 'NaN',
    Number.POSITIVE_INFINITY, 1.5, false, MESSY, '\\N', new Uint8Array(0), new PgDate(-1), new PgTime(0),
    new PgTimestamp(0n), new PgTimestampTz(1_700_000_000_000_001n), new PgInterval(0, 0, 1n),
    '00000000-0000-0000-0000-000000000000', '[]', [], []],
  [3, null, null, null, '0.0000000001', '0.000000000000000000000000000000000000000001', 0.1, null, null, '', '',
    null, null, null, null, null, null, null, '"🎉"', null, null],
  [4, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null],
  [5, 0, 0, 0n, '0.0000000000', '0.00001', 1e300, -0.25, null, '\\', 'NULL', new Uint8Array([0x5c, 0x27, 0x22, 0x0a, 0x00]),
    null, null, null, null, null, null, 'null', [2147483647], ['👨‍👩‍👧', ' x ']],
];

/** Values only PostgreSQL can hold: BC dates, infinities, negative and mixed-sign intervals, numeric NaN in a typmod. */
export const PG_ONLY_ROWS: Value[][] = [
  [6, null, null, null, 'NaN', 'Infinity', null, null, null, null, null, null, new PgDate(-736_330), new PgTime(86_400_000_000),
    PgTimestamp.INFINITY, PgTimestampTz.NEG_INFINITY, new PgInterval(-14, 3, -14_706_000_000n), null, null, null, null],
  [7, null, null, null, null, '-Infinity', null, null, null, null, null, null, PgDate.INFINITY, null,
    new PgTimestamp(-62_135_596_800_000_000n - 86_400_000_000n), new PgTimestampTz(-62_135_596_800_000_000n), null,
    null, null, null, null],
];

/** Columns by name, for tests that look at a few. */
export function col(name: string): number {
  const i = SCHEMA.findIndex((c) => c.name === name);
  if (i < 0) throw new Error(`no column ${name}`);
  return i;
}

/** PostgreSQL 15's text (`col::text`, TimeZone UTC) for every value of ROWS then PG_ONLY_ROWS, written by hand. */
export const PG_TEXT: (string | null)[][] = [
  ['1', '-32768', '-2147483648', '-9223372036854775808', '-9999999999999999999999999999.9999999999',
    '-123456789012345678901234567890123456789012345.000001', 'NaN', '-Infinity', 't', INJECTION, 'comma, "quote"',
    '\\x000100ff', '2024-02-29', '23:59:59.999999', '2024-01-02 03:04:05.123456', '1969-12-31 23:59:59.999999+00',
    '1 year 2 mons 3 days 04:05:06.789', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": [1, "x\\"y"], "b": null}',
    '{1,NULL,-3}', '{"a,b","\\"q\\"","NULL","",NULL,"\\\\"}'],
  ['2', '32767', '2147483647', '9223372036854775807', '9999999999999999999999999999.9999999999', 'NaN', 'Infinity',
    '1.5', 'f', MESSY, '\\N', '\\x', '1969-12-31', '00:00:00', '1970-01-01 00:00:00', '2023-11-14 22:13:20.000001+00',
    '00:00:00.000001', '00000000-0000-0000-0000-000000000000', '[]', '{}', '{}'],
  ['3', null, null, null, '0.0000000001', '0.000000000000000000000000000000000000000001', '0.1', null, null, '', '',
    null, null, null, null, null, null, null, '"🎉"', null, null],
  ['4', ...Array<null>(20).fill(null)],
  ['5', '0', '0', '0', '0.0000000000', '0.00001', '1e+300', '-0.25', null, '\\', 'NULL', '\\x5c27220a00', null, null,
    null, null, null, null, 'null', '{2147483647}', '{👨‍👩‍👧," x "}'],
  ['6', null, null, null, 'NaN', 'Infinity', null, null, null, null, null, null, '0048-12-31 BC', '24:00:00', 'infinity',
    '-infinity', '-1 years -2 mons +3 days -04:05:06', null, null, null, null],
  ['7', null, null, null, null, '-Infinity', null, null, null, null, null, null, 'infinity', null,
    '0001-12-31 00:00:00 BC', '0001-01-01 00:00:00+00', null, null, null, null, null],
];

/** The same table's DDL, written by hand for PostgreSQL (not by our SQL writer). */
export function pgCreateTable(name: string): string {
  return `CREATE TABLE ${name} (id int4 NOT NULL, i2 int2, i4 int4, i8 int8, n numeric(38,10), nu numeric, f8 float8,
    f4 float4, b bool, s text, vc varchar(50), raw bytea, d date, t time, ts timestamp, tz timestamptz, iv interval,
    u uuid, j jsonb, arr int4[], tarr text[])`;
}
