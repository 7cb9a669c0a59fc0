/**
 * PostgreSQL's input functions per column type, chosen once per column: the plain spellings the common types
 * take in files (12, -7, 1.5, 19.99 for numeric(12,2), 2024-02-29, 2024-01-02 03:04:05.123456, t/f, text without
 * NUL) are parsed here with one regular expression or none; any other spelling (spaces, exponents, leading zeros,
 * BC, 24:00:00, infinity, overflow, varchar limits) goes to @heliosdb/types' textIn, which stays the reference
 * and the source of every error message. `text-parse.test.ts` checks both agree.
 */
import { PgDate, PgTimestamp, PgTimestampTz, daysFromCivil, daysInMonth, textIn, type PgType, type Value } from '@heliosdb/types';

export type TextParser = (text: string) => Value;

const INT = /^-?[1-9]\d{0,8}$|^0$/; // at most 9 digits: inside int4 whatever they are
const INT8 = /^-?[1-9]\d{0,17}$|^0$/; // at most 18 digits: inside int8
const FLOAT = /^-?\d{1,17}(?:\.\d{1,17})?$/; // no exponent, no words: Number() is strtod here
const MICROS_PER_DAY = 86_400_000_000;

/** The parser for a column of `type`; values it does not take on the fast path go through textIn. */
export function textParser(type: PgType): TextParser {
  if (type.array) return (t) => textIn(type, t);
  switch (type.name) {
    case 'bool':
      return (t) => (t === 't' ? true : t === 'f' ? false : t === 'true' ? true : t === 'false' ? false : textIn(type, t));
    case 'int2':
      return (t) => (INT.test(t) ? fitsInt2(Number(t), type, t) : textIn(type, t));
    case 'int4':
      return (t) => (INT.test(t) ? Number(t) : textIn(type, t));
    case 'int8':
      // Up to 15 characters the value is an exact double, and BigInt of a number is cheaper than of a string.
      return (t) => (INT8.test(t) ? (t.length <= 15 ? BigInt(+t) : BigInt(t)) : textIn(type, t));
    case 'float8':
      return (t) => {
        if (!FLOAT.test(t)) return textIn(type, t);
        const v = Number(t);
        return v === 0 ? textIn(type, t) : v; // zero: underflow and -0 are the reference's to tell
      };
    case 'numeric':
      return numericParser(type);
    case 'text':
      return (t) => (t.indexOf('\u0000') < 0 ? t : textIn(type, t));
    case 'date':
      return (t) => {
        const days = t.length === 10 ? dateAt(t) : undefined;
        return days === undefined ? textIn(type, t) : new PgDate(days);
      };
    case 'timestamp':
    case 'timestamptz': {
      // Without a precision, timestamp keeps all six fraction digits; with one, rounding is the reference's.
      if (type.precision !== undefined) return (t) => textIn(type, t);
      const tz = type.name === 'timestamptz';
      return (t) => {
        const us = stampMicros(t, tz);
        if (us === undefined) return textIn(type, t);
        return tz ? new PgTimestampTz(BigInt(us)) : new PgTimestamp(BigInt(us));
      };
    }
    default:
      return (t) => textIn(type, t);
  }
}

function fitsInt2(v: number, type: PgType, t: string): Value {
  return v >= -32768 && v <= 32767 ? v : textIn(type, t);
}

/** numeric(p,s) with exactly s fraction digits and no leading zeros is its own output text; so is unconstrained plain text. */
function numericParser(type: PgType): TextParser {
  const p = type.precision;
  const s = type.scale ?? 0;
  if (p === undefined) {
    const plain = /^-?(?:[1-9]\d*|0)(?:\.\d+)?$/;
    // -0 and -0.00 print without their sign; the reference handles them.
    return (t) => (plain.test(t) && !/^-0(?:\.0*)?$/.test(t) ? t : textIn(type, t));
  }
  const intDigits = p - s;
  if (intDigits < 1) return (t) => textIn(type, t);
  const exact = new RegExp(`^-?(?:[1-9]\\d{0,${intDigits - 1}}|0)${s > 0 ? `\\.\\d{${s}}` : ''}$`);
  return (t) => (exact.test(t) && !(t.charCodeAt(0) === 45 && /^-0(?:\.0*)?$/.test(t)) ? t : textIn(type, t));
}

/** The digit at `i` (0..9), or -1. */
function digit(t: string, i: number): number {
  const c = t.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Two digits at `i` as a number, or -1. */
function two(t: string, i: number): number {
  const a = digit(t, i);
  const b = digit(t, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** Day number of yyyy-mm-dd at the start of `t` for years 1..9999 with a valid month and day, else undefined. */
function dateAt(t: string): number | undefined {
  const hi = two(t, 0);
  const lo = two(t, 2);
  const mo = two(t, 5);
  const d = two(t, 8);
  if (hi < 0 || lo < 0 || mo < 0 || d < 0 || t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45) return undefined;
  const y = hi * 100 + lo;
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return daysFromCivil(y, mo, d);
}

/**
 * Microseconds since 1970 of `yyyy-mm-dd hh:mm:ss[.ffffff]` (a T may stand for the space; with `utc`, a zone
 * of +00, +00:00, +0000 or Z must follow), clock below 24:00:00, inside ±2^53 µs; else undefined.
 */
function stampMicros(t: string, utc: boolean): number | undefined {
  if (t.length < 19) return undefined;
  const days = dateAt(t);
  const sep = t.charCodeAt(10);
  if (days === undefined || (sep !== 32 && sep !== 84) || t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58) return undefined;
  const h = two(t, 11);
  const mi = two(t, 14);
  const sec = two(t, 17);
  if (h < 0 || mi < 0 || sec < 0 || h > 23 || mi > 59 || sec > 59) return undefined;
  let i = 19;
  let frac = 0;
  if (t.charCodeAt(i) === 46) {
    let scale = 100_000;
    i++;
    const start = i;
    for (let dg = digit(t, i); dg >= 0; dg = digit(t, ++i)) {
      if (i - start >= 6) return undefined; // more than six digits round: the reference's job
      frac += dg * scale;
      scale /= 10;
    }
    if (i === start) return undefined;
  }
  if (utc) {
    const rest = t.slice(i);
    if (rest !== '+00' && rest !== '+00:00' && rest !== '+0000' && rest !== 'Z') return undefined;
  } else if (i !== t.length) return undefined;
  const us = days * MICROS_PER_DAY + ((h * 60 + mi) * 60 + sec) * 1_000_000 + frac;
  return Number.isSafeInteger(us) ? us : undefined;
}
