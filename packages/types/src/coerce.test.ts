import { describe, expect, test } from 'vitest';
import { PgInterval, PgTime, PgTimestamp, PgTypeError, T, arrayOf, checkValue, coerceToType, isValueOfType, type PgType } from './index.js';

function error(f: () => unknown): PgTypeError {
  try {
    f();
  } catch (e) {
    if (e instanceof PgTypeError) return e;
    throw e;
  }
  throw new Error('expected a PgTypeError');
}

describe('coerceToType', () => {
  test('varchar(n): assignment rejects, explicit cast truncates, trailing spaces may go', () => {
    const e = error(() => coerceToType(T.varchar(3), 'abcd'));
    expect([e.code, e.message]).toEqual(['22001', 'value too long for type character varying(3)']);
    expect(coerceToType(T.varchar(3), 'abcd', { explicit: true })).toBe('abc');
    expect(coerceToType(T.varchar(3), 'abc  ')).toBe('abc');
  });
  test('char(n) pads with spaces', () => {
    expect(coerceToType(T.bpchar(4), 'ab')).toBe('ab  ');
    expect(error(() => coerceToType(T.bpchar(1), 'ab')).message).toBe('value too long for type character(1)');
  });
  test('numeric(p,s) rounds, and overflow carries PostgreSQL detail', () => {
    expect(coerceToType(T.numeric(6, 2), '1234.565')).toBe('1234.57');
    expect(coerceToType(T.numeric(6, 2), '-0.004')).toBe('0.00');
    const e = error(() => coerceToType(T.numeric(4, 2), '99.995'));
    expect([e.code, e.message, e.detail]).toEqual([
      '22003',
      'numeric field overflow',
      'A field with precision 4, scale 2 must round to an absolute value less than 10^2.',
    ]);
    expect(error(() => coerceToType(T.numeric(3, 3), '1')).detail).toBe(
      'A field with precision 3, scale 3 must round to an absolute value less than 1.',
    );
    expect(error(() => coerceToType(T.numeric(3, 1), 'Infinity')).detail).toBe('A field with precision 3, scale 1 cannot hold an infinite value.');
  });
  test('fractional-second precision rounds half away from zero (in PostgreSQL 2000-based time)', () => {
    const ts = (p: number): PgType => ({ name: 'timestamp', array: false, precision: p });
    // 2024-01-01 00:00:00.5 is after 2000: .5 rounds up.
    expect(coerceToType(ts(0), new PgTimestamp(1704067200_500000n))).toEqual(new PgTimestamp(1704067201_000000n));
    // 1990 is before 2000, so PostgreSQL's value is negative and .5 rounds toward the past.
    const in1990 = 631152000_000000n + 500_000n;
    expect(coerceToType(ts(0), new PgTimestamp(in1990))).toEqual(new PgTimestamp(631152000_000000n));
    expect(coerceToType({ name: 'time', array: false, precision: 3 }, new PgTime(1_234_567))).toEqual(new PgTime(1_235_000));
    expect(coerceToType({ name: 'interval', array: false, precision: 0 }, new PgInterval(1, 2, -1_500_000n))).toEqual(new PgInterval(1, 2, -2_000_000n));
  });
  test('arrays coerce each element; null stays null', () => {
    expect(coerceToType(arrayOf(T.bpchar(2)), ['a', null])).toEqual(['a ', null]);
    expect(coerceToType(T.text, null)).toBeNull();
  });
});

describe('checkValue', () => {
  test('accepts the documented representations', () => {
    const ok: Array<[PgType, unknown]> = [
      [T.int4, 5],
      [T.int8, 5n],
      [T.float8, NaN],
      [T.numeric(), '1.50'],
      [T.numeric(5, 2), '1.50'],
      [T.bpchar(3), 'ab '],
      [T.uuid, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
      [T.jsonb, '{"a": 1}'],
      [T.json, '{"a":1 }'],
      [T.bytea, new Uint8Array(2)],
      [arrayOf(T.int4), [1, null]],
    ];
    for (const [t, v] of ok) expect(isValueOfType(t, v as never)).toBe(true);
  });
  test('rejects wrong representations with a message naming the type and value', () => {
    expect(() => checkValue(T.int4, 1.5)).toThrow('invalid integer value 1.5: expected an integer number in -2147483648..2147483647');
    expect(() => checkValue(T.int8, 5 as never)).toThrow('invalid bigint value 5: expected a bigint in the int64 range');
    expect(() => checkValue(T.numeric(), '1e3')).toThrow('invalid numeric value "1e3": expected numeric_out form "1000"');
    expect(() => checkValue(T.numeric(5, 2), '1.5')).toThrow('not rounded to numeric(5,2)');
    expect(() => checkValue(T.varchar(2), 'abc')).toThrow('invalid character varying(2) value "abc": longer than 2 characters');
    expect(() => checkValue(T.uuid, 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11')).toThrow(PgTypeError);
    expect(() => checkValue(T.jsonb, '{"b":1,"a":2}')).toThrow('normalised jsonb');
    expect(() => checkValue(T.json, '{')).toThrow('invalid input syntax for type json');
    expect(() => checkValue(T.float4, 0.1)).toThrow('single precision');
    expect(() => checkValue(T.timestamp, new PgTime(0) as never)).toThrow('expected a PgTimestamp');
    expect(() => checkValue(arrayOf(T.int2), [1, 40000])).toThrow('element 2');
    expect(() => checkValue(T.text, 'a\u0000')).toThrow('NUL');
  });
});
