/**
 * Calendar arithmetic on the microsecond temporal classes: proleptic Gregorian dates as day numbers
 * since 1970-01-01, and the conversions between date, timestamp, timestamptz and time.
 */
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import { PgDate, PgTime, PgTimestamp, PgTimestampTz, TIMESTAMP_INFINITY, TIMESTAMP_NEG_INFINITY } from '@heliosdb/types';

export const MICROS_PER_DAY = 86_400_000_000n;
export const MICROS_PER_DAY_N = 86_400_000_000;

/** Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface Civil {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function civilFromDays(days: number): Civil {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
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
  // performance.timeOrigin + now() gives sub-millisecond resolution.
  const ms = performance.timeOrigin + performance.now();
  return BigInt(Math.floor(ms * 1000));
}
