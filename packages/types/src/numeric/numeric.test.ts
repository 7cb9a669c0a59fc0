import { describe, expect, test } from 'vitest';
import * as numeric from './index.js';
import { PgTypeError } from '../errors.js';
import { seededRandom } from '../test-support/random.js';

// Results stated in PostgreSQL's documentation and numeric.c's scale rules.
describe('numeric arithmetic', () => {
  test('add, sub and mul keep exact digits and PostgreSQL scales', () => {
    expect(numeric.add('0.1', '0.2')).toBe('0.3');
    expect(numeric.add('1.50', '2')).toBe('3.50');
    expect(numeric.sub('1', '1.000')).toBe('0.000');
    expect(numeric.mul('1.5', '-2.25')).toBe('-3.375');
    expect(numeric.mul('99999999999999999999', '99999999999999999999')).toBe('9999999999999999999800000000000000000001');
  });
  test('division carries at least 16 significant digits', () => {
    expect(numeric.div('1', '3')).toBe('0.33333333333333333333');
    expect(numeric.div('2', '3')).toBe('0.66666666666666666667');
    expect(numeric.div('10', '4')).toBe('2.5000000000000000');
    expect(numeric.div('1.000000000000000000001', '1')).toBe('1.000000000000000000001');
  });
  test('division by zero is 22012', () => {
    let err: unknown;
    try {
      numeric.div('1', '0.00');
    } catch (e) {
      err = e;
    }
    expect((err as PgTypeError).code).toBe('22012');
    expect((err as PgTypeError).message).toBe('division by zero');
  });
  test('mod follows the dividend; div truncates', () => {
    expect(numeric.mod('-7.5', '2')).toBe('-1.5');
    expect(numeric.mod('7', '-3')).toBe('1');
    expect(numeric.divInt('-7', '2')).toBe('-3');
  });
  test('round is half away from zero, trunc toward zero, negative scales allowed', () => {
    expect(numeric.round('2.5')).toBe('3');
    expect(numeric.round('-2.5')).toBe('-3');
    expect(numeric.round('1234.5678', 2)).toBe('1234.57');
    expect(numeric.round('1250', -2)).toBe('1300');
    expect(numeric.trunc('-1.99', 1)).toBe('-1.9');
    expect(numeric.ceil('-0.5')).toBe('0');
    expect(numeric.floor('-0.5')).toBe('-1');
  });
  test('sqrt and integer powers use numeric.c scales', () => {
    expect(numeric.sqrt('2')).toBe('1.414213562373095');
    expect(numeric.sqrt('0.0001')).toBe('0.01000000000000000');
    expect(numeric.power('2', '10')).toBe('1024.0000000000000000');
    expect(numeric.power('2', '-2')).toBe('0.2500000000000000');
    expect(() => numeric.power('0', '-1')).toThrow('zero raised to a negative power is undefined');
    expect(() => numeric.sqrt('-1')).toThrow('cannot take square root of a negative number');
  });
  test('special values', () => {
    expect(numeric.add('Infinity', '-Infinity')).toBe('NaN');
    expect(numeric.mul('Infinity', '0')).toBe('NaN');
    expect(numeric.div('1', 'Infinity')).toBe('0');
    expect(numeric.compare('NaN', 'Infinity')).toBe(1);
    expect(numeric.abs('-Infinity')).toBe('Infinity');
  });
  test('normalize gives numeric_out text', () => {
    expect(numeric.normalize(' 1.5e3 ')).toBe('1500');
    expect(numeric.normalize('-0.0')).toBe('0.0');
    expect(numeric.normalize('inf')).toBe('Infinity');
  });
});

describe('conversions', () => {
  test('fromNumber gives the shortest decimal that reads back to the same double', () => {
    expect(numeric.fromNumber(0.1)).toBe('0.1');
    expect(numeric.fromNumber(1e21)).toBe('1000000000000000000000');
    expect(numeric.fromNumber(1.5e-7)).toBe('0.00000015');
    expect(numeric.fromNumber(-0)).toBe('0');
    expect(numeric.fromNumber(NaN)).toBe('NaN');
    const rand = seededRandom(5);
    for (let i = 0; i < 2000; i++) {
      const bits = new DataView(new ArrayBuffer(8));
      bits.setUint32(0, Math.floor(rand() * 2 ** 32));
      bits.setUint32(4, Math.floor(rand() * 2 ** 32));
      const x = bits.getFloat64(0);
      if (!Number.isFinite(x)) continue;
      expect(numeric.toNumber(numeric.fromNumber(x))).toBe(x === 0 ? 0 : x);
    }
  });
  test('fromBigInt is exact beyond 2^53', () => {
    expect(numeric.fromBigInt(-(2n ** 64n))).toBe('-18446744073709551616');
  });
});

describe('Decimal form for aggregates', () => {
  test('summing a million integers stays exact', () => {
    let acc = numeric.parseDecimal('0');
    for (let i = 1; i <= 1_000_000; i++) acc = numeric.addDecimal(acc, { coef: BigInt(i), scale: 0 });
    expect(numeric.formatDecimal(acc)).toBe('500000500000');
    const avg = numeric.divDecimal(acc, numeric.parseDecimal('1000000'));
    // PostgreSQL 15: SELECT avg(g) FROM generate_series(1, 1000000) g gives 500000.500000000000.
    expect(numeric.formatDecimal(avg)).toBe('500000.500000000000');
  });
});
