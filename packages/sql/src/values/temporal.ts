/**
 * Calendar arithmetic on the microsecond temporal classes: proleptic Gregorian dates as day numbers
 * since 1970-01-01, and the conversions between date, timestamp, timestamptz and time.
 */
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import {
  PgDate,
  PgTime,
  PgTimestamp,
  PgTimestampTz,
  TIMESTAMP_INFINITY,
  TIMESTAMP_NEG_INFINITY,
  civilFromDays as civilFromDayNumber,
  daysFromCivil,
} from '@heliosdb/types';

export const MICROS_PER_DAY = 86_400_000_000n;
export const MICROS_PER_DAY_N = 86_400_000_000;

export { daysFromCivil, isLeapYear, daysInMonth } from '@heliosdb/types';

export interface Civil {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** The civil date of a day number (days since 1970-01-01), as a record. */
export function civilFromDays(days: number): Civil {
  const [year, month, day] = civilFromDayNumber(days);
  return { year, month, day };
}

export function isInfiniteMicros(m: bigint): boolean {
  return m === TIMESTAMP_INFINITY || m === TIMESTAMP_NEG_INFINITY;
}

export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

export function dateToMicros(d: PgDate): bigint {
  if (d.days === Infinity) return TIMESTAMP_INFINITY;
  if (d.days === -Infinity) return TIMESTAMP_NEG_INFINITY;
  return BigInt(d.days) * MICROS_PER_DAY;
}

export function microsToDate(m: bigint): PgDate {
  if (m === TIMESTAMP_INFINITY) return PgDate.INFINITY;
  if (m === TIMESTAMP_NEG_INFINITY) return PgDate.NEG_INFINITY;
  return new PgDate(Number(floorDiv(m, MICROS_PER_DAY)));
}

export function microsToTime(m: bigint): PgTime {
  return new PgTime(Number(m - floorDiv(m, MICROS_PER_DAY) * MICROS_PER_DAY));
}

/** Broken-down wall-clock fields of a timestamp's microseconds. */
export interface Fields extends Civil {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly micro: number;
}

export function fieldsOf(micros: bigint): Fields {
  const days = floorDiv(micros, MICROS_PER_DAY);
  let rest = Number(micros - days * MICROS_PER_DAY);
  const civil = civilFromDays(Number(days));
  const hour = Math.floor(rest / 3_600_000_000);
  rest -= hour * 3_600_000_000;
  const minute = Math.floor(rest / 60_000_000);
  rest -= minute * 60_000_000;
  const second = Math.floor(rest / 1_000_000);
  return { ...civil, hour, minute, second, micro: rest - second * 1_000_000 };
}

export function microsOf(f: Fields): bigint {
  const days = BigInt(daysFromCivil(f.year, f.month, f.day));
  return days * MICROS_PER_DAY + BigInt(((f.hour * 60 + f.minute) * 60 + f.second) * 1_000_000 + f.micro);
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneFormatter(name: string): Intl.DateTimeFormat {
  let f = zoneFormatters.get(name);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone: name, hourCycle: 'h23', era: 'short', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    } catch {
      throw new SqlError(SqlState.invalidParameterValue, `time zone "${name}" not recognized`);
    }
    zoneFormatters.set(name, f);
  }
  return f;
}

/**
 * Seconds east of UTC of `timeZone` at the instant `utcMicros`: UTC, ISO offsets ('+05:30'), and IANA
 * names through Intl (the same tz database PostgreSQL uses).
 */
export function zoneOffsetSeconds(timeZone: string, utcMicros = 0n): number {
  const tz = timeZone.trim();
  const upper = tz.toUpperCase();
  if (upper === 'UTC' || upper === 'GMT' || upper === 'Z' || upper === 'ETC/UTC' || upper === 'ZULU') return 0;
  const m = /^([+-])?(\d{1,2})(?::?(\d{2}))?$/.exec(tz);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60);
  const ms = Number(floorDiv(utcMicros, 1000n));
  // Intl handles years 1..9999 reliably; clamp so extreme timestamps still get a sensible offset.
  const clamped = Math.min(Math.max(ms, -62_135_596_800_000), 253_402_300_799_000);
  const parts = zoneFormatter(tz).formatToParts(new Date(clamped));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const era = parts.find((p) => p.type === 'era')?.value;
  const year = era === 'BC' || era === 'B' ? 1 - get('year') : get('year');
  const wall = Date.UTC(2000, get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) + (daysFromCivil(year, 1, 1) - daysFromCivil(2000, 1, 1)) * 86_400_000;
  return Math.round((wall - Math.floor(clamped / 1000) * 1000) / 1000);
}

export function timestamptzToLocal(v: PgTimestampTz, timeZone: string): PgTimestamp {
  if (isInfiniteMicros(v.micros)) return new PgTimestamp(v.micros);
  return new PgTimestamp(v.micros + BigInt(zoneOffsetSeconds(timeZone, v.micros)) * 1_000_000n);
}

export function localToTimestamptz(v: PgTimestamp, timeZone: string): PgTimestampTz {
  if (isInfiniteMicros(v.micros)) return new PgTimestampTz(v.micros);
  const first = BigInt(zoneOffsetSeconds(timeZone, v.micros)) * 1_000_000n;
  const second = BigInt(zoneOffsetSeconds(timeZone, v.micros - first)) * 1_000_000n;
  return new PgTimestampTz(v.micros - second);
}

export function nowMicros(): bigint {
  return microsAt(performance.now());
}

/** The instant `performance.now()` returned `at`, in microseconds since the Unix epoch. */
export function microsAt(at: number): bigint {
  // performance.timeOrigin + now() gives sub-millisecond resolution.
  return BigInt(Math.floor((performance.timeOrigin + at) * 1000));
}
