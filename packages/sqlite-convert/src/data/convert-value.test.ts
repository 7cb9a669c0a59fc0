import { describe, expect, it } from 'vitest';
import { T, coerceToType } from '@heliosdb/types';
import { realToScaledNumeric } from './convert-value.js';

describe('realToScaledNumeric (REAL -> numeric(p,s) without parsing)', () => {
  it('gives what coerceToType gives, or null when the value needs its general path', () => {
    const values = [0, -0, 1, -1, 0.5, -0.5, 12.5, 19.99, 0.01, 0.1 + 0.2, 1e21, 1e-7, 123456789.5, 99999999.99, 100000000, 5e-324, 0.015, 7919.01];
    let x = 0.123;
    for (let i = 0; i < 20_000; i++) {
      x = (x * 9301 + 49297) % 233280;
      values.push(Math.round(x) / 100, -Math.round(x * 7) / 1000, x / 10, Math.round(x));
    }
    for (const [p, s] of [[10, 2], [8, 0], [5, 3], [20, 10], [2, 2]] as const) {
      const type = T.numeric(p, s);
      for (const v of values) {
        const fast = realToScaledNumeric(v, p, s);
        let slow: string | null;
        try {
          slow = coerceToType(type, String(v)) as string;
        } catch {
          slow = null;
        }
        if (fast !== null) expect([v, p, s, fast]).toEqual([v, p, s, slow]);
        else if (!String(v).includes('e')) {
          // Null only when the value has more fraction or integer digits than the type allows.
          const [int = '', frac = ''] = String(Math.abs(v)).split('.');
          expect(frac.length > s || int.replace(/^0+/, '').length > p - s).toBe(true);
        }
      }
    }
  });
});
