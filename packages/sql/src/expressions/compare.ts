/**
 * Comparison, equality and hashing of values by type. Fast paths for numbers, bigints and strings;
 * everything else goes through @heliosdb/types' compare.
 */
import { type PgType, type Value, PgDate, PgInterval, PgTime, PgTimestamp, PgTimestampTz } from '@heliosdb/types';
import { type SqlType, isUnknown } from '../analyzer/sql-type.js';
import { compareValues } from '../values/types-api.js';

export type Comparator = (a: Value, b: Value) => number;

function cmpNumber(a: number, b: number): number {
  // float8_cmp: NaN sorts above everything and equals itself.
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpCodePoints(a: string, b: string): number {
  // "C" collation: byte order of UTF-8, which is code point order (not UTF-16 unit order).
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

export function intervalSpan(i: PgInterval): bigint {
  return (BigInt(i.months) * 30n + BigInt(i.days)) * 86_400_000_000n + i.micros;
}

export function comparatorFor(t: SqlType): Comparator {
  if (isUnknown(t)) return (a, b) => cmpCodePoints(a as string, b as string);
  if (t.array) {
    const elem = comparatorFor({ ...t, array: false });
    return (a, b) => {
      const x = a as Value[];
      const y = b as Value[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const p = x[i]!;
        const q = y[i]!;
        if (p === null || q === null) {
          if (p === q) continue;
          return p === null ? 1 : -1;
        }
        const c = elem(p, q);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    };
  }
  switch (t.name) {
    case 'int2':
    case 'int4':
    case 'float4':
    case 'float8':
      return (a, b) => cmpNumber(a as number, b as number);
    case 'int8':
      return (a, b) => ((a as bigint) < (b as bigint) ? -1 : (a as bigint) > (b as bigint) ? 1 : 0);
    case 'text':
    case 'varchar':
      return (a, b) => cmpCodePoints(a as string, b as string);
    case 'bpchar':
      return (a, b) => cmpCodePoints((a as string).replace(/ +$/, ''), (b as string).replace(/ +$/, ''));
    case 'bool':
      return (a, b) => (a === b ? 0 : a ? 1 : -1);
    case 'date':
      return (a, b) => cmpNumber((a as PgDate).days, (b as PgDate).days);
    case 'time':
      return (a, b) => cmpNumber((a as PgTime).micros, (b as PgTime).micros);
    case 'timestamp':
    case 'timestamptz':
      return (a, b) => {
        const x = (a as PgTimestamp | PgTimestampTz).micros;
        const y = (b as PgTimestamp | PgTimestampTz).micros;
        return x < y ? -1 : x > y ? 1 : 0;
      };
    case 'interval':
      return (a, b) => {
        const x = intervalSpan(a as PgInterval);
        const y = intervalSpan(b as PgInterval);
        return x < y ? -1 : x > y ? 1 : 0;
      };
    case 'uuid':
      return (a, b) => ((a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0);
    case 'bytea':
      return (a, b) => Buffer.compare(a as Uint8Array, b as Uint8Array);
    default:
      return (a, b) => compareValues(t as PgType, a, b);
  }
}

const NULL_KEY = Symbol('NULL');

/**
 * A Map key that is the same (SameValueZero) for values PostgreSQL considers equal: the value itself for
 * integers, bigints, bool and text (C collation: equal strings), floats with -0 as 0 (NaN equals NaN, as in
 * PostgreSQL), one symbol for NULL; else hashKeyFor's string. Cheaper than a string per row for the common keys.
 */
export function mapKeyFor(t: SqlType): (v: Value) => unknown {
  if (!isUnknown(t) && !t.array) {
    switch (t.name) {
      case 'int2':
      case 'int4':
      case 'int8':
      case 'bool':
      case 'text':
      case 'varchar':
        return (v) => (v === null ? NULL_KEY : v);
      case 'float4':
      case 'float8':
        return (v) => (v === null ? NULL_KEY : v === 0 ? 0 : v);
    }
  }
  return hashKeyFor(t);
}

/** A string that is equal for values PostgreSQL considers equal (GROUP BY, DISTINCT, set operations). */
export function hashKeyFor(t: SqlType): (v: Value) => string {
  if (isUnknown(t)) return (v) => (v === null ? '\u0000N' : `s${v as string}`);
  if (t.array) {
    const elem = hashKeyFor({ ...t, array: false });
    return (v) => (v === null ? '\u0000N' : `[${(v as Value[]).map(elem).join('\u0001')}]`);
  }
  const k = scalarKey(t);
  return (v) => (v === null ? '\u0000N' : k(v));
}

function scalarKey(t: PgType): (v: Value) => string {
  switch (t.name) {
    case 'numeric':
      return (v) => {
        const s = v as string;
        return s.includes('.') ? s.replace(/\.?0+$/, '').replace(/^-0$/, '0') : s;
      };
    case 'float4':
    case 'float8':
      return (v) => String((v as number) === 0 ? 0 : v);
    case 'bpchar':
      return (v) => (v as string).replace(/ +$/, '');
    case 'date':
      return (v) => String((v as PgDate).days);
    case 'time':
      return (v) => String((v as PgTime).micros);
    case 'timestamp':
    case 'timestamptz':
      return (v) => String((v as PgTimestamp).micros);
    case 'interval':
      return (v) => String(intervalSpan(v as PgInterval));
    case 'bytea':
      return (v) => Buffer.from(v as Uint8Array).toString('hex');
    default:
      return (v) => String(v);
  }
}
