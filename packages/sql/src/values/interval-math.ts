/** Interval arithmetic and timestamp ± interval, with PostgreSQL's month-end clamping. */
import { PgInterval } from '@heliosdb/types';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import { civilFromDays, daysFromCivil, daysInMonth, floorDiv, isInfiniteMicros, MICROS_PER_DAY } from './temporal.js';

const INT32_MAX = 2147483647;

function intervalOverflow(): SqlError {
  return new SqlError(SqlState.datetimeFieldOverflow, 'interval out of range');
}

function checked(months: number, days: number, micros: bigint): PgInterval {
  if (Math.abs(months) > INT32_MAX || Math.abs(days) > INT32_MAX) throw intervalOverflow();
  return new PgInterval(months, days, micros);
}

export function addIntervals(a: PgInterval, b: PgInterval): PgInterval {
  return checked(a.months + b.months, a.days + b.days, a.micros + b.micros);
}

export function negateInterval(a: PgInterval): PgInterval {
  return new PgInterval(-a.months || 0, -a.days || 0, -a.micros);
}

/** interval_mul: fractional months spill into days (30 per month) and fractional days into microseconds. */
export function multiplyInterval(a: PgInterval, f: number): PgInterval {
  if (Number.isNaN(f)) throw new SqlError(SqlState.datetimeFieldOverflow, 'interval out of range');
  const monthsF = a.months * f;
  const months = Math.trunc(monthsF);
  const daysF = a.days * f + (monthsF - months) * 30;
  const days = Math.trunc(daysF);
  const microsF = Number(a.micros) * f + (daysF - days) * 86_400_000_000;
  if (!Number.isFinite(microsF)) throw intervalOverflow();
  return checked(months, days, BigInt(Math.round(microsF)));
}

/** Adds months (clamping the day to the month's end), then days, then microseconds to wall-clock micros. */
export function addIntervalToMicros(micros: bigint, i: PgInterval, sign: 1 | -1): bigint {
  if (isInfiniteMicros(micros)) return micros;
  let m = micros;
  if (i.months !== 0) {
    const days = floorDiv(m, MICROS_PER_DAY);
    const timeOfDay = m - days * MICROS_PER_DAY;
    const c = civilFromDays(Number(days));
    const total = c.year * 12 + (c.month - 1) + sign * i.months;
    const year = Math.floor(total / 12);
    const month = total - year * 12 + 1;
    const day = Math.min(c.day, daysInMonth(year, month));
    m = BigInt(daysFromCivil(year, month, day)) * MICROS_PER_DAY + timeOfDay;
  }
  m += BigInt(sign * i.days) * MICROS_PER_DAY;
  m += sign === 1 ? i.micros : -i.micros;
  return m;
}

/** timestamp - timestamp: whole days and the remaining microseconds (interval_justify_hours). */
export function subtractMicros(a: bigint, b: bigint): PgInterval {
  const diff = a - b;
  const days = diff / MICROS_PER_DAY; // truncates toward zero, as PG's justify_hours does
  return new PgInterval(0, Number(days), diff - days * MICROS_PER_DAY);
}
