import { PgTypeError, SqlState, divisionByZero } from '../errors.js';
import {
  type Decimal,
  NAN,
  NEG_INF,
  POS_INF,
  ZERO,
  NUMERIC_DSCALE_MAX,
  NUMERIC_MAX_DISPLAY_SCALE,
  NUMERIC_MIN_SIG_DIGITS,
  checkLimits,
  divRoundHalfAway,
  nbaseWeight,
  rescaleUp,
  roundTo,
  signOf,
} from './decimal.js';

/** a + b with scale max(a.scale, b.scale); Infinity - Infinity is NaN (numeric.c). */
export function addDecimal(a: Decimal, b: Decimal): Decimal {
  if (a.special !== undefined || b.special !== undefined) return addSpecial(a, b);
  if (a.scale === b.scale) return checkLimits({ coef: a.coef + b.coef, scale: a.scale });
  const s = Math.max(a.scale, b.scale);
  return checkLimits({ coef: rescaleUp(a, s) + rescaleUp(b, s), scale: s });
}

export function negDecimal(a: Decimal): Decimal {
  if (a.special === 'Infinity') return NEG_INF;
  if (a.special === '-Infinity') return POS_INF;
  if (a.special === 'NaN') return a;
  return { coef: -a.coef, scale: a.scale };
}

export function subDecimal(a: Decimal, b: Decimal): Decimal {
  return addDecimal(a, negDecimal(b));
}

function addSpecial(a: Decimal, b: Decimal): Decimal {
  if (a.special === 'NaN' || b.special === 'NaN') return NAN;
  if (a.special !== undefined && b.special !== undefined) return a.special === b.special ? a : NAN;
  return a.special !== undefined ? a : b;
}

/** a * b, exact, with scale a.scale + b.scale (capped at PostgreSQL's 16383 by rounding). */
export function mulDecimal(a: Decimal, b: Decimal): Decimal {
  if (a.special !== undefined || b.special !== undefined) {
    if (a.special === 'NaN' || b.special === 'NaN') return NAN;
    const sign = signOf(a) * signOf(b);
    if (sign === 0) return NAN; // Infinity * 0
    return sign > 0 ? POS_INF : NEG_INF;
  }
  const product = { coef: a.coef * b.coef, scale: a.scale + b.scale };
  return checkLimits(product.scale > NUMERIC_DSCALE_MAX ? roundTo(product, NUMERIC_DSCALE_MAX) : product);
}

/**
 * select_div_scale: at least 16 significant digits, never fewer decimals than either input,
 * at most 1000. The estimate uses base-10000 weights exactly as numeric.c does.
 */
export function divisionScale(a: Decimal, b: Decimal): number {
  const wa = nbaseWeight(a);
  const wb = nbaseWeight(b);
  let qweight = wa.weight - wb.weight;
  if (wa.first <= wb.first) qweight--;
  let rscale = NUMERIC_MIN_SIG_DIGITS - qweight * 4;
  rscale = Math.max(rscale, a.scale, b.scale, 0);
  return Math.min(rscale, NUMERIC_MAX_DISPLAY_SCALE);
}

/** a / b rounded half away from zero at PostgreSQL's division scale. */
export function divDecimal(a: Decimal, b: Decimal): Decimal {
  if (a.special !== undefined || b.special !== undefined) {
    if (a.special === 'NaN' || b.special === 'NaN') return NAN;
    if (a.special !== undefined) {
      if (b.special !== undefined) return NAN;
      const sb = signOf(b);
      if (sb === 0) throw divisionByZero();
      return signOf(a) * sb > 0 ? POS_INF : NEG_INF;
    }
    return ZERO; // finite / ±Infinity
  }
  if (b.coef === 0n) throw divisionByZero();
  return divScaled(a, b, divisionScale(a, b));
}

/** a / b rounded half away from zero to `rscale` decimals. */
export function divScaled(a: Decimal, b: Decimal, rscale: number): Decimal {
  // a/b = (a.coef / 10^as) / (b.coef / 10^bs); scaled by 10^rscale.
  const shift = rscale - a.scale + b.scale;
  const num = shift >= 0 ? a.coef * 10n ** BigInt(shift) : a.coef;
  const den = shift >= 0 ? b.coef : b.coef * 10n ** BigInt(-shift);
  return checkLimits({ coef: divRoundHalfAway(num, den), scale: rscale });
}

/** Integer division truncated toward zero (PostgreSQL's div(a, b)); scale 0. */
export function divTruncDecimal(a: Decimal, b: Decimal): Decimal {
  if (a.special !== undefined || b.special !== undefined) return divDecimal(a, b);
  if (b.coef === 0n) throw divisionByZero();
  const s = Math.max(a.scale, b.scale);
  return { coef: rescaleUp(a, s) / rescaleUp(b, s), scale: 0 };
}

/** a - trunc(a / b) * b: the sign follows a; scale max(a.scale, b.scale). */
export function modDecimal(a: Decimal, b: Decimal): Decimal {
  if (a.special !== undefined || b.special !== undefined) {
    if (a.special === 'NaN' || b.special === 'NaN') return NAN;
    if (a.special !== undefined) {
      if (signOf(b) === 0) throw divisionByZero();
      return NAN;
    }
    return a; // finite % ±Infinity
  }
  if (b.coef === 0n) throw divisionByZero();
  const s = Math.max(a.scale, b.scale);
  return { coef: rescaleUp(a, s) % rescaleUp(b, s), scale: s };
}

export function absDecimal(a: Decimal): Decimal {
  if (a.special !== undefined) return a.special === 'NaN' ? a : POS_INF;
  return a.coef < 0n ? { coef: -a.coef, scale: a.scale } : a;
}

/** PostgreSQL clamps the requested scale of round() and trunc() to ±2000. */
const NUMERIC_MAX_RESULT_SCALE = 2000;

export function roundDecimal(a: Decimal, scale = 0): Decimal {
  const s = Math.min(Math.max(Math.trunc(scale), -NUMERIC_MAX_RESULT_SCALE), NUMERIC_MAX_RESULT_SCALE);
  return checkLimits(roundTo(a, s));
}

export function truncDecimal(a: Decimal, scale = 0): Decimal {
  const s = Math.min(Math.max(Math.trunc(scale), -NUMERIC_MAX_RESULT_SCALE), NUMERIC_MAX_RESULT_SCALE);
  if (a.special !== undefined) return a;
  const outScale = Math.max(s, 0);
  if (s >= a.scale) return { coef: rescaleUp(a, outScale), scale: outScale };
  let coef = a.coef / 10n ** BigInt(a.scale - s);
  if (s < 0) coef *= 10n ** BigInt(-s);
  return { coef, scale: outScale };
}

/** The smallest integer >= a, scale 0. */
export function ceilDecimal(a: Decimal): Decimal {
  if (a.special !== undefined) return a;
  const div = 10n ** BigInt(a.scale);
  let q = a.coef / div;
  if (a.coef > 0n && q * div !== a.coef) q += 1n;
  return { coef: q, scale: 0 };
}

/** The largest integer <= a, scale 0. */
export function floorDecimal(a: Decimal): Decimal {
  if (a.special !== undefined) return a;
  const div = 10n ** BigInt(a.scale);
  let q = a.coef / div;
  if (a.coef < 0n && q * div !== a.coef) q -= 1n;
  return { coef: q, scale: 0 };
}

export function negativeSqrt(): PgTypeError {
  return new PgTypeError('cannot take square root of a negative number', SqlState.invalidArgumentForPower);
}

/** sqrt with numeric_sqrt's scale: at least 16 significant digits and not below the input's scale; correctly rounded. */
export function sqrtDecimal(a: Decimal): Decimal {
  if (a.special !== undefined) {
    if (a.special === '-Infinity') throw negativeSqrt();
    return a;
  }
  if (a.coef < 0n) throw negativeSqrt();
  const { weight } = nbaseWeight(a);
  const sweight = Math.trunc(((weight + 1) * 4) / 2) - 1;
  let rscale = NUMERIC_MIN_SIG_DIGITS - sweight;
  rscale = Math.min(Math.max(rscale, a.scale, 0), NUMERIC_MAX_DISPLAY_SCALE);
  // floor(sqrt(x) * 10^(rscale+1)), then round the extra digit: floor never crosses a rounding boundary.
  const n = a.coef * 10n ** BigInt(2 * (rscale + 1) - a.scale);
  const root = isqrt(n);
  let q = root / 10n;
  if (root % 10n >= 5n) q += 1n;
  return { coef: q, scale: rscale };
}

/** floor(sqrt(n)) for n >= 0 by Newton's method from a float estimate. */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  const bits = n.toString(2).length;
  let x = 1n << BigInt(Math.ceil(bits / 2)); // >= sqrt(n)
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}
