import { PgDate, PgTime, PgTimestamp, PgTimestampTz, T, textOut, type PgType, type Value } from '@heliosdb/types';
import { describe, expect, it } from 'vitest';
import { float8Text, textFormatter } from './text-format.js';

/** A deterministic stream of 32-bit words (xorshift), so a failure names a reproducible value. */
function words(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

function mismatches(type: PgType, values: readonly Value[]): { value: string; fast: string; reference: string }[] {
  const fast = textFormatter(type);
  const out = [];
  for (const v of values) {
    const a = fast(v);
    const b = textOut(type, v);
    if (a !== b) out.push({ value: String(v), fast: a, reference: b });
    if (out.length > 5) break;
  }
  return out;
}

describe('textFormatter agrees with textOut (the reference)', () => {
  it('float8: random bit patterns, decimal-looking values, integers, boundaries and the values where the shortest forms differ', () => {
    const next = words(12345);
    const view = new DataView(new ArrayBuffer(8));
    const values: number[] = [];
    for (let i = 0; i < 300_000; i++) {
      view.setUint32(0, next());
      view.setUint32(4, next());
      values.push(view.getFloat64(0));
      values.push(((i * 0.6180339887) % 1000) - 500, i / 100, i * 1.25, -i / 7, i * 1e15, 1 / (i + 1), i * 2 ** 40 + 0.5);
    }
    values.push(5.6e23, 9007199254740993, 2 ** 53, 2 ** 63, 1e15, 1e14, 123456789012345.6, 1e-4, 1e-5, 0.1, 5e-324, 1.7976931348623157e308, 2.2250738585072014e-308, -0, 0, NaN, Infinity, -Infinity);
    expect(mismatches(T.float8, values)).toEqual([]);
    // The case the fast path must not take: PostgreSQL prints one digit more than JavaScript.
    expect(float8Text(5.6e23)).toBe('5.6000000000000003e+23');
  });

  it('date, timestamp, timestamptz, time: every day of years 1..9999 sampled, BC, infinities, microseconds', () => {
    const days: Value[] = [];
    for (let d = -719162 - 400; d <= 2932896 + 400; d += 97) days.push(new PgDate(d));
    days.push(PgDate.INFINITY, PgDate.NEG_INFINITY, new PgDate(-719162), new PgDate(-719163), new PgDate(2932896), new PgDate(2932897));
    expect(mismatches(T.date, days)).toEqual([]);
    const next = words(777);
    const stamps: bigint[] = [PgTimestamp.INFINITY.micros, PgTimestamp.NEG_INFINITY.micros, 0n, -1n, 1n, 2n ** 53n, -(2n ** 53n), 2n ** 53n - 1n];
    for (let i = 0; i < 200_000; i++) stamps.push(BigInt(next() - 2 ** 31) * BigInt(next() % 4_000_000) + BigInt(next() % 1_000_000));
    expect(mismatches(T.timestamp, stamps.map((m) => new PgTimestamp(m)))).toEqual([]);
    expect(mismatches(T.timestamptz, stamps.map((m) => new PgTimestampTz(m)))).toEqual([]);
    const times: Value[] = [new PgTime(0), new PgTime(86_400_000_000), new PgTime(1), new PgTime(86_399_999_999), new PgTime(43_200_500_000)];
    for (let i = 0; i < 50_000; i++) times.push(new PgTime((next() * 20_117) % 86_400_000_001));
    expect(mismatches(T.time, times)).toEqual([]);
  });

  it('integers, bool, numeric, text, arrays', () => {
    expect(mismatches(T.int4, [0, -1, 2147483647, -2147483648])).toEqual([]);
    expect(mismatches(T.int8, [0n, -9223372036854775808n, 9223372036854775807n])).toEqual([]);
    expect(mismatches(T.bool, [true, false])).toEqual([]);
    expect(mismatches(T.numeric(12, 2), ['0.00', '-1.50', 'NaN'])).toEqual([]);
    expect(mismatches(T.text, ['', 'a,"b"\n'])).toEqual([]);
    expect(mismatches({ ...T.int4, array: true }, [[1, null, -3]])).toEqual([]);
  });
});
