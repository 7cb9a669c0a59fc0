/**
 * Transcendental numeric functions (power, sqrt, exp, ln, log). PostgreSQL computes these to at least
 * 16 significant digits (NUMERIC_MIN_SIG_DIGITS); Nano computes them in float8 and presents them with
 * PostgreSQL's display scale, so digits beyond float8's ~15.9 may differ (see known-differences).
 */
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import { numeric } from '../values/types-api.js';

const MIN_SIG_DIGITS = 16;

/** Fixed-point text with `scale` decimals for a float result. */
function toScale(x: number, scale: number): string {
  const s = x.toFixed(Math.min(scale, 100));
  return s.replace(/^-(0\.?0*)$/, '$1');
}

function sigScale(x: number, minScale: number): number {
  const weight = x === 0 ? 0 : Math.floor(Math.log10(Math.abs(x)));
  return Math.max(MIN_SIG_DIGITS - weight - 1, minScale, 0);
}

function scaleOf(s: string): number {
  const i = s.indexOf('.');
  return i < 0 ? 0 : s.length - i - 1;
}

export function numericPower(a: string, b: string): string {
  const x = Number(a);
  const y = Number(b);
  if (x === 0 && y < 0) throw new SqlError(SqlState.invalidArgumentForPower, 'zero raised to a negative power is undefined');
  if (x < 0 && !Number.isInteger(y)) {
    throw new SqlError(SqlState.invalidArgumentForPower, 'a negative number raised to a non-integer power yields a complex result');
  }
  if (Number.isInteger(y) && y >= 0 && y <= 1000 && /^-?\d+$/.test(a)) {
    // Exact for integer bases: repeated multiplication keeps every digit.
    let r = '1';
    for (let i = 0; i < y; i++) r = numeric.mul(r, a);
    const scale = sigScale(Number(r), Math.max(scaleOf(a), scaleOf(b)));
    return scale > 0 ? `${r}.${'0'.repeat(scale)}` : r;
  }
  const r = Math.pow(x, y);
  return toScale(r, sigScale(r, Math.max(scaleOf(a), scaleOf(b))));
}

export function numericSqrt(a: string): string {
  const x = Number(a);
  if (x < 0) throw new SqlError(SqlState.invalidArgumentForPower, 'cannot take square root of a negative number');
  const r = Math.sqrt(x);
  const weight = x === 0 ? 0 : Math.floor(Math.floor(Math.log10(x)) / 2);
  return toScale(r, Math.max(MIN_SIG_DIGITS - weight - 1, scaleOf(a), 0));
}

export function numericExp(a: string): string {
  const r = Math.exp(Number(a));
  return toScale(r, sigScale(r, scaleOf(a)));
}

export function numericLn(a: string): string {
  const x = Number(a);
  if (x === 0) throw new SqlError(SqlState.invalidArgumentForLog, 'cannot take logarithm of zero');
  if (x < 0) throw new SqlError(SqlState.invalidArgumentForLog, 'cannot take logarithm of a negative number');
  const r = Math.log(x);
  return toScale(r, sigScale(r, scaleOf(a)));
}

export function numericLog10(a: string): string {
  const x = Number(a);
  if (x === 0) throw new SqlError(SqlState.invalidArgumentForLog, 'cannot take logarithm of zero');
  if (x < 0) throw new SqlError(SqlState.invalidArgumentForLog, 'cannot take logarithm of a negative number');
  const r = Math.log10(x);
  return toScale(r, sigScale(r, scaleOf(a)));
}
