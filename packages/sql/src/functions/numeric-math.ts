/**
 * Transcendental numeric functions (exp, ln, log, power with a non-integer exponent, sqrt) computed in
 * BigInt fixed point with guard digits, at the result scales numeric.c chooses (at least 16 significant
 * digits, never less than the inputs' scales), rounded half away from zero.
 */
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import { numeric } from '../values/types-api.js';

const MIN_SIG_DIGITS = 16;
const MAX_DISPLAY_SCALE = 1000;
const GUARD = 12;

interface Fixed {
  /** value * 10^scale */
  readonly coef: bigint;
  readonly scale: number;
}

function parse(s: string): Fixed {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(s.trim());
  if (!m) throw new Error(`numeric-math: not a finite numeric: ${s}`);
  const frac = m[3] ?? '';
  const coef = BigInt(`${m[2] || '0'}${frac}`);
  return { coef: m[1] ? -coef : coef, scale: frac.length };
}

const pow10 = (n: number) => 10n ** BigInt(n);

/** x rescaled to `p` fractional digits (truncating). */
function toScale(x: Fixed, p: number): bigint {
  return p >= x.scale ? x.coef * pow10(p - x.scale) : x.coef / pow10(x.scale - p);
}

function roundTo(v: bigint, from: number, to: number): bigint {
  if (to >= from) return v * pow10(to - from);
  const d = pow10(from - to);
  const q = v / d;
  const r = v % d;
  const twice = (r < 0n ? -r : r) * 2n;
  return twice >= d ? q + (v < 0n ? -1n : 1n) : q;
}

function format(coef: bigint, scale: number): string {
  const neg = coef < 0n;
  let digits = (neg ? -coef : coef).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  }
  return neg && /[1-9]/.test(digits) ? `-${digits}` : digits;
}

/** floor(sqrt(n)) by Newton's method from above. */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** ln(m) for m (scaled by 10^p) in [1, 10]: square roots until m is near 1, then the atanh series. */
function lnMantissa(m: bigint, p: number): bigint {
  const one = pow10(p);
  let halvings = 0;
  const near = one + one / 100n;
  while (m > near) {
    m = isqrt(m * one);
    halvings++;
  }
  const z = ((m - one) * one) / (m + one);
  const z2 = (z * z) / one;
  let sum = z;
  let term = z;
  for (let k = 3n; term !== 0n; k += 2n) {
    term = (term * z2) / one;
    sum += term / k;
  }
  return 2n * sum * (1n << BigInt(halvings));
}

const ln10Cache = new Map<number, bigint>();
function ln10(p: number): bigint {
  let v = ln10Cache.get(p);
  if (v === undefined) ln10Cache.set(p, (v = lnMantissa(10n * pow10(p), p)));
  return v;
}

/** ln(x) scaled by 10^p, for x > 0. */
function lnFixed(x: Fixed, p: number): bigint {
  const digits = (x.coef < 0n ? -x.coef : x.coef).toString().length;
  const e = digits - 1 - x.scale; // x = m * 10^e, m in [1, 10)
  const work = p + GUARD;
  const m = toScale({ coef: x.coef, scale: x.scale + e }, work);
  const r = lnMantissa(m, work) + BigInt(e) * ln10(work);
  return roundTo(r, work, p);
}

/** exp(x) as (coefficient, scale) with at least `p` correct fractional digits. */
function expFixed(x: bigint, p: number): Fixed {
  const work = p + GUARD;
  const one = pow10(work);
  const xs = x * pow10(GUARD);
  const l10 = ln10(work);
  // x = q ln 10 + r, so exp(x) = 10^q exp(r) with |r| <= ln(10) / 2.
  let q = xs / l10;
  let r = xs - q * l10;
  if (r * 2n > l10) {
    q++;
    r -= l10;
  } else if (r * 2n < -l10) {
    q--;
    r += l10;
  }
  const k = 12;
  r /= 1n << BigInt(k);
  let sum = one;
  let term = one;
  for (let n = 1n; term !== 0n; n++) {
    term = (term * r) / (one * n);
    sum += term;
  }
  for (let i = 0; i < k; i++) sum = (sum * sum) / one;
  return { coef: sum, scale: work - Number(q) };
}

/** numeric.c's estimate_ln_dweight: the decimal weight of ln(x). */
function lnWeight(x: number): number {
  if (x >= 0.9 && x <= 1.1) {
    const d = Math.abs(x - 1);
    return d === 0 ? 0 : Math.floor(Math.log10(d));
  }
  return Math.trunc(Math.log10(Math.abs(Math.log(x))));
}

const clampScale = (r: number, ...scales: number[]) => Math.min(Math.max(r, ...scales, 0), MAX_DISPLAY_SCALE);

function logDomain(a: string): void {
  const v = parse(a);
  if (v.coef === 0n) throw new SqlError(SqlState.invalidArgumentForLog, 'cannot take logarithm of zero');
  if (v.coef < 0n) throw new SqlError(SqlState.invalidArgumentForLog, 'cannot take logarithm of a negative number');
}

const special = (a: string) => a === 'NaN' || a === 'Infinity' || a === '-Infinity';

export function numericExp(a: string): string {
  if (a === 'NaN' || a === 'Infinity') return a;
  if (a === '-Infinity') return '0';
  const x = parse(a);
  const val = Number(a);
  if (val > 6000) throw new SqlError(SqlState.numericValueOutOfRange, 'value overflows numeric format');
  const rscale = clampScale(MIN_SIG_DIGITS - Math.trunc(val * 0.434294481903252), x.scale);
  const weight = Math.max(0, Math.ceil(val * 0.434294481903252));
  const r = expFixed(toScale(x, rscale + weight + GUARD), rscale + weight + GUARD);
  return format(roundTo(r.coef, r.scale, rscale), rscale);
}

export function numericLn(a: string): string {
  if (a === 'NaN' || a === 'Infinity') return a;
  if (a === '-Infinity') throw new SqlError(SqlState.invalidArgumentForLog, 'cannot take logarithm of a negative number');
  logDomain(a);
  const x = parse(a);
  const rscale = clampScale(MIN_SIG_DIGITS - lnWeight(Number(a)), x.scale);
  return format(lnFixed(x, rscale), rscale);
}

/** log(b, x) = ln(x) / ln(b) with log_var's result scale; log(x) is log(10, x). */
export function numericLog(base: string, a: string): string {
  if (special(a) || special(base)) {
    if (a === 'NaN' || base === 'NaN') return 'NaN';
    throw new SqlError(SqlState.featureNotSupported, 'log() of infinite values is not supported');
  }
  logDomain(base);
  logDomain(a);
  const b = parse(base);
  const x = parse(a);
  const rscale = clampScale(MIN_SIG_DIGITS - (lnWeight(Number(a)) - lnWeight(Number(base))), b.scale, x.scale);
  const p = rscale + GUARD + 10;
  const lb = lnFixed(b, p);
  if (lb === 0n) throw new SqlError(SqlState.divisionByZero, 'division by zero');
  const q = (lnFixed(x, p) * pow10(rscale + 1)) / lb;
  return format(roundTo(q, rscale + 1, rscale), rscale);
}

export function numericLog10(a: string): string {
  return numericLog('10', a);
}

export function numericSqrt(a: string): string {
  return numeric.sqrt(a);
}

/** base ^ exp: exact for integral exponents (numeric.power), exp(exp * ln(base)) otherwise. */
export function numericPower(a: string, b: string): string {
  if (special(a) || special(b) || /^-?\d+(\.0*)?$/.test(b)) return numeric.power(a, b);
  const base = parse(a);
  const exp = parse(b);
  if (base.coef === 0n) {
    if (exp.coef < 0n) throw new SqlError(SqlState.invalidArgumentForPower, 'zero raised to a negative power is undefined');
    return format(0n, clampScale(MIN_SIG_DIGITS, base.scale, exp.scale));
  }
  if (base.coef < 0n) throw new SqlError(SqlState.invalidArgumentForPower, 'a negative number raised to a non-integer power yields a complex result');
  const val = Math.log(Number(a)) * Number(b);
  if (Math.abs(val) > 3 * 3.01 * 1000 * 2.302585092994046) {
    if (val > 0) throw new SqlError(SqlState.numericValueOutOfRange, 'value overflows numeric format');
    return format(0n, MAX_DISPLAY_SCALE);
  }
  const weight = val * 0.434294481903252;
  const rscale = clampScale(MIN_SIG_DIGITS - Math.trunc(weight), base.scale, exp.scale);
  const expDigits = (exp.coef < 0n ? -exp.coef : exp.coef).toString().length - exp.scale;
  const p = rscale + Math.max(0, Math.ceil(weight)) + Math.max(0, expDigits) + GUARD;
  const y = (lnFixed(base, p) * exp.coef) / pow10(exp.scale);
  const r = expFixed(y, p);
  return format(roundTo(r.coef, r.scale, rscale), rscale);
}
