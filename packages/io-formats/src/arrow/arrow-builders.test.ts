import { T } from '@heliosdb/types';
import * as A from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { decimalToUnscaled } from '../values/decimal-text.js';
import { columnBuilder } from './arrow-builders.js';

/** The 128-bit two's-complement integer in four little-endian 32-bit words. */
function words(u: bigint): number[] {
  const v = BigInt.asUintN(128, u);
  return [0n, 32n, 64n, 96n].map((s) => Number((v >> s) & 0xffffffffn));
}

describe('decimal column builder', () => {
  it('lays out every value as decimalToUnscaled (the bigint reference) does, fast path or not', () => {
    const texts = ['0', '-0', '0.00', '-0.01', '1', '-1', '+7.5', '12.34', '-12.34', '99999999999.99', '-99999999999.99',
      '4294967296.00', '-4294967296.00', '4294967295.99', '1.230', '123456789012.34', '-123456789012345678.9', '.5'];
    for (let i = 0; i < 2000; i++) {
      const cents = Math.floor(Math.random() * 2e13) * (Math.random() < 0.5 ? -1 : 1);
      texts.push(`${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`);
    }
    for (const scale of [2, 0, 5]) {
      const type = new A.Decimal(scale, 38, 128);
      const b = columnBuilder(T.numeric(38, scale), type, 4);
      const kept: string[] = [];
      for (const t of texts) {
        let ref: bigint;
        try {
          ref = decimalToUnscaled(t, scale);
        } catch {
          expect(() => b.add(t)).toThrow();
          continue;
        }
        b.add(t);
        kept.push(t);
        void ref;
      }
      const w = b.finish().values as Uint32Array;
      kept.forEach((t, i) => expect([...w.subarray(4 * i, 4 * i + 4)], `${t} at scale ${scale}`).toEqual(words(decimalToUnscaled(t, scale))));
    }
  });

  it('NaN is an error naming the fix', () => {
    const b = columnBuilder(T.numeric(12, 2), new A.Decimal(2, 12, 128), 4);
    expect(() => b.add('NaN')).toThrow('numeric NaN cannot be stored in a Parquet/Arrow DECIMAL; use an unconstrained numeric column');
  });
});
