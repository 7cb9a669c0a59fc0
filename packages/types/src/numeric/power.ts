import { PgTypeError, SqlState } from '../errors.js';
import {
  type Decimal,
  NAN,
  NEG_INF,
  POS_INF,
  ZERO,
  NUMERIC_MAX_DISPLAY_SCALE,
  NUMERIC_MIN_SIG_DIGITS,
  absString,
  checkLimits,
  compareDecimal,
  divRoundHalfAway,
  overflowsFormat,
  roundTo,
  signOf,
} from './decimal.js';

const ONE: Decimal = { coef: 1n, scale: 0 };

function isIntegral(d: Decimal): boolean {
  return d.special === undefined && d.coef % 10n ** BigInt(d.scale) === 0n;
}

/**
 * base ^ exp for an integral exp in the int32 range, with numeric_power's special cases
 * (POSIX pow() rules for NaN and infinities) and power_var_int's result scale.
 */
export function powerDecimal(base: Decimal, exp: Decimal): Decimal {
  if (base.special !== undefined || exp.special !== undefined) return powerSpecial(base, exp);
  const s1 = signOf(base);
  const s2 = signOf(exp);
  if (s1 === 0 && s2 < 0) {
    throw new PgTypeError('zero raised to a negative power is undefined', SqlState.invalidArgumentForPower);
  }
  if (!isIntegral(exp)) {
    if (s1 < 0) {
      throw new PgTypeError(
        'a negative number raised to a non-integer power yields a complex result',
        SqlState.invalidArgumentForPower,
      );
    }
    throw new PgTypeError('power(numeric, numeric) with a non-integer exponent is not supported', SqlState.featureNotSupported);
  }
  const n = exp.coef / 10n ** BigInt(exp.scale);
  if (n > 2147483647n || n < -2147483648n) {
    throw new PgTypeError('power(numeric, numeric) with an exponent outside the int32 range is not supported', SqlState.featureNotSupported);
  }
  return powerInt(base, Number(n));
}

/**
 * power_var_int as PostgreSQL 15 calls it: the result scale is max(16, the base's scale), capped
 * at 1000; the exponent's own scale and the result's magnitude do not enter.
 */
function powerInt(base: Decimal, exp: number): Decimal {
  let f = 0;
  if (base.coef !== 0n) {
    // base ~= mant * 10^p from up to four base-10000 digits: an estimate of the result's weight.
    const { mant, p } = leadingNbaseDigits(base);
    f = exp * (Math.log10(mant) + p);
  }
  if (f > 32768 * 4) throw overflowsFormat();
  const rscale = Math.min(Math.max(NUMERIC_MIN_SIG_DIGITS, base.scale), NUMERIC_MAX_DISPLAY_SCALE);
  if (f + 1 < -rscale - 1) return { coef: 0n, scale: rscale };
  if (exp === 0) return { coef: 10n ** BigInt(rscale), scale: rscale };
  const abs = Math.abs(exp);
  // Exact while the digits stay reasonable; otherwise keep enough significant digits for rscale.
  const keep = exact(base, abs) ? undefined : rscale + Math.ceil(Math.abs(f)) + 40;
  const [m, e] = powPair(base.coef, -base.scale, abs, keep);
  if (exp > 0) return checkLimits(roundPair(m, e, rscale));
  // 1 / (m * 10^e) to rscale decimals.
  const shift = rscale - e;
  const num = shift >= 0 ? 10n ** BigInt(shift) : 1n;
  const den = shift >= 0 ? m : m * 10n ** BigInt(-shift);
  return checkLimits({ coef: divRoundHalfAway(num, den), scale: rscale });
}

function exact(base: Decimal, exp: number): boolean {
  return absString(base.coef).length * exp <= 20000;
}

function leadingNbaseDigits(d: Decimal): { mant: number; p: number } {
  // Align the digits on a base-10000 boundary relative to the decimal point.
  let digits = absString(d.coef);
  let scale = d.scale;
  const padFrac = (4 - (scale % 4)) % 4;
  digits += '0'.repeat(padFrac);
  scale += padFrac;
  const padInt = (4 - (digits.length % 4)) % 4;
  digits = '0'.repeat(padInt) + digits;
  const groups: number[] = [];
  for (let i = 0; i < digits.length; i += 4) groups.push(Number(digits.slice(i, i + 4)));
  const intGroups = (digits.length - scale) / 4;
  let first = 0;
  while (groups[first] === 0) first++;
  let last = groups.length - 1;
  while (groups[last] === 0) last--; // PostgreSQL strips trailing zero digits
  const weight = intGroups - 1 - first;
  let mant = groups[first]!;
  let p = weight * 4;
  for (let i = 1; first + i <= last && i * 4 < 16; i++) {
    mant = mant * 10000 + groups[first + i]!;
    p -= 4;
  }
  return { mant, p };
}

/** (m * 10^e)^n by squaring; when `keep` is set, mantissas are truncated to that many digits. */
function powPair(m0: bigint, e0: number, n: number, keep: number | undefined): [bigint, number] {
  let rm = 1n;
  let re = 0;
  let bm = m0;
  let be = e0;
  let k = n;
  while (k > 0) {
    if (k & 1) {
      [rm, re] = trimPair(rm * bm, re + be, keep);
    }
    k = Math.floor(k / 2);
    if (k > 0) [bm, be] = trimPair(bm * bm, be + be, keep);
  }
  return [rm, re];
}

function trimPair(m: bigint, e: number, keep: number | undefined): [bigint, number] {
  if (keep === undefined) return [m, e];
  const len = absString(m).length;
  if (len <= keep) return [m, e];
  const drop = len - keep;
  return [m / 10n ** BigInt(drop), e + drop];
}

function roundPair(m: bigint, e: number, rscale: number): Decimal {
  if (e >= 0) return { coef: m * 10n ** BigInt(e + rscale), scale: rscale };
  return roundTo({ coef: m, scale: -e }, rscale);
}

function powerSpecial(base: Decimal, exp: Decimal): Decimal {
  if (base.special === 'NaN') {
    if (exp.special === undefined && exp.coef === 0n) return ONE;
    return NAN;
  }
  if (exp.special === 'NaN') {
    if (base.special === undefined && compareDecimal(base, ONE) === 0) return ONE;
    return NAN;
  }
  const s1 = signOf(base);
  const s2 = signOf(exp);
  if (s1 === 0 && s2 < 0) {
    throw new PgTypeError('zero raised to a negative power is undefined', SqlState.invalidArgumentForPower);
  }
  if (s1 < 0 && exp.special === undefined && !isIntegral(exp)) {
    throw new PgTypeError('a negative number raised to a non-integer power yields a complex result', SqlState.invalidArgumentForPower);
  }
  if (base.special === undefined && compareDecimal(base, ONE) === 0) return ONE;
  if (s2 === 0) return ONE;
  if (s1 === 0 && s2 > 0) return ZERO;
  if (exp.special !== undefined) {
    let absGtOne = true;
    if (base.special === undefined) {
      const absBase = base.coef < 0n ? { coef: -base.coef, scale: base.scale } : base;
      const cmp = compareDecimal(absBase, ONE);
      if (cmp === 0) return ONE;
      absGtOne = cmp > 0;
    }
    return absGtOne === s2 > 0 ? POS_INF : ZERO;
  }
  if (base.special === 'Infinity') return s2 > 0 ? POS_INF : ZERO;
  if (s2 < 0) return ZERO;
  const odd = isIntegral(exp) && (exp.coef / 10n ** BigInt(exp.scale)) % 2n !== 0n;
  return odd ? NEG_INF : POS_INF;
}
