import { describe, expect, it } from 'vitest';
import { T } from '@heliosdb/types';
import { valueKey } from './key-codec.js';
import { EDGE_VALUES } from '../test-support/edge-values.js';

describe('order-preserving key encoding', () => {
  for (const { name, type, values } of EDGE_VALUES) {
    if (name === 'json' || name === 'jsonb') continue;
    it(`sorts ${name} values in PostgreSQL order under memcmp`, () => {
      const keys = values.map((v) => valueKey(type, v));
      for (let i = 1; i < keys.length; i++) {
        expect(Buffer.compare(keys[i - 1]!, keys[i]!), `${name}: ${String(values[i - 1])} < ${String(values[i])}`).toBeLessThan(0);
      }
    });
  }

  it('gives equal keys to values PostgreSQL calls equal', () => {
    expect(valueKey(T.float8, -0).equals(valueKey(T.float8, 0))).toBe(true);
    expect(valueKey(T.numeric(), '1.50').equals(valueKey(T.numeric(), '1.5'))).toBe(true);
    expect(valueKey(T.numeric(), '-0.0').equals(valueKey(T.numeric(), '0'))).toBe(true);
    expect(valueKey(T.numeric(), '007').equals(valueKey(T.numeric(), '7'))).toBe(true);
    expect(valueKey(T.bpchar(4), 'ab  ').equals(valueKey(T.bpchar(4), 'ab'))).toBe(true);
    expect(valueKey(T.float8, NaN).equals(valueKey(T.float8, -NaN))).toBe(true);
  });

  it('puts NULL after every value', () => {
    expect(Buffer.compare(valueKey(T.int4, 2147483647), valueKey(T.int4, null))).toBeLessThan(0);
    expect(Buffer.compare(valueKey(T.text, '\u{10FFFF}'), valueKey(T.text, null))).toBeLessThan(0);
  });

  it('keeps composite keys ordered column by column (self-delimiting encodings)', () => {
    const k = (a: string, b: number) => Buffer.concat([valueKey(T.text, a), valueKey(T.int4, b)]);
    const ordered = [k('a', 5), k('a', 6), k('a\u0000', -1), k('ab', -100), k('b', 0)];
    for (let i = 1; i < ordered.length; i++) expect(Buffer.compare(ordered[i - 1]!, ordered[i]!)).toBeLessThan(0);
  });

  it('orders numerics of many magnitudes like their decimal values', () => {
    const vals = ['-1000', '-999.99', '-1', '-0.5', '-0.05', '0', '0.05', '0.5', '0.51', '1', '9.99', '10', '99', '100', '1e0'.replace('1e0', '1000')];
    const keys = vals.map((v) => valueKey(T.numeric(), v));
    for (let i = 1; i < keys.length; i++) expect(Buffer.compare(keys[i - 1]!, keys[i]!), `${vals[i - 1]} < ${vals[i]}`).toBeLessThan(0);
  });
});
