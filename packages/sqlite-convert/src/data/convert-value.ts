/** One SQLite value -> the PostgreSQL value of the column's decided type. The scan has already checked it converts. */
import { type PgType, type Value, T, coerceToType, numeric, textIn } from '@heliosdb/types';
import type { Conversion } from './decide-type.js';
import { type SqliteValue, numberText, realText, temporalIn } from './sqlite-value.js';

export function convertValue(conversion: Conversion, type: PgType, v: SqliteValue): Value {
  if (v === null) return null;
  switch (conversion) {
    case 'int2':
    case 'int4':
      return Number(v as bigint);
    case 'int8':
      return v as bigint;
    case 'float8':
      return typeof v === 'bigint' ? Number(v) : (v as number);
    case 'numeric': {
      if (type.precision !== undefined && typeof v === 'number' && Number.isFinite(v)) {
        // Plain shortest round-trip text that fits needs only padding; else coerceToType parses it (one parse, not two).
        return realToScaledNumeric(v, type.precision, type.scale ?? 0) ?? coerceToType(type, String(v));
      }
      const text = typeof v === 'bigint' ? v.toString() : typeof v === 'number' ? numeric.fromNumber(v) : (textIn(T.numeric(), v as string) as string);
      return type.precision === undefined ? text : coerceToType(type, text);
    }
    case 'text':
      return v as string;
    case 'widen':
      return widenToText(v);
    case 'bytea':
      return v as Buffer;
    case 'bool':
      return v === 1n;
    case 'date':
      return temporalIn(T.date, v as string);
    case 'timestamp':
      return temporalIn(T.timestamp, v as string);
    case 'timestamptz':
      return temporalIn(T.timestamptz, v as string);
    case 'jsonb':
      return textIn(T.jsonb, v as string);
  }
}

/** A value of any storage class as text in a widened column: numbers as SQLite prints them (reals round-trip exactly), blobs as bytea hex. */
export function widenToText(v: Exclude<SqliteValue, null>): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return realText(v);
  return `\\x${v.toString('hex')}`;
}

/**
 * A REAL as numeric(precision, scale) text without parsing: when its shortest round-trip text is plain digits (no
 * exponent) with at most `scale` fraction digits and `precision - scale` integer digits, the value is that text
 * padded to `scale` places, which is what coerceToType makes of it (tested against it); otherwise null.
 */
export function realToScaledNumeric(v: number, precision: number, scale: number): string | null {
  const s = numberText(v);
  const n = s.length;
  let i = s.charCodeAt(0) === 45 ? 1 : 0;
  while (i < n && s.charCodeAt(i) === 48) i++;
  let intDigits = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) break;
    if (c < 48 || c > 57) return null;
    intDigits++;
  }
  let frac = 0;
  for (i++; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return null;
    frac++;
  }
  if (frac > scale || intDigits > precision - scale) return null;
  if (scale === 0) return s;
  return frac === 0 ? `${s}.${'0'.repeat(scale)}` : frac === scale ? s : s + '0'.repeat(scale - frac);
}
