import { describe, expect, test } from 'vitest';
import {
  PgDate,
  PgInterval,
  PgTime,
  PgTimestamp,
  PgTimestampTz,
  PgTypeError,
  T,
  arrayOf,
  textIn,
  textOut,
} from './index.js';

// The representation textIn produces for edge values, checked against facts computed by hand
// (seconds since 1970, code points, bytes), not against this package's own output.

function pgError(f: () => unknown): { code: string; message: string; detail?: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof PgTypeError) return { code: e.code, message: e.message, ...(e.detail ? { detail: e.detail } : {}) };
    throw e;
  }
  throw new Error('expected a PgTypeError');
}

describe('integers', () => {
  test('int8 extremes are exact bigints and one past them is out of range', () => {
    expect(textIn(T.int8, '9223372036854775807')).toBe(9223372036854775807n);
    expect(textIn(T.int8, '-9223372036854775808')).toBe(-9223372036854775808n);
    expect(pgError(() => textIn(T.int8, '9223372036854775808'))).toEqual({
      code: '22003',
      message: 'value "9223372036854775808" is out of range for type bigint',
    });
  });
  test('int4 range and syntax errors carry PostgreSQL wording', () => {
    expect(textIn(T.int4, ' -2147483648 ')).toBe(-2147483648);
    expect(pgError(() => textIn(T.int4, '99999999999'))).toEqual({ code: '22003', message: 'value "99999999999" is out of range for type integer' });
    expect(pgError(() => textIn(T.int4, 'abc'))).toEqual({ code: '22P02', message: 'invalid input syntax for type integer: "abc"' });
    expect(pgError(() => textIn(T.int2, ''))).toEqual({ code: '22P02', message: 'invalid input syntax for type smallint: ""' });
  });
});

describe('floats', () => {
  test('NaN, infinities and negative zero are kept', () => {
    expect(textIn(T.float8, 'NaN')).toBeNaN();
    expect(textIn(T.float8, '-Infinity')).toBe(-Infinity);
    expect(textIn(T.float4, 'inf')).toBe(Infinity);
    expect(Object.is(textIn(T.float8, '-0'), -0)).toBe(true);
    expect(textOut(T.float8, -0)).toBe('-0');
  });
  test('float4 input is rounded to single precision', () => {
    expect(textIn(T.float4, '0.1')).toBe(Math.fround(0.1));
    expect(textIn(T.float4, '16777217')).toBe(16777216);
  });
});

describe('numeric', () => {
  test('40 significant digits survive unchanged', () => {
    const forty = '1234567890123456789012345678901234567890';
    expect(textIn(T.numeric(), forty)).toBe(forty);
    expect(textIn(T.numeric(), `-0.${forty}`)).toBe(`-0.${forty}`);
  });
  test('numeric(p,s) rounds half away from zero and reports overflow with the detail', () => {
    expect(textIn(T.numeric(5, 2), '-1.005')).toBe('-1.01');
    expect(pgError(() => textIn(T.numeric(5, 2), '1000'))).toEqual({
      code: '22003',
      message: 'numeric field overflow',
      detail: 'A field with precision 5, scale 2 must round to an absolute value less than 10^3.',
    });
  });
});

describe('text', () => {
  test('the empty string is a value, distinct from NULL in arrays', () => {
    expect(textIn(T.text, '')).toBe('');
    expect(textIn(arrayOf(T.text), '{"",NULL,"NULL"}')).toEqual(['', null, 'NULL']);
    expect(textOut(arrayOf(T.text), ['', null, 'NULL'])).toBe('{"",NULL,"NULL"}');
  });
  test('lengths count code points, so emoji count once', () => {
    expect(textIn(T.varchar(2), '😀😀')).toBe('😀😀');
    expect(pgError(() => textIn(T.varchar(2), '😀😀😀'))).toEqual({ code: '22001', message: 'value too long for type character varying(2)' });
    expect(textIn(T.bpchar(3), 'é')).toBe('é  ');
  });
  test('NUL cannot be stored in text', () => {
    expect(pgError(() => textIn(T.text, 'a\u0000b')).code).toBe('22021');
  });
});

describe('bytea', () => {
  test('NUL bytes and every byte value round-trip through hex', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const hex = textOut(T.bytea, all);
    expect(hex.slice(0, 10)).toBe('\\x00010203');
    expect(textIn(T.bytea, hex)).toEqual(all);
    expect(textIn(T.bytea, '\\000a\\000')).toEqual(Uint8Array.of(0, 0x61, 0));
  });
});

describe('temporal', () => {
  test('timestamps before 1970 and after 2038 keep microseconds', () => {
    // 1969-12-31 23:59:59.999999 is one microsecond before the epoch.
    expect(textIn(T.timestamp, '1969-12-31 23:59:59.999999')).toEqual(new PgTimestamp(-1n));
    // 2^31 seconds after the epoch is 2038-01-19 03:14:08 UTC.
    expect(textIn(T.timestamptz, '2038-01-19 03:14:08.000001+00')).toEqual(new PgTimestampTz(2147483648000001n));
    // 1900-01-01 is 2208988800 seconds before the epoch.
    expect(textIn(T.timestamp, '1900-01-01 00:00:00.5')).toEqual(new PgTimestamp(-2208988800000000n + 500000n));
    expect(textOut(T.timestamp, new PgTimestamp(-2208988800000000n + 500000n))).toBe('1900-01-01 00:00:00.5');
  });
  test('dates, times and infinities', () => {
    expect(textIn(T.date, '1970-01-02')).toEqual(new PgDate(1));
    expect(textIn(T.date, 'infinity')).toBe(PgDate.INFINITY);
    expect(textIn(T.time, '24:00:00')).toEqual(new PgTime(86_400_000_000));
    expect(textIn(T.timestamp, '-infinity')).toBe(PgTimestamp.NEG_INFINITY);
  });
  test('intervals keep months, days and microseconds apart', () => {
    expect(textIn(T.interval, '1 year 2 mons -3 days 04:05:06.000007')).toEqual(new PgInterval(14, -3, 14706000007n));
    expect(textIn(T.interval, 'P1M30D')).toEqual(new PgInterval(1, 30, 0n));
    expect(textOut(T.interval, new PgInterval(-14, 3, -1n))).toBe('-1 years -2 mons +3 days -00:00:00.000001');
  });
  test('a date/time error names the input', () => {
    expect(pgError(() => textIn(T.timestamp, 'x'))).toEqual({ code: '22007', message: 'invalid input syntax for type timestamp: "x"' });
    expect(pgError(() => textIn(T.date, '2024-02-30'))).toEqual({ code: '22008', message: 'date/time field value out of range: "2024-02-30"' });
  });
  test("'now' and 'today' use the given clock and zone", () => {
    const now = (): number => Date.UTC(2024, 0, 2, 23, 30, 0, 123);
    expect(textIn(T.timestamptz, 'now', { now })).toEqual(new PgTimestampTz(1704238200123000n));
    expect(textIn(T.date, 'today', { now, timeZone: 'Asia/Tokyo' })).toEqual(new PgDate(19725)); // already Jan 3 in Tokyo
    expect(textIn(T.date, 'yesterday', { now })).toEqual(new PgDate(19723));
  });
  test('timestamps past 294247-01-10 04:00:54.775807 are rejected: the int64 maximum means infinity', () => {
    expect(pgError(() => textIn(T.timestamp, '294250-01-01 00:00:00')).code).toBe('22008');
  });
});

describe('json', () => {
  test('json keeps its text; jsonb is normalised', () => {
    const input = '{"b": 1,  "a": [1, 2.50], "b": 3}';
    expect(textIn(T.json, input)).toBe(input);
    expect(textIn(T.jsonb, input)).toBe('{"a": [1, 2.50], "b": 3}');
  });
  test('invalid json reports PostgreSQL detail', () => {
    expect(pgError(() => textIn(T.json, '{"a" 1}'))).toEqual({
      code: '22P02',
      message: 'invalid input syntax for type json',
      detail: 'Expected ":", but found "1".',
    });
  });
});

describe('arrays', () => {
  test('quoted elements keep escapes and spaces; two dimensions are refused', () => {
    expect(textIn(arrayOf(T.text), '{" a ","b\\"c", d e }')).toEqual([' a ', 'b"c', 'd e']);
    expect(pgError(() => textIn(arrayOf(T.int4), '{{1,2},{3,4}}')).code).toBe('0A000');
    expect(pgError(() => textIn(arrayOf(T.int4), '{1,2'))).toEqual({
      code: '22P02',
      message: 'malformed array literal: "{1,2"',
      detail: 'Unexpected end of input.',
    });
  });
});
