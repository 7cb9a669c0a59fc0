import { describe, expect, test } from 'vitest';
import { PgInterval, PgTypeError, T, arrayOf, compare } from './index.js';

describe('compare', () => {
  test('floats: NaN above +Infinity and equal to itself; -0 equals 0', () => {
    expect(compare(T.float8, NaN, Infinity)).toBe(1);
    expect(compare(T.float8, NaN, NaN)).toBe(0);
    expect(compare(T.float4, -0, 0)).toBe(0);
    expect(compare(T.float8, -Infinity, -1e308)).toBe(-1);
  });
  test('numeric: NaN greatest, scale ignored', () => {
    expect(compare(T.numeric(), 'NaN', 'Infinity')).toBe(1);
    expect(compare(T.numeric(), '1.0', '1.00')).toBe(0);
    expect(compare(T.numeric(), '-0.001', '0')).toBe(-1);
  });
  test('text by code point, not UTF-16 unit: U+1F600 sorts after U+FFFF', () => {
    expect(compare(T.text, '😀', '\uffff')).toBe(1);
    expect(compare(T.text, 'B', 'a')).toBe(-1);
    expect(compare(T.text, 'a', 'ab')).toBe(-1);
  });
  test('char(n) ignores trailing spaces; varchar does not', () => {
    expect(compare(T.bpchar(4), 'a   ', 'a')).toBe(0);
    expect(compare(T.varchar(4), 'a ', 'a')).toBe(1);
  });
  test('intervals compare as 30-day months and 24-hour days', () => {
    expect(compare(T.interval, new PgInterval(1, 0, 0n), new PgInterval(0, 30, 0n))).toBe(0);
    expect(compare(T.interval, new PgInterval(0, 1, 0n), new PgInterval(0, 0, 86_400_000_000n))).toBe(0);
    expect(compare(T.interval, new PgInterval(0, 1, -1n), new PgInterval(0, 0, 86_400_000_000n))).toBe(-1);
  });
  test('arrays element-wise, null elements last, then by length', () => {
    const ints = arrayOf(T.int4);
    expect(compare(ints, [1, 2], [1, 3])).toBe(-1);
    expect(compare(ints, [1, null], [1, 5])).toBe(1);
    expect(compare(ints, [1], [1, 0])).toBe(-1);
    expect(compare(ints, [], [])).toBe(0);
  });
  test('bool false < true; int8 by value', () => {
    expect(compare(T.bool, false, true)).toBe(-1);
    expect(compare(T.int8, 9007199254740993n, 9007199254740992n)).toBe(1);
  });
  test('json has no ordering', () => {
    expect(() => compare(T.json, '1', '2')).toThrow(PgTypeError);
  });
});
