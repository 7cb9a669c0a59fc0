import { PgTypeError, SqlState } from './errors.js';
import type { PgType } from './pg-type.js';
import { elementType } from './pg-type.js';
import { formatTypeName } from './type-name.js';
import type { Value } from './values.js';
import {
  PgDate,
  PgInterval,
  PgTime,
  PgTimestamp,
  PgTimestampTz,
  TIMESTAMP_INFINITY,
  TIMESTAMP_NEG_INFINITY,
} from './values.js';
import { END_DATE_DAYS, MIN_DATE_DAYS, isValidTimestamp } from './datetime/calendar.js';
import { formatDecimal, parseDecimal } from './numeric/decimal.js';
import { codePointLength } from './io/character.js';
import { applyNumericTypmod } from './typmod.js';
import { UUID_CANONICAL } from './io/uuid.js';
import { parseJson, parseJsonb } from './io/json.js';

/**
 * Check that `value` is the exact JS representation of `type` (values.ts), including the
 * modifiers: varchar(n) length, char(n) padding, numeric(p,s) already rounded and in
 * numeric_out form, jsonb in normalised form. null (SQL NULL) passes: NOT NULL is a
 * constraint, not a property of the type. Throws PgTypeError (SQLSTATE 22000 / 42804).
 */
export function checkValue(type: PgType, value: Value): void {
  const problem = findProblem(type, value);
  if (problem !== undefined) {
    throw new PgTypeError(
      `invalid ${formatTypeName(type)} value ${describe(value)}: ${problem}`,
      SqlState.datatypeMismatch,
    );
  }
}

/** True when `value` is null or a valid representation of `type` (see checkValue). */
export function isValueOfType(type: PgType, value: Value): boolean {
  return findProblem(type, value) === undefined;
}

function describe(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}...` : v);
  if (v instanceof Uint8Array) return `Uint8Array(${v.length})`;
  if (Array.isArray(v)) return `array(${v.length})`;
  if (typeof v === 'object' && v !== null) return `${v.constructor.name}${JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x))}`;
  if (typeof v === 'number' && Object.is(v, -0)) return '-0';
  return String(v);
}

const INT_RANGE = { int2: [-32768, 32767], int4: [-2147483648, 2147483647] } as const;

function findProblem(type: PgType, value: Value): string | undefined {
  if (value === null) return undefined;
  if (type.array) {
    if (!Array.isArray(value)) return 'expected a JS array';
    const el = elementType(type);
    for (let i = 0; i < value.length; i++) {
      const p = findProblem(el, value[i] as Value);
      if (p !== undefined) return `element ${i + 1}: ${p}`;
    }
    return undefined;
  }
  switch (type.name) {
    case 'bool':
      return typeof value === 'boolean' ? undefined : 'expected a boolean';
    case 'int2':
    case 'int4': {
      const [lo, hi] = INT_RANGE[type.name];
      return typeof value === 'number' && Number.isInteger(value) && value >= lo && value <= hi && !Object.is(value, -0)
        ? undefined
        : `expected an integer number in ${lo}..${hi}`;
    }
    case 'int8':
      return typeof value === 'bigint' && value >= -(2n ** 63n) && value < 2n ** 63n ? undefined : 'expected a bigint in the int64 range';
    case 'float4':
      if (typeof value !== 'number') return 'expected a number';
      return Number.isNaN(value) || Math.fround(value) === value ? undefined : 'expected a number exactly representable in single precision';
    case 'float8':
      return typeof value === 'number' ? undefined : 'expected a number';
    case 'numeric':
      return checkNumeric(type, value);
    case 'text':
    case 'varchar':
    case 'bpchar':
      return checkCharacter(type, value);
    case 'bytea':
      return value instanceof Uint8Array ? undefined : 'expected a Uint8Array';
    case 'uuid':
      return typeof value === 'string' && UUID_CANONICAL.test(value) ? undefined : 'expected a lower-case 8-4-4-4-12 uuid string';
    case 'json':
      if (typeof value !== 'string') return 'expected JSON text';
      return validates(() => parseJson(value));
    case 'jsonb':
      if (typeof value !== 'string') return 'expected JSON text';
      try {
        return parseJsonb(value) === value ? undefined : "expected PostgreSQL's normalised jsonb text (use textIn)";
      } catch (e) {
        return (e as Error).message;
      }
    case 'date':
      if (!(value instanceof PgDate)) return 'expected a PgDate';
      return Math.abs(value.days) === Infinity || (Number.isInteger(value.days) && value.days >= MIN_DATE_DAYS && value.days < END_DATE_DAYS)
        ? undefined
        : 'days must be an integer within 4714-11-24 BC .. 5874897-12-31';
    case 'time':
      if (!(value instanceof PgTime)) return 'expected a PgTime';
      if (!Number.isInteger(value.micros) || value.micros < 0 || value.micros > 86_400_000_000) return 'micros must be an integer in 0..86400000000';
      return precisionProblem(BigInt(value.micros), type.precision);
    case 'timestamp':
    case 'timestamptz': {
      const ok = type.name === 'timestamp' ? value instanceof PgTimestamp : value instanceof PgTimestampTz;
      if (!ok) return `expected a ${type.name === 'timestamp' ? 'PgTimestamp' : 'PgTimestampTz'}`;
      const micros = (value as PgTimestamp).micros;
      if (typeof micros !== 'bigint') return 'micros must be a bigint';
      if (micros === TIMESTAMP_INFINITY || micros === TIMESTAMP_NEG_INFINITY) return undefined;
      if (!isValidTimestamp(micros)) return 'timestamp out of range';
      return precisionProblem(micros, type.precision);
    }
    case 'interval': {
      if (!(value instanceof PgInterval)) return 'expected a PgInterval';
      const int32 = (n: number): boolean => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647;
      if (!int32(value.months) || !int32(value.days)) return 'months and days must be int32 integers';
      if (typeof value.micros !== 'bigint' || value.micros < -(2n ** 63n) || value.micros >= 2n ** 63n) return 'micros must be an int64 bigint';
      return precisionProblem(value.micros, type.precision);
    }
  }
}

function validates(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

function precisionProblem(micros: bigint, precision: number | undefined): string | undefined {
  if (precision === undefined || precision >= 6) return undefined;
  const unit = 10n ** BigInt(6 - precision);
  return micros % unit === 0n ? undefined : `more fractional-second digits than precision ${precision}`;
}

function checkNumeric(type: PgType, value: Value): string | undefined {
  if (typeof value !== 'string') return 'expected numeric text';
  let d;
  try {
    d = parseDecimal(value);
  } catch {
    return 'expected numeric text';
  }
  if (formatDecimal(d) !== value) return `expected numeric_out form ${JSON.stringify(formatDecimal(d))}`;
  if (type.precision !== undefined) {
    try {
      const fitted = formatDecimal(applyNumericTypmod(d, type.precision, type.scale ?? 0));
      if (fitted !== value) return `not rounded to numeric(${type.precision},${type.scale ?? 0}): expected ${JSON.stringify(fitted)}`;
    } catch (e) {
      return (e as Error).message;
    }
  }
  return undefined;
}

function checkCharacter(type: PgType, value: Value): string | undefined {
  if (typeof value !== 'string') return 'expected a string';
  if (value.includes('\u0000')) return 'text cannot contain NUL (U+0000)';
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value)) return 'lone UTF-16 surrogate cannot be encoded in UTF-8';
  if (type.length === undefined) return undefined;
  const n = codePointLength(value);
  if (type.name === 'varchar' && n > type.length) return `longer than ${type.length} characters`;
  if (type.name === 'bpchar' && n !== type.length) return `expected exactly ${type.length} characters (blank-padded)`;
  return undefined;
}
