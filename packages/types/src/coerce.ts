import type { PgType } from './pg-type.js';
import { elementType } from './pg-type.js';
import type { Value } from './values.js';
import { PgInterval, PgTime, PgTimestamp, PgTimestampTz, TIMESTAMP_INFINITY, TIMESTAMP_NEG_INFINITY } from './values.js';
import { checkValue } from './check-value.js';
import { fitBpchar, fitVarchar } from './io/character.js';
import { formatDecimal, parseDecimal } from './numeric/decimal.js';
import { applyNumericTypmod, roundIntervalMicros, roundTimeMicros, roundTimestampMicros } from './typmod.js';

export interface CoerceOptions {
  /**
   * An explicit cast ('abcd'::text::varchar(3)) truncates strings silently; assignment
   * (INSERT, UPDATE) rejects non-space characters beyond the length with 22001. Default false.
   */
  readonly explicit?: boolean;
}

/**
 * Apply `type`'s modifiers to a value already in the base type's representation:
 * varchar(n) length, char(n) padding, numeric(p,s) rounding and overflow (22003),
 * time/timestamp/interval fractional-second precision. Arrays apply it to each element.
 * null is returned as is.
 */
export function coerceToType(type: PgType, value: Value, opts?: CoerceOptions): Value {
  if (value === null) return null;
  if (type.array) {
    if (!Array.isArray(value)) checkValue(type, value);
    const el = elementType(type);
    return (value as readonly Value[]).map((v) => coerceToType(el, v, opts));
  }
  const explicit = opts?.explicit ?? false;
  switch (type.name) {
    case 'varchar':
      if (typeof value !== 'string') break;
      return fitVarchar(value, type.length, explicit);
    case 'bpchar':
      if (typeof value !== 'string') break;
      return fitBpchar(value, type.length, explicit);
    case 'numeric':
      if (typeof value !== 'string') break;
      if (type.precision === undefined) return formatDecimal(parseDecimal(value));
      return formatDecimal(applyNumericTypmod(parseDecimal(value), type.precision, type.scale ?? 0));
    case 'time':
      if (!(value instanceof PgTime)) break;
      return type.precision === undefined ? value : new PgTime(roundTimeMicros(value.micros, type.precision));
    case 'timestamp':
    case 'timestamptz': {
      if (!(value instanceof PgTimestamp) && !(value instanceof PgTimestampTz)) break;
      const m = value.micros;
      if (type.precision === undefined || m === TIMESTAMP_INFINITY || m === TIMESTAMP_NEG_INFINITY) return value;
      const r = roundTimestampMicros(m, type.precision);
      return value instanceof PgTimestamp ? new PgTimestamp(r) : new PgTimestampTz(r);
    }
    case 'interval':
      if (!(value instanceof PgInterval)) break;
      return type.precision === undefined ? value : new PgInterval(value.months, value.days, roundIntervalMicros(value.micros, type.precision));
    default:
      break;
  }
  checkValue({ ...type, length: undefined, precision: undefined, scale: undefined }, value);
  return value;
}
