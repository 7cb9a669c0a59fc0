import { PgTypeError, SqlState } from './errors.js';
import { type Decimal, leadingExponent, roundTo } from './numeric/decimal.js';

/**
 * Type modifiers applied to values: numeric(p,s) rounding and overflow, fractional-second
 * precision of time, timestamp and interval (half away from zero, as PostgreSQL rounds).
 */

/** apply_typmod: round to the scale, then the integer digits must fit in p - s. */
export function applyNumericTypmod(d: Decimal, precision: number, scale: number): Decimal {
  if (d.special !== undefined) {
    if (d.special === 'NaN') return d;
    throw new PgTypeError(
      'numeric field overflow',
      SqlState.numericValueOutOfRange,
      `A field with precision ${precision}, scale ${scale} cannot hold an infinite value.`,
    );
  }
  const r = roundTo(d, scale);
  const maxDigits = precision - scale;
  if (r.coef !== 0n && leadingExponent(r) + 1 > maxDigits) {
    const bound = maxDigits !== 0 ? `10^${maxDigits}` : '1';
    throw new PgTypeError(
      'numeric field overflow',
      SqlState.numericValueOutOfRange,
      `A field with precision ${precision}, scale ${scale} must round to an absolute value less than ${bound}.`,
    );
  }
  return r;
}

const SCALES = [1_000_000, 100_000, 10_000, 1000, 100, 10, 1];

/** AdjustTimeForTypmod: round microseconds to `precision` fraction digits (half up; times are non-negative). */
export function roundTimeMicros(micros: number, precision: number | undefined): number {
  if (precision === undefined || precision >= 6) return micros;
  const scale = SCALES[precision]!;
  return Math.floor((micros + scale / 2) / scale) * scale;
}

/** Half away from zero on a signed microsecond count. */
function roundSigned(micros: bigint, precision: number): bigint {
  const scale = BigInt(SCALES[precision]!);
  const half = scale / 2n;
  if (micros >= 0n) return ((micros + half) / scale) * scale;
  return -(((-micros + half) / scale) * scale);
}

/** PostgreSQL counts timestamps from 2000-01-01, and the sign decides the rounding direction. */
const PG_EPOCH_OFFSET = 946_684_800_000_000n;

/** AdjustTimestampForTypmod, on our 1970-based microseconds. */
export function roundTimestampMicros(micros: bigint, precision: number | undefined): bigint {
  if (precision === undefined || precision >= 6) return micros;
  return roundSigned(micros - PG_EPOCH_OFFSET, precision) + PG_EPOCH_OFFSET;
}

/** AdjustIntervalForTypmod's precision part: the time field only. */
export function roundIntervalMicros(micros: bigint, precision: number | undefined): bigint {
  if (precision === undefined || precision >= 6) return micros;
  return roundSigned(micros, precision);
}
