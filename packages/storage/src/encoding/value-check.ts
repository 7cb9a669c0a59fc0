import { PgDate, PgInterval, PgTime, PgTimestamp, PgTimestampTz, type PgType, type Value } from '@heliosdb/types';

/**
 * Checks that a JS value is the exact representation of a PostgreSQL type (packages/types values.ts)
 * and fits its range and modifiers. Returns a problem description for the caller to wrap with the
 * table and column, or null when the value is acceptable.
 */
export interface ValueProblem {
  code: string;
  message: string;
}

const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;
const UUID_TEXT = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export function show(v: Value): string {
  if (typeof v === 'string') return v.length > 60 ? JSON.stringify(v.slice(0, 60) + '…') : JSON.stringify(v);
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return `bytea of ${v.length} bytes`;
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return `${v.constructor.name} ${JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x))}`;
  return String(v);
}

const wrongType = (t: PgType, v: Value): ValueProblem => ({
  code: '22P02',
  message: `value ${show(v)} is not a valid ${t.name}${t.array ? '[]' : ''} (JS ${Array.isArray(v) ? 'array' : typeof v})`,
});
const outOfRange = (t: PgType, v: Value): ValueProblem => ({ code: '22003', message: `value ${show(v)} is out of range for type ${t.name}` });

function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

/**
 * For decimal text `-?digits(.digits)?`: the number of integer digits without leading zeros;
 * -1 when the text is not of that form.
 */
function numericIntegerDigits(s: string): number {
  let i = s.charCodeAt(0) === 45 ? 1 : 0;
  const start = i;
  let significant = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) break;
    if (c < 48 || c > 57) return -1;
    if (significant > 0 || c !== 48) significant++;
  }
  if (i === start) return -1;
  if (i < s.length) {
    if (i === s.length - 1) return -1;
    for (let j = i + 1; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c < 48 || c > 57) return -1;
    }
  }
  return significant;
}

export function checkScalar(t: PgType, v: Value): ValueProblem | null {
  switch (t.name) {
    case 'bool':
      return typeof v === 'boolean' ? null : wrongType(t, v);
    case 'int2':
    case 'int4': {
      if (typeof v !== 'number' || !Number.isInteger(v)) return wrongType(t, v);
      const lim = t.name === 'int2' ? 0x8000 : 0x80000000;
      return v >= -lim && v < lim ? null : outOfRange(t, v);
    }
    case 'int8':
      if (typeof v === 'number' && Number.isSafeInteger(v)) return null;
      if (typeof v !== 'bigint') return wrongType(t, v);
      return v >= INT8_MIN && v <= INT8_MAX ? null : outOfRange(t, v);
    case 'float4':
    case 'float8':
      if (typeof v !== 'number') return wrongType(t, v);
      return t.name === 'float4' && Number.isFinite(v) && !Number.isFinite(Math.fround(v)) ? outOfRange(t, v) : null;
    case 'numeric': {
      if (typeof v !== 'string') return wrongType(t, v);
      if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return null;
      const intDigits = numericIntegerDigits(v);
      if (intDigits < 0) return { code: '22P02', message: `invalid input syntax for type numeric: ${show(v)}` };
      if (t.precision !== undefined && intDigits > t.precision - (t.scale ?? 0))
        return { code: '22003', message: `numeric field overflow: ${show(v)} does not fit numeric(${t.precision},${t.scale ?? 0})` };
      return null;
    }
    case 'text':
    case 'json':
    case 'jsonb':
      return typeof v === 'string' ? null : wrongType(t, v);
    case 'varchar':
    case 'bpchar': {
      if (typeof v !== 'string') return wrongType(t, v);
      if (t.length !== undefined && codePoints(v) > t.length) {
        const s = t.name === 'varchar' ? 'character varying' : 'character';
        return { code: '22001', message: `value too long for type ${s}(${t.length}): ${show(v)}` };
      }
      return null;
    }
    case 'bytea':
      return v instanceof Uint8Array ? null : wrongType(t, v);
    case 'date':
      if (!(v instanceof PgDate)) return wrongType(t, v);
      if (v.days === Infinity || v.days === -Infinity) return null;
      if (!Number.isInteger(v.days)) return wrongType(t, v);
      return Math.abs(v.days) < 0x7fffffff ? null : outOfRange(t, v);
    case 'time':
      if (!(v instanceof PgTime) || !Number.isInteger(v.micros)) return wrongType(t, v);
      return v.micros >= 0 && v.micros <= 86_400_000_000 ? null : outOfRange(t, v);
    case 'timestamp':
    case 'timestamptz': {
      const cls = t.name === 'timestamp' ? PgTimestamp : PgTimestampTz;
      if (!(v instanceof cls) || typeof v.micros !== 'bigint') return wrongType(t, v);
      return v.micros >= INT8_MIN && v.micros <= INT8_MAX ? null : outOfRange(t, v);
    }
    case 'interval':
      if (!(v instanceof PgInterval) || typeof v.micros !== 'bigint') return wrongType(t, v);
      if (!Number.isInteger(v.months) || !Number.isInteger(v.days)) return wrongType(t, v);
      return Math.abs(v.months) < 2 ** 31 && Math.abs(v.days) < 2 ** 31 && v.micros >= INT8_MIN && v.micros <= INT8_MAX ? null : outOfRange(t, v);
    case 'uuid':
      return typeof v === 'string' && UUID_TEXT.test(v) ? null : wrongType(t, v);
  }
}

/** Checks a non-null value of type `t`, arrays element by element. */
export function checkValue(t: PgType, v: Value): ValueProblem | null {
  if (!t.array) return checkScalar(t, v);
  if (!Array.isArray(v)) return wrongType(t, v);
  const el = { ...t, array: false };
  for (const x of v as Value[]) {
    if (x === null) continue;
    const p = checkScalar(el, x);
    if (p) return p;
  }
  return null;
}

export type ValueChecker = (v: Value) => ValueProblem | null;

/** A checker specialised for one column type: the common scalar types skip the generic dispatch. */
export function checkerFor(t: PgType): ValueChecker {
  if (t.array) return (v) => checkValue(t, v);
  switch (t.name) {
    case 'int4':
      return (v) => (typeof v === 'number' && (v | 0) === v ? null : checkScalar(t, v));
    case 'int8':
      return (v) => (typeof v === 'bigint' && v >= INT8_MIN && v <= INT8_MAX ? null : checkScalar(t, v));
    case 'float8':
      return (v) => (typeof v === 'number' ? null : checkScalar(t, v));
    case 'text':
      return (v) => (typeof v === 'string' ? null : checkScalar(t, v));
    case 'bool':
      return (v) => (typeof v === 'boolean' ? null : checkScalar(t, v));
    case 'bytea':
      return (v) => (v instanceof Uint8Array ? null : checkScalar(t, v));
    case 'timestamptz':
      return (v) => (v instanceof PgTimestampTz ? null : checkScalar(t, v));
    case 'timestamp':
      return (v) => (v instanceof PgTimestamp ? null : checkScalar(t, v));
    default:
      return (v) => checkScalar(t, v);
  }
}
