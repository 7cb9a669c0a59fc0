import { PgTypeError } from './errors.js';
import type { PgType } from './pg-type.js';
import { elementType } from './pg-type.js';
import type { PgDate, PgInterval, PgTime, PgTimestamp, Value } from './values.js';
import { compareCodePoints, stripTrailingSpaces } from './io/character.js';
import { compareDecimal, parseDecimal } from './numeric/decimal.js';
import { compareJsonb } from './io/jsonb-compare.js';

/**
 * PostgreSQL's btree order for two non-null values of `type`: negative, zero or positive.
 * Text sorts by code point (the "C" collation); char(n) ignores trailing spaces; floats and
 * numeric put NaN above everything and treat -0 as 0; intervals compare as 30-day months and
 * 24-hour days; arrays compare element by element (a null element sorts last), then by length.
 * SQL NULL values are the caller's concern (NULLS FIRST / LAST); json has no order (42883).
 */
export function compare(type: PgType, a: Value, b: Value): number {
  if (type.array) return compareArrays(elementType(type), a as readonly Value[], b as readonly Value[]);
  switch (type.name) {
    case 'bool':
      return a === b ? 0 : a === false ? -1 : 1;
    case 'int2':
    case 'int4':
    case 'int8':
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case 'float4':
    case 'float8':
      return compareFloat(a as number, b as number);
    case 'numeric':
      return a === b ? 0 : compareDecimal(parseDecimal(a as string), parseDecimal(b as string));
    case 'text':
    case 'varchar':
      return compareCodePoints(a as string, b as string);
    case 'bpchar':
      return compareCodePoints(stripTrailingSpaces(a as string), stripTrailingSpaces(b as string));
    case 'uuid':
      return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
    case 'bytea':
      return compareBytes(a as Uint8Array, b as Uint8Array);
    case 'json':
      throw new PgTypeError('could not identify an ordering operator for type json', '42883');
    case 'jsonb':
      return compareJsonb(a as string, b as string);
    case 'date':
      return sign((a as PgDate).days - (b as PgDate).days, (a as PgDate).days, (b as PgDate).days);
    case 'time':
      return sign((a as PgTime).micros - (b as PgTime).micros, 0, 0);
    case 'timestamp':
    case 'timestamptz': {
      const x = (a as PgTimestamp).micros;
      const y = (b as PgTimestamp).micros;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'interval': {
      const x = intervalSpan(a as PgInterval);
      const y = intervalSpan(b as PgInterval);
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
}

function sign(d: number, x: number, y: number): number {
  if (Number.isNaN(d)) return x === y ? 0 : x < y ? -1 : 1; // Infinity - Infinity
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

/** float8_cmp_internal: NaN equals NaN and is above every other value. */
export function compareFloat(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length - b.length < 0 ? -1 : a.length > b.length ? 1 : 0;
}

/** interval_cmp_value: months as 30 days, days as 24 hours, in microseconds. */
export function intervalSpan(v: PgInterval): bigint {
  return (BigInt(v.months) * 30n + BigInt(v.days)) * 86_400_000_000n + v.micros;
}

function compareArrays(el: PgType, a: readonly Value[], b: readonly Value[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === null || y === null) {
      if (x === null && y === null) continue;
      return x === null ? 1 : -1;
    }
    const c = compare(el, x, y);
    if (c !== 0) return c;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}
