import { PgTypeError, SqlState, invalidSyntax } from '../errors.js';

/**
 * The working form of a PostgreSQL numeric: an unscaled bigint coefficient and a display scale
 * (PostgreSQL's dscale, the digits shown after the point), or one of the three special values.
 * The value is coef / 10^scale. Public functions take and return numeric text; hot loops
 * (aggregates) can stay in this form with `parseDecimal` / `formatDecimal`.
 */
export interface Decimal {
  readonly coef: bigint;
  readonly scale: number;
  /** Set for NaN and ±Infinity; coef and scale are then 0. */
  readonly special?: 'NaN' | 'Infinity' | '-Infinity';
}

/** PostgreSQL's limits: at most 131072 digits before the point and 16383 after. */
export const NUMERIC_MAX_INT_DIGITS = 131072;
export const NUMERIC_DSCALE_MAX = 16383;
/** The digit counts PostgreSQL uses when it chooses a result scale (numeric.c). */
export const NUMERIC_MIN_SIG_DIGITS = 16;
export const NUMERIC_MAX_DISPLAY_SCALE = 1000;

export const NAN: Decimal = { coef: 0n, scale: 0, special: 'NaN' };
export const POS_INF: Decimal = { coef: 0n, scale: 0, special: 'Infinity' };
export const NEG_INF: Decimal = { coef: 0n, scale: 0, special: '-Infinity' };
export const ZERO: Decimal = { coef: 0n, scale: 0 };

const POW10: bigint[] = [1n];
/** 10^n as a bigint, cached for the small exponents arithmetic uses all the time. */
export function pow10(n: number): bigint {
  if (n < 256) {
    for (let i = POW10.length; i <= n; i++) POW10.push(POW10[i - 1]! * 10n);
    return POW10[n]!;
  }
  return 10n ** BigInt(n);
}

export function dec(coef: bigint, scale: number): Decimal {
  return { coef, scale };
}

export function overflowsFormat(): PgTypeError {
  return new PgTypeError('value overflows numeric format', SqlState.numericValueOutOfRange);
}

const NUMBER_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
// PostgreSQL trims the characters C's isspace() accepts.
const TRIM_RE = /^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g;

export function trimSpace(s: string): string {
  return s.replace(TRIM_RE, '');
}

/** numeric_in: decimal text with optional exponent, or NaN / [+-]Infinity / [+-]inf (any case), spaces around. */
export function parseDecimal(text: string): Decimal {
  const s = trimSpace(text);
  const m = NUMBER_RE.exec(s);
  if (m === null || (m[2] === '' && (m[3] === undefined || m[3] === ''))) {
    const lower = s.toLowerCase();
    if (lower === 'nan') return NAN;
    if (lower === 'infinity' || lower === '+infinity' || lower === 'inf' || lower === '+inf') return POS_INF;
    if (lower === '-infinity' || lower === '-inf') return NEG_INF;
    throw invalidSyntax('numeric', text);
  }
  const intPart = m[2]!;
  const fracPart = m[3] ?? '';
  let exponent = 0;
  if (m[4] !== undefined) {
    // numeric.c rejects exponents whose magnitude reaches INT_MAX / 2 before anything else.
    const e = Number(m[4]);
    if (!(Math.abs(e) < 1073741823)) throw overflowsFormat();
    exponent = e;
  }
  let coef = BigInt((intPart + fracPart) || '0');
  let scale = fracPart.length - exponent;
  if (scale < 0) {
    if (coef !== 0n) coef *= pow10(-scale);
    scale = 0;
  }
  if (m[1] === '-') coef = -coef;
  return checkLimits({ coef, scale });
}

/** make_result's limits: the weight and the display scale must fit PostgreSQL's storage format. */
export function checkLimits(d: Decimal): Decimal {
  if (d.special !== undefined) return d;
  if (d.scale > NUMERIC_DSCALE_MAX) throw overflowsFormat();
  if (d.coef !== 0n && intDigits(d) > NUMERIC_MAX_INT_DIGITS) throw overflowsFormat();
  return d;
}

/** Digits before the decimal point of |d| (0 for |d| < 1). */
export function intDigits(d: Decimal): number {
  const n = absString(d.coef).length;
  return Math.max(0, n - d.scale);
}

export function absString(coef: bigint): string {
  return (coef < 0n ? -coef : coef).toString();
}

/** numeric_out: plain notation with exactly `scale` digits after the point. */
export function formatDecimal(d: Decimal): string {
  if (d.special !== undefined) return d.special;
  const digits = absString(d.coef);
  const sign = d.coef < 0n ? '-' : '';
  if (d.scale === 0) return sign + digits;
  const padded = digits.length <= d.scale ? '0'.repeat(d.scale - digits.length + 1) + digits : digits;
  const cut = padded.length - d.scale;
  return `${sign}${padded.slice(0, cut)}.${padded.slice(cut)}`;
}

/** The decimal exponent of the most significant digit: 123.4 -> 2, 0.05 -> -2. Undefined for 0. */
export function leadingExponent(d: Decimal): number {
  return absString(d.coef).length - 1 - d.scale;
}

/**
 * PostgreSQL stores numerics as base-10000 digits aligned on the decimal point. Scale choices
 * depend on the weight (index of the first nonzero base-10000 digit) and that digit's value.
 */
export function nbaseWeight(d: Decimal): { weight: number; first: number } {
  if (d.coef === 0n) return { weight: 0, first: 0 };
  const e = leadingExponent(d);
  const weight = Math.floor(e / 4);
  const lead = e - weight * 4 + 1; // decimal digits of the first base-10000 digit: 1..4
  const digits = absString(d.coef);
  const head = digits.slice(0, lead).padEnd(lead, '0');
  return { weight, first: Number(head) };
}

/** The value with its coefficient rescaled to `scale` (which must not drop nonzero digits). */
export function rescaleUp(d: Decimal, scale: number): bigint {
  return scale === d.scale ? d.coef : d.coef * pow10(scale - d.scale);
}

/** Round half away from zero to `scale` digits after the point (negative: to tens, hundreds...). */
export function roundTo(d: Decimal, scale: number): Decimal {
  if (d.special !== undefined) return d;
  const outScale = Math.max(scale, 0);
  if (scale >= d.scale) return { coef: rescaleUp(d, outScale), scale: outScale };
  const div = pow10(d.scale - scale);
  const neg = d.coef < 0n;
  const abs = neg ? -d.coef : d.coef;
  let q = abs / div;
  if ((abs % div) * 2n >= div) q += 1n;
  let coef = neg ? -q : q;
  if (scale < 0) coef *= pow10(-scale);
  return { coef, scale: outScale };
}

/** Truncate toward zero to `scale` digits after the point. */
export function truncTo(d: Decimal, scale: number): Decimal {
  if (d.special !== undefined) return d;
  const outScale = Math.max(scale, 0);
  if (scale >= d.scale) return { coef: rescaleUp(d, outScale), scale: outScale };
  let coef = d.coef / pow10(d.scale - scale);
  if (scale < 0) coef *= pow10(-scale);
  return { coef, scale: outScale };
}

/** The integer quotient a / b rounded half away from zero. */
export function divRoundHalfAway(a: bigint, b: bigint): bigint {
  const neg = a < 0n !== b < 0n;
  const aa = a < 0n ? -a : a;
  const bb = b < 0n ? -b : b;
  let q = aa / bb;
  if ((aa % bb) * 2n >= bb) q += 1n;
  return neg ? -q : q;
}

export function isZero(d: Decimal): boolean {
  return d.special === undefined && d.coef === 0n;
}

/** -1, 0 or 1; NaN has no sign and gives 0. */
export function signOf(d: Decimal): number {
  if (d.special === 'Infinity') return 1;
  if (d.special === '-Infinity') return -1;
  if (d.special === 'NaN') return 0;
  return d.coef > 0n ? 1 : d.coef < 0n ? -1 : 0;
}

/** PostgreSQL's numeric order: -Infinity < finite values < Infinity < NaN (NaN equals NaN). */
export function compareDecimal(a: Decimal, b: Decimal): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb || ra !== 1) return ra < rb ? -1 : ra > rb ? 1 : 0;
  if (a.scale === b.scale) return a.coef < b.coef ? -1 : a.coef > b.coef ? 1 : 0;
  const s = Math.max(a.scale, b.scale);
  const x = rescaleUp(a, s);
  const y = rescaleUp(b, s);
  return x < y ? -1 : x > y ? 1 : 0;
}

function rank(d: Decimal): number {
  switch (d.special) {
    case '-Infinity':
      return 0;
    case 'Infinity':
      return 2;
    case 'NaN':
      return 3;
    default:
      return 1;
  }
}
