import type { PgDate, PgInterval, PgTime, PgTimestamp, PgTimestampTz } from '../values.js';
import { TIMESTAMP_INFINITY, TIMESTAMP_NEG_INFINITY } from '../values.js';
import { civilFromDays } from './calendar.js';
import { type Zone, offsetAt } from './zones.js';

/** Output with DateStyle ISO and IntervalStyle postgres (EncodeDateOnly, EncodeDateTime, EncodeInterval). */

const pad = (n: number | bigint, width: number): string => n.toString().padStart(width, '0');

function yearText(y: number): string {
  return pad(y > 0 ? y : 1 - y, 4);
}

function dateText(days: number): { text: string; bc: boolean } {
  const [y, m, d] = civilFromDays(days);
  return { text: `${yearText(y)}-${pad(m, 2)}-${pad(d, 2)}`, bc: y <= 0 };
}

export function formatDate(v: PgDate): string {
  if (v.days === Infinity) return 'infinity';
  if (v.days === -Infinity) return '-infinity';
  const { text, bc } = dateText(v.days);
  return bc ? `${text} BC` : text;
}

/** AppendSeconds: two-digit seconds and up to six fraction digits without trailing zeros. */
function secondsText(sec: number, fsec: number): string {
  if (fsec === 0) return pad(sec, 2);
  return `${pad(sec, 2)}.${pad(fsec, 6).replace(/0+$/, '')}`;
}

function clockText(micros: number): string {
  const totalSec = Math.floor(micros / 1_000_000);
  const fsec = micros - totalSec * 1_000_000;
  const h = Math.floor(totalSec / 3600);
  const m = Math.floor((totalSec % 3600) / 60);
  return `${pad(h, 2)}:${pad(m, 2)}:${secondsText(totalSec % 60, fsec)}`;
}

export function formatTime(v: PgTime): string {
  return clockText(v.micros);
}

function splitMicros(micros: bigint): { days: number; clock: number } {
  let days = micros / 86_400_000_000n;
  let rest = micros % 86_400_000_000n;
  if (rest < 0n) {
    rest += 86_400_000_000n;
    days -= 1n;
  }
  return { days: Number(days), clock: Number(rest) };
}

export function formatTimestamp(v: PgTimestamp): string {
  if (v.micros === TIMESTAMP_INFINITY) return 'infinity';
  if (v.micros === TIMESTAMP_NEG_INFINITY) return '-infinity';
  const { days, clock } = splitMicros(v.micros);
  const { text, bc } = dateText(days);
  return `${text} ${clockText(clock)}${bc ? ' BC' : ''}`;
}

/** EncodeTimezone: +hh, +hh:mm or +hh:mm:ss as the offset needs. */
export function offsetText(offsetSec: number): string {
  const sign = offsetSec >= 0 ? '+' : '-';
  const a = Math.abs(offsetSec);
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  const s = a % 60;
  if (s !== 0) return `${sign}${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}`;
  if (m !== 0) return `${sign}${pad(h, 2)}:${pad(m, 2)}`;
  return `${sign}${pad(h, 2)}`;
}

export function formatTimestampTz(v: PgTimestampTz, zone: Zone): string {
  if (v.micros === TIMESTAMP_INFINITY) return 'infinity';
  if (v.micros === TIMESTAMP_NEG_INFINITY) return '-infinity';
  const offset = offsetAt(zone, Number(v.micros / 1000n) - (v.micros < 0n && v.micros % 1000n !== 0n ? 1 : 0));
  const { days, clock } = splitMicros(v.micros + BigInt(offset) * 1_000_000n);
  const { text, bc } = dateText(days);
  return `${text} ${clockText(clock)}${offsetText(offset)}${bc ? ' BC' : ''}`;
}

/** EncodeInterval, IntervalStyle postgres: '1 year 2 mons -3 days +04:05:06.5'. */
export function formatInterval(v: PgInterval): string {
  const parts: string[] = [];
  let isBefore = false;
  let isZero = true;
  const year = Math.trunc(v.months / 12);
  const mon = v.months - year * 12;
  for (const [value, unit] of [
    [year, 'year'],
    [mon, 'mon'],
    [v.days, 'day'],
  ] as const) {
    if (value === 0) continue;
    // Each nonzero field shows '+' when the one before it was negative.
    parts.push(`${isBefore && value > 0 ? '+' : ''}${value} ${unit}${value !== 1 ? 's' : ''}`);
    isBefore = value < 0;
    isZero = false;
  }
  const t = v.micros;
  if (isZero || t !== 0n) {
    const minus = t < 0n;
    const a = minus ? -t : t;
    const hours = a / 3_600_000_000n;
    const rest = Number(a % 3_600_000_000n);
    const min = Math.floor(rest / 60_000_000);
    const sec = Math.floor((rest % 60_000_000) / 1_000_000);
    const fsec = rest % 1_000_000;
    parts.push(`${minus ? '-' : isBefore ? '+' : ''}${pad(hours, 2)}:${pad(min, 2)}:${secondsText(sec, fsec)}`);
  }
  return parts.join(' ');
}
