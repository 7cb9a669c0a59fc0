import { PgDate, PgInterval, PgTime, PgTimestamp, PgTimestampTz, T, arrayOf, type PgType, type Value } from '@heliosdb/types';

/** Edge values per type, each listed in PostgreSQL's ascending order (the key-order tests rely on it; array elements that are NULL sort after non-null ones, as in PostgreSQL). */
export const EDGE_VALUES: readonly { name: string; type: PgType; values: readonly Value[] }[] = [
  { name: 'bool', type: T.bool, values: [false, true] },
  { name: 'int2', type: T.int2, values: [-32768, -1, 0, 1, 32767] },
  { name: 'int4', type: T.int4, values: [-2147483648, -65536, -1, 0, 255, 256, 2147483647] },
  { name: 'int8', type: T.int8, values: [-(2n ** 63n), -4294967296n, -1n, 0n, 1n, 2n ** 53n + 1n, 2n ** 63n - 1n] },
  { name: 'float4', type: T.float4, values: [-Infinity, -3.4028234663852886e38, -1.5, 0, 1.401298464324817e-45, 0.5, 3.4028234663852886e38, Infinity, NaN] },
  {
    name: 'float8',
    type: T.float8,
    values: [-Infinity, -Number.MAX_VALUE, -1e-300, -5e-324, -0, 5e-324, 0.1, 1, Number.MAX_VALUE, Infinity, NaN],
  },
  {
    name: 'numeric',
    type: T.numeric(),
    values: [
      '-Infinity',
      '-1234567890123456789012345678901234567890',
      '-10.5',
      '-10.05',
      '-0.001',
      '0',
      '0.000000000000000000000000000000000000001',
      '1.5',
      '10',
      '1234567890123456789012345678901234567890.1234567890',
      'Infinity',
      'NaN',
    ],
  },
  { name: 'text', type: T.text, values: ['', '\u0000', '\u0000a', 'a', 'a\u0000', 'ab', 'é', '中文', '😀 emoji', '\u{10FFFF}'] },
  { name: 'varchar', type: T.varchar(5), values: ['', 'abc', 'abcde', 'ü😀'] },
  { name: 'bpchar', type: T.bpchar(3), values: ['a', 'b  ', 'zz'] },
  {
    name: 'bytea',
    type: T.bytea,
    values: [new Uint8Array([]), new Uint8Array([0]), new Uint8Array([0, 0]), new Uint8Array([0, 1]), new Uint8Array([1]), new Uint8Array([255, 0, 255])],
  },
  { name: 'date', type: T.date, values: [PgDate.NEG_INFINITY, new PgDate(-2440588), new PgDate(-1), new PgDate(0), new PgDate(24855), new PgDate(2932896), PgDate.INFINITY] },
  { name: 'time', type: T.time, values: [new PgTime(0), new PgTime(1), new PgTime(43_200_000_001), new PgTime(86_400_000_000)] },
  {
    name: 'timestamp',
    type: T.timestamp,
    values: [
      PgTimestamp.NEG_INFINITY,
      new PgTimestamp(-62_135_596_800_000_000n + 123_456n),
      new PgTimestamp(-1n),
      new PgTimestamp(0n),
      new PgTimestamp(2_147_483_648_000_001n),
      new PgTimestamp(253_402_300_799_999_999n),
      PgTimestamp.INFINITY,
    ],
  },
  {
    name: 'timestamptz',
    type: T.timestamptz,
    values: [PgTimestampTz.NEG_INFINITY, new PgTimestampTz(-86_400_000_001n), new PgTimestampTz(4_102_444_800_000_007n), PgTimestampTz.INFINITY],
  },
  {
    name: 'interval',
    type: T.interval,
    values: [
      new PgInterval(-14, -3, -1n),
      new PgInterval(0, -1, 0n),
      new PgInterval(0, 0, 0n),
      new PgInterval(0, 0, 1n),
      new PgInterval(1, -2, 5n),
      new PgInterval(0, 31, 0n),
      new PgInterval(13, 2, 3_723_000_004n),
    ],
  },
  {
    name: 'uuid',
    type: T.uuid,
    values: ['00000000-0000-0000-0000-000000000000', '0f0e0d0c-0b0a-4908-8706-050403020100', 'ffffffff-ffff-ffff-ffff-ffffffffffff'],
  },
  { name: 'json', type: T.json, values: ['{"b": 1, "a": [true, null]}', '"x"'] },
  { name: 'jsonb', type: T.jsonb, values: ['[]', '{"a": "😀"}'] },
  { name: 'int4[]', type: arrayOf(T.int4), values: [[], [1], [1, 2], [1, null], [2]] },
  { name: 'text[]', type: arrayOf(T.text), values: [[], [''], ['a', null, '😀'], ['b']] },
];

/** NaN-, -0- and class-aware equality for values read back. */
export function sameValue(a: Value, b: Value): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.from(a).equals(Buffer.from(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]!));
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    if (a.constructor !== b.constructor) return false;
    const ka = Object.keys(a) as (keyof typeof a)[];
    return ka.every((k) => sameValue(a[k] as Value, b[k] as Value));
  }
  return a === b;
}
