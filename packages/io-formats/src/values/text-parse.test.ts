import { T, textIn, type PgType, type Value } from '@heliosdb/types';
import { describe, expect, it } from 'vitest';
import { textParser } from './text-parse.js';

/** Runs the fast parser and the reference on each text: same value, or the same error message and SQLSTATE. */
function mismatches(type: PgType, texts: readonly string[]): unknown[] {
  const fast = textParser(type);
  const out: unknown[] = [];
  const run = (f: () => Value) => {
    try {
      return { value: f() };
    } catch (e) {
      return { error: (e as Error).message, code: (e as { code?: string }).code };
    }
  };
  for (const t of texts) {
    const a = run(() => fast(t));
    const b = run(() => textIn(type, t));
    if (JSON.stringify(a, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)) !== JSON.stringify(b, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)) || !sameClass(a, b)) {
      out.push({ text: t, fast: a, reference: b });
    }
    if (out.length > 5) break;
  }
  return out;
}

function sameClass(a: { value?: Value }, b: { value?: Value }): boolean {
  return (a.value?.constructor ?? null) === (b.value?.constructor ?? null) && Object.is(a.value, b.value) === Object.is(b.value, a.value);
}

function words(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

describe('textParser agrees with textIn (the reference), errors included', () => {
  const next = words(99);
  it('integers: in range, at and past the limits, junk, spaces, signs, leading zeros', () => {
    const texts = ['0', '-0', '+1', ' 1', '1 ', '007', '', '-', '1.0', '1e3', 'abc', '32767', '32768', '-32768', '-32769', '2147483647', '2147483648', '-2147483648', '-2147483649',
      '999999999', '9999999999', '9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809', '123456789012345678', '1234567890123456789'];
    for (let i = 0; i < 20000; i++) texts.push(String((next() - 2 ** 31) * (i % 3 === 0 ? 1 : 1 / 2 ** (next() % 31)) | 0));
    for (const type of [T.int2, T.int4, T.int8]) expect(mismatches(type, texts)).toEqual([]);
  });

  it('float8: decimals, integers, zeros, exponents, words, huge and tiny, junk', () => {
    const texts = ['0', '-0', '0.0', '-0.000', '1.5', '-2.25', '1e300', '1e400', '1e-400', 'NaN', 'Infinity', '-inf', ' 1.5', '1.', '.5', '00.5', '123456789012345678', '0.1000000000000000055511151231257827', 'x', ''];
    for (let i = 0; i < 50000; i++) texts.push(String(((i * 0.6180339887) % 1000) - 500), `${next()}.${next() % 1000}`, String(next() / 7));
    expect(mismatches(T.float8, texts)).toEqual([]);
  });

  it('numeric(12,2), numeric(5,0) and numeric: exact text, rounding, leading zeros, negative zero, overflow', () => {
    const texts = ['0', '0.00', '-0.00', '-0', '19.99', '19.9', '19.999', '007.50', '-1.50', '9999999999.99', '99999999999.99', '1e3', 'NaN', ' 1.00', '12345', '123456', '.5', '-.5', 'abc'];
    for (let i = 0; i < 20000; i++) texts.push(`${next() % 100000000}.${String(next() % 100).padStart(2, '0')}`, `-${next() % 1000}.${next() % 1000}`);
    for (const type of [T.numeric(12, 2), T.numeric(5, 0), T.numeric()]) expect(mismatches(type, texts)).toEqual([]);
  });

  it('date, timestamp, timestamptz: valid and invalid calendar dates, BC, 24:00:00, fractions, zones, infinity', () => {
    const texts = ['2024-02-29', '2023-02-29', '2024-13-01', '2024-00-10', '0000-01-01', '0001-01-01', '9999-12-31', '2024-1-01', 'infinity', '-infinity', 'epoch', '2024-01-01 BC', ' 2024-01-01',
      '2024-01-02 03:04:05', '2024-01-02 03:04:05.123456', '2024-01-02 03:04:05.1234567', '2024-01-02T03:04:05.5', '2024-01-02 24:00:00', '2024-01-02 23:59:60', '2024-01-02 23:60:00',
      '2024-01-02 03:04:05+00', '2024-01-02 03:04:05.25+00:00', '2024-01-02 03:04:05Z', '2024-01-02 03:04:05+02', '1600-01-01 00:00:00', '2400-01-01 00:00:00', '2024-01-02 03:04'];
    for (let i = 0; i < 20000; i++) {
      const y = 1 + (next() % 9999);
      const d = `${String(y).padStart(4, '0')}-${String(1 + (next() % 12)).padStart(2, '0')}-${String(1 + (next() % 31)).padStart(2, '0')}`;
      texts.push(d, `${d} ${String(next() % 25).padStart(2, '0')}:${String(next() % 60).padStart(2, '0')}:${String(next() % 61).padStart(2, '0')}.${next() % 1000000}`);
      texts.push(`${d} 12:00:00+00`);
    }
    for (const type of [T.date, T.timestamp, T.timestamptz]) expect(mismatches(type, texts)).toEqual([]);
  });

  it('bool and text', () => {
    expect(mismatches(T.bool, ['t', 'f', 'true', 'false', 'TRUE', 'yes', 'no', '1', '0', 'on', 'of', 'x', ''])).toEqual([]);
    expect(mismatches(T.text, ['', 'a', 'with\u0000nul', '😀', 'a,"b"\n'])).toEqual([]);
  });
});
