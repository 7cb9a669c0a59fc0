/** Date/time functions: clocks, date_trunc, extract/date_part, age, make_date, to_char. */
import { type Value, PgDate, PgInterval, PgTime, PgTimestamp, PgTimestampTz, T } from '@heliosdb/types';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import { checkDate } from '../values/temporal-range.js';
import {
  type Fields,
  MICROS_PER_DAY,
  daysFromCivil,
  daysInMonth,
  fieldsOf,
  isInfiniteMicros,
  localToTimestamptz,
  microsOf,
  nowMicros,
  timestamptzToLocal,
  zoneOffsetSeconds,
} from '../values/temporal.js';
import { checkTimestamp } from '../values/temporal-range.js';
import { type FunctionDef, fixed } from './function-def.js';
import { toChar } from './to-char.js';

function f(name: string, args: FunctionDef['args'], result: FunctionDef['result'], impl: FunctionDef['impl'], extra: Partial<FunctionDef> = {}): FunctionDef {
  return { name, args, result, impl, ...extra };
}

const UNITS = ['microseconds', 'milliseconds', 'second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year', 'decade', 'century', 'millennium'];
const UNIT_ALIASES: Record<string, string> = { microsecond: 'microseconds', us: 'microseconds', millisecond: 'milliseconds', ms: 'milliseconds', seconds: 'second', sec: 'second', secs: 'second', s: 'second', minutes: 'minute', min: 'minute', mins: 'minute', m: 'minute', hours: 'hour', h: 'hour', hr: 'hour', hrs: 'hour', days: 'day', d: 'day', weeks: 'week', w: 'week', months: 'month', mon: 'month', mons: 'month', quarters: 'quarter', qtr: 'quarter', years: 'year', y: 'year', yr: 'year', yrs: 'year', decades: 'decade', centuries: 'century', millenniums: 'millennium', millennia: 'millennium' };

function unitName(u: string): string {
  const l = u.toLowerCase();
  return UNIT_ALIASES[l] ?? l;
}

function truncFields(unit: string, x: Fields, typeName: string): Fields {
  const u = unitName(unit);
  const z = { hour: 0, minute: 0, second: 0, micro: 0 };
  switch (u) {
    case 'millennium': return { year: Math.floor((x.year - 1) / 1000) * 1000 + 1, month: 1, day: 1, ...z };
    case 'century': return { year: Math.floor((x.year - 1) / 100) * 100 + 1, month: 1, day: 1, ...z };
    case 'decade': return { year: Math.floor(x.year / 10) * 10, month: 1, day: 1, ...z };
    case 'year': return { year: x.year, month: 1, day: 1, ...z };
    case 'quarter': return { year: x.year, month: Math.floor((x.month - 1) / 3) * 3 + 1, day: 1, ...z };
    case 'month': return { ...x, day: 1, ...z };
    case 'week': {
      const days = daysFromCivil(x.year, x.month, x.day);
      const dow = (((days + 3) % 7) + 7) % 7; // 0 = Monday
      return { ...fieldsOf(BigInt(days - dow) * MICROS_PER_DAY) };
    }
    case 'day': return { ...x, ...z };
    case 'hour': return { ...x, minute: 0, second: 0, micro: 0 };
    case 'minute': return { ...x, second: 0, micro: 0 };
    case 'second': return { ...x, micro: 0 };
    case 'milliseconds': return { ...x, micro: Math.floor(x.micro / 1000) * 1000 };
    case 'microseconds': return x;
    default:
      throw new SqlError(SqlState.featureNotSupported, `unit "${unit}" not supported for type ${typeName}`);
  }
}

function dateTrunc(unit: string, micros: bigint, typeName: string): bigint {
  if (isInfiniteMicros(micros)) return micros;
  if (!UNITS.includes(unitName(unit))) throw new SqlError(SqlState.invalidParameterValue, `unit "${unit}" not recognized for type ${typeName}`);
  return microsOf(truncFields(unit, fieldsOf(micros), typeName));
}

/** extract(field FROM source) as numeric text (PG 14+), for a timestamp's wall-clock fields. */
function extractTimestamp(field: string, micros: bigint, typeName: string, isDate = false): string {
  const x = fieldsOf(micros);
  const days = Number((micros - (micros % MICROS_PER_DAY + MICROS_PER_DAY) % MICROS_PER_DAY) / MICROS_PER_DAY);
  const secs = x.second * 1_000_000 + x.micro;
  const u = unitName(field);
  const dateOnly = (v: number | string) => String(v);
  switch (u) {
    case 'year': return dateOnly(x.year > 0 ? x.year : x.year - 1);
    case 'month': return dateOnly(x.month);
    case 'day': return dateOnly(x.day);
    case 'quarter': return dateOnly(Math.floor((x.month - 1) / 3) + 1);
    case 'decade': return dateOnly(Math.floor(x.year / 10));
    case 'century': return dateOnly(x.year > 0 ? Math.floor((x.year + 99) / 100) : -Math.floor((99 - (x.year - 1)) / 100));
    case 'millennium': return dateOnly(x.year > 0 ? Math.floor((x.year + 999) / 1000) : -Math.floor((999 - (x.year - 1)) / 1000));
    case 'dow': return dateOnly((((days + 4) % 7) + 7) % 7);
    case 'isodow': { const d = (((days + 4) % 7) + 7) % 7; return dateOnly(d === 0 ? 7 : d); }
    case 'doy': return dateOnly(days - daysFromCivil(x.year, 1, 1) + 1);
    case 'week': return dateOnly(isoWeek(x.year, x.month, x.day).week);
    case 'isoyear': return dateOnly(isoWeek(x.year, x.month, x.day).year);
    case 'julian': if (isDate) return dateOnly(days + 2440588); break;
    case 'epoch': {
      if (isDate) return String(BigInt(days) * 86400n);
      return microsToDecimal(micros, 6);
    }
    default: break;
  }
  if (isDate) {
    const known = ['hour', 'minute', 'second', 'milliseconds', 'microseconds', 'timezone', 'timezone_hour', 'timezone_minute'].includes(u);
    if (known) throw new SqlError(SqlState.featureNotSupported, `unit "${field}" not supported for type date`);
    throw new SqlError(SqlState.invalidParameterValue, `unit "${field}" not recognized for type date`);
  }
  switch (u) {
    case 'hour': return String(x.hour);
    case 'minute': return String(x.minute);
    case 'second': return microsToDecimal(BigInt(secs), 6);
    case 'milliseconds': return microsToDecimal(BigInt(secs), 3);
    case 'microseconds': return String(secs);
    default:
      throw new SqlError(SqlState.invalidParameterValue, `unit "${field}" not recognized for type ${typeName}`);
  }
}

/** n micro-units as a decimal with `scale` digits: scale 6 -> seconds, 3 -> milliseconds. */
function microsToDecimal(v: bigint, scale: number): string {
  const neg = v < 0n;
  const a = neg ? -v : v;
  const s = a.toString().padStart(7, '0');
  const int = s.slice(0, s.length - 6).replace(/^0+(?=\d)/, '');
  const frac = s.slice(s.length - 6);
  const out = scale === 6 ? `${int}.${frac}` : `${int}${frac.slice(0, 3)}.${frac.slice(3)}`.replace(/^0+(?=\d)/, '');
  return (neg ? '-' : '') + out;
}

function isoWeek(y: number, m: number, d: number): { year: number; week: number } {
  const days = daysFromCivil(y, m, d);
  const dow = (((days + 3) % 7) + 7) % 7; // Monday = 0
  const thursday = days - dow + 3;
  const ty = fieldsOf(BigInt(thursday) * MICROS_PER_DAY).year;
  return { year: ty, week: Math.floor((thursday - daysFromCivil(ty, 1, 1)) / 7) + 1 };
}

function extractInterval(field: string, i: PgInterval): string {
  const u = unitName(field);
  const timeMicros = i.micros;
  switch (u) {
    case 'year': return String(Math.trunc(i.months / 12));
    case 'month': return String(i.months % 12);
    case 'day': return String(i.days);
    case 'hour': return String(timeMicros / 3_600_000_000n);
    case 'minute': return String((timeMicros / 60_000_000n) % 60n);
    case 'second': return microsToDecimal(timeMicros % 60_000_000n, 6);
    case 'milliseconds': return microsToDecimal(timeMicros % 60_000_000n, 3);
    case 'microseconds': return String(timeMicros % 60_000_000n);
    case 'epoch': {
      const secs = BigInt(Math.trunc(i.months / 12)) * 31557600n * 1_000_000n + BigInt(i.months % 12) * 30n * 86_400_000_000n + BigInt(i.days) * 86_400_000_000n + timeMicros;
      return microsToDecimal(secs, 6);
    }
    default:
      throw new SqlError(SqlState.invalidParameterValue, `unit "${field}" not recognized for type interval`);
  }
}

function extractTime(field: string, t: PgTime): string {
  return extractTimestamp(field, BigInt(t.micros), 'time without time zone');
}

/** age(a, b): years, months and days between two wall-clock timestamps, borrowing like PostgreSQL's timestamp_age. */
export function age(a: bigint, b: bigint): PgInterval {
  const x = fieldsOf(a);
  const y = fieldsOf(b);
  const neg = a < b;
  const [hi, lo] = neg ? [y, x] : [x, y];
  let micro = hi.micro - lo.micro;
  let second = hi.second - lo.second;
  let minute = hi.minute - lo.minute;
  let hour = hi.hour - lo.hour;
  let day = hi.day - lo.day;
  let month = hi.month - lo.month;
  let year = hi.year - lo.year;
  if (micro < 0) { micro += 1_000_000; second--; }
  if (second < 0) { second += 60; minute--; }
  if (minute < 0) { minute += 60; hour--; }
  if (hour < 0) { hour += 24; day--; }
  if (day < 0) {
    const pm = lo.month;
    day += daysInMonth(lo.year, pm);
    month--;
  }
  if (month < 0) { month += 12; year--; }
  const sign = neg ? -1 : 1;
  const micros = BigInt(((hour * 60 + minute) * 60 + second) * 1_000_000 + micro);
  return new PgInterval(sign * (year * 12 + month) || 0, sign * day || 0, neg ? -micros : micros);
}

const tsOf = (v: Value) => (v as PgTimestamp).micros;

export const DATETIME_FUNCTIONS: readonly FunctionDef[] = [
  f('now', [], T.timestamptz, fixed((_a, ctx) => ctx.transactionStart), { volatile: true }),
  f('transaction_timestamp', [], T.timestamptz, fixed((_a, ctx) => ctx.transactionStart), { volatile: true }),
  f('statement_timestamp', [], T.timestamptz, fixed((_a, ctx) => ctx.statementStart), { volatile: true }),
  f('clock_timestamp', [], T.timestamptz, fixed(() => new PgTimestampTz(nowMicros())), { volatile: true }),
  f('date_trunc', [T.text, T.timestamp], T.timestamp, fixed(([u, v]) => new PgTimestamp(dateTrunc(u as string, tsOf(v!), 'timestamp without time zone')))),
  f('date_trunc', [T.text, T.timestamptz], T.timestamptz, fixed(([u, v], ctx) => {
    const local = timestamptzToLocal(v as PgTimestampTz, ctx.timeZone);
    return localToTimestamptz(new PgTimestamp(dateTrunc(u as string, local.micros, 'timestamp with time zone')), ctx.timeZone);
  })),
  f('date_trunc', [T.text, T.interval], T.interval, fixed(([u, v]) => {
    const i = v as PgInterval;
    const unit = unitName(u as string);
    const order = ['microseconds', 'milliseconds', 'second', 'minute', 'hour', 'day', 'month', 'year'];
    const k = order.indexOf(unit);
    if (k < 0) throw new SqlError(SqlState.featureNotSupported, `unit "${u as string}" not supported for type interval`);
    const um = [1n, 1000n, 1_000_000n, 60_000_000n, 3_600_000_000n][k];
    const micros = um ? (i.micros / um) * um : 0n;
    const days = k >= 6 ? 0 : i.days;
    const months = k >= 7 ? Math.trunc(i.months / 12) * 12 : i.months;
    return new PgInterval(months, days, micros);
  })),
  f('extract', [T.text, T.timestamp], T.numeric(), fixed(([u, v]) => extractTimestamp(u as string, tsOf(v!), 'timestamp without time zone'))),
  f('extract', [T.text, T.timestamptz], T.numeric(), fixed(([u, v], ctx) => {
    if (unitName(u as string) === 'epoch') return extractTimestamp('epoch', (v as PgTimestampTz).micros, 'timestamp with time zone');
    return extractTimestamp(u as string, timestamptzToLocal(v as PgTimestampTz, ctx.timeZone).micros, 'timestamp with time zone');
  })),
  f('extract', [T.text, T.date], T.numeric(), fixed(([u, v]) => extractTimestamp(u as string, BigInt((v as PgDate).days) * MICROS_PER_DAY, 'date', true))),
  f('extract', [T.text, T.time], T.numeric(), fixed(([u, v]) => extractTime(u as string, v as PgTime))),
  f('extract', [T.text, T.interval], T.numeric(), fixed(([u, v]) => extractInterval(u as string, v as PgInterval))),
  f('date_part', [T.text, T.timestamp], T.float8, fixed(([u, v]) => Number(extractTimestamp(u as string, tsOf(v!), 'timestamp without time zone')))),
  f('date_part', [T.text, T.timestamptz], T.float8, fixed(([u, v], ctx) => {
    if (unitName(u as string) === 'epoch') return Number(extractTimestamp('epoch', (v as PgTimestampTz).micros, 'timestamp with time zone'));
    return Number(extractTimestamp(u as string, timestamptzToLocal(v as PgTimestampTz, ctx.timeZone).micros, 'timestamp with time zone'));
  })),
  f('date_part', [T.text, T.interval], T.float8, fixed(([u, v]) => Number(extractInterval(u as string, v as PgInterval)))),
  f('date_part', [T.text, T.time], T.float8, fixed(([u, v]) => Number(extractTime(u as string, v as PgTime)))),
  f('age', [T.timestamp, T.timestamp], T.interval, fixed(([a, b]) => age(tsOf(a!), tsOf(b!)))),
  f('age', [T.timestamptz, T.timestamptz], T.interval, fixed(([a, b], ctx) => age(timestamptzToLocal(a as PgTimestampTz, ctx.timeZone).micros, timestamptzToLocal(b as PgTimestampTz, ctx.timeZone).micros))),
  f('age', [T.timestamp], T.interval, fixed(([a], ctx) => {
    const today = timestamptzToLocal(ctx.transactionStart, ctx.timeZone).micros;
    return age(today - (((today % MICROS_PER_DAY) + MICROS_PER_DAY) % MICROS_PER_DAY), tsOf(a!));
  })),
  f('make_date', [T.int4, T.int4, T.int4], T.date, fixed(([y, m, d]) => {
    const yy = y as number; const mm = m as number; const dd = d as number;
    if (mm < 1 || mm > 12 || dd < 1 || yy === 0 || dd > daysInMonth(yy < 0 ? yy + 1 : yy, mm)) {
      throw new SqlError(SqlState.datetimeFieldOverflow, `date field value out of range: ${yy}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`);
    }
    return checkDate(daysFromCivil(yy < 0 ? yy + 1 : yy, mm, dd));
  })),
  f('make_timestamp', [T.int4, T.int4, T.int4, T.int4, T.int4, T.float8], T.timestamp, fixed(([y, mo, d, h, mi, s]) => {
    const sec = s as number;
    return new PgTimestamp(microsOf({ year: y as number, month: mo as number, day: d as number, hour: h as number, minute: mi as number, second: Math.floor(sec), micro: Math.round((sec % 1) * 1e6) }));
  })),
  f('to_char', [T.timestamp, T.text], T.text, fixed(([v, fmt]) => toChar(tsOf(v!), fmt as string))),
  f('to_char', [T.timestamptz, T.text], T.text, fixed(([v, fmt], ctx) => toChar(timestamptzToLocal(v as PgTimestampTz, ctx.timeZone).micros, fmt as string))),
  f('to_char', [T.interval, T.text], T.text, fixed(([v, fmt]) => {
    const i = v as PgInterval;
    return toChar(BigInt(i.days) * MICROS_PER_DAY + i.micros, fmt as string, true);
  })),
  f('isfinite', [T.date], T.bool, fixed(([v]) => Number.isFinite((v as PgDate).days))),
  f('isfinite', [T.timestamp], T.bool, fixed(([v]) => !isInfiniteMicros(tsOf(v!)))),
  f('justify_days', [T.interval], T.interval, fixed(([v]) => {
    const i = v as PgInterval;
    return new PgInterval(i.months + Math.trunc(i.days / 30), i.days % 30, i.micros);
  })),
  f('justify_hours', [T.interval], T.interval, fixed(([v]) => {
    const i = v as PgInterval;
    return new PgInterval(i.months, i.days + Number(i.micros / MICROS_PER_DAY), i.micros % MICROS_PER_DAY);
  })),
  f('justify_interval', [T.interval], T.interval, fixed(([v]) => justifyInterval(v as PgInterval))),
  f('make_time', [T.int4, T.int4, T.float8], T.time, fixed(([h, m, sec]) => {
    const hh = h as number; const mm = m as number; const ss = sec as number;
    if (hh < 0 || hh > 24 || mm < 0 || mm > 59 || ss < 0 || ss > 60 || (hh === 24 && (mm > 0 || ss > 0))) {
      throw new SqlError(SqlState.datetimeFieldOverflow, `time field value out of range: ${hh}:${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}`);
    }
    return new PgTime(hh * 3_600_000_000 + mm * 60_000_000 + Math.round(ss * 1e6));
  })),
  f('to_timestamp', [T.float8], T.timestamptz, fixed(([v]) => {
    const x = v as number;
    if (x === Infinity) return PgTimestampTz.INFINITY;
    if (x === -Infinity) return PgTimestampTz.NEG_INFINITY;
    if (Number.isNaN(x)) throw new SqlError(SqlState.datetimeFieldOverflow, 'timestamp cannot be NaN');
    return new PgTimestampTz(checkTimestamp(BigInt(Math.round(x * 1e6))));
  })),
  // AT TIME ZONE: timestamptz -> the zone's wall clock; timestamp -> the instant it is in the zone.
  f('timezone', [T.text, T.timestamptz], T.timestamp, fixed(([z, v]) => timestamptzToLocal(v as PgTimestampTz, zoneName(z as string)))),
  f('timezone', [T.text, T.timestamp], T.timestamptz, fixed(([z, v]) => localToTimestamptz(v as PgTimestamp, zoneName(z as string)))),
];

function zoneName(z: string): string {
  zoneOffsetSeconds(z);
  return z;
}

/** interval_justify_interval (timestamp.c): days and time folded into months and days with one sign. */
function justifyInterval(span: PgInterval): PgInterval {
  const DAY = MICROS_PER_DAY;
  let month = span.months;
  let day = span.days;
  let time = span.micros;
  if ((day > 0 && time > 0n) || (day < 0 && time < 0n)) {
    const whole = Math.trunc(day / 30);
    day -= whole * 30;
    month += whole;
  }
  const wholeDay = time / DAY;
  time -= wholeDay * DAY;
  day += Number(wholeDay);
  const wholeMonth = Math.trunc(day / 30);
  day -= wholeMonth * 30;
  month += wholeMonth;
  if (month > 0 && (day < 0 || (day === 0 && time < 0n))) {
    day += 30;
    month--;
  } else if (month < 0 && (day > 0 || (day === 0 && time > 0n))) {
    day -= 30;
    month++;
  }
  if (day > 0 && time < 0n) {
    time += DAY;
    day--;
  } else if (day < 0 && time > 0n) {
    time -= DAY;
    day++;
  }
  return new PgInterval(month, day, time);
}
