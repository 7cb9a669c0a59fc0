import { PgInterval } from '../values.js';
import { PgTypeError, SqlState } from '../errors.js';
import { type Field, parseFields } from './fields.js';
import { DateTimeDecodeError, decodeClock } from './decode-datetime.js';

/**
 * interval_in: PostgreSQL's own format ('1 year 2 mons 3 days 04:05:06.5', '@ 1 hour ago',
 * '-1 day +02:00:00', '1-2', '3 4:05:06') through DecodeInterval, and ISO 8601
 * ('P1Y2M3DT4H5M6S', 'P0001-02-03T04:05:06') through DecodeISO8601Interval when the first fails.
 */

type Unit = 'microsecond' | 'millisecond' | 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year' | 'decade' | 'century' | 'millennium';

// deltatktbl, matched on the first 10 characters as PostgreSQL's TOKMAXLEN does.
const UNITS: Readonly<Record<string, Unit | 'ago'>> = {
  ago: 'ago',
  c: 'century', cent: 'century', centuries: 'century', century: 'century',
  d: 'day', day: 'day', days: 'day',
  dec: 'decade', decade: 'decade', decades: 'decade', decs: 'decade',
  h: 'hour', hour: 'hour', hours: 'hour', hr: 'hour', hrs: 'hour',
  m: 'minute', min: 'minute', mins: 'minute', minute: 'minute', minutes: 'minute',
  microsecon: 'microsecond', us: 'microsecond', usec: 'microsecond', usecs: 'microsecond', useconds: 'microsecond',
  mil: 'millennium', millennia: 'millennium', millennium: 'millennium', mils: 'millennium',
  millisecon: 'millisecond', ms: 'millisecond', msec: 'millisecond', msecs: 'millisecond', mseconds: 'millisecond',
  mon: 'month', mons: 'month', month: 'month', months: 'month',
  s: 'second', sec: 'second', second: 'second', seconds: 'second', secs: 'second',
  w: 'week', week: 'week', weeks: 'week',
  y: 'year', year: 'year', years: 'year', yr: 'year', yrs: 'year',
};

const USEC: Partial<Record<Unit, bigint>> = {
  microsecond: 1n,
  millisecond: 1000n,
  second: 1_000_000n,
  minute: 60_000_000n,
  hour: 3_600_000_000n,
};
const YEARS: Partial<Record<Unit, number>> = { year: 1, decade: 10, century: 100, millennium: 1000 };
const USECS_PER_DAY = 86_400_000_000;
const INT64_MAX = 0x7fffffffffffffffn;
const INT32_MAX = 2147483647;

/** The accumulator PostgreSQL calls pg_itm_in. */
class Acc {
  years = 0;
  months = 0;
  days = 0;
  usec = 0n;
  addUsec(v: bigint): void {
    this.usec += v;
    if (this.usec > INT64_MAX || this.usec < -INT64_MAX - 1n) overflow();
  }
  addDays(v: number): void {
    this.days += v;
    if (Math.abs(this.days) > INT32_MAX) overflow();
  }
  addMonths(v: number): void {
    this.months += v;
    if (Math.abs(this.months) > INT32_MAX) overflow();
  }
  addYears(v: number): void {
    this.years += v;
    if (Math.abs(this.years) > INT32_MAX) overflow();
  }
  /** AdjustFractMicroseconds: truncate, then round a remainder beyond one half (exactly .5 truncates). */
  fractUsec(frac: number, scale: number): void {
    if (frac === 0) return;
    const f = frac * scale;
    let usec = Math.trunc(f);
    const rest = f - usec;
    if (rest > 0.5) usec++;
    else if (rest < -0.5) usec--;
    this.addUsec(BigInt(usec));
  }
  /** AdjustFractDays: whole days, then the rest as microseconds. */
  fractDays(frac: number, scale: number): void {
    if (frac === 0) return;
    const f = frac * scale;
    const extra = Math.trunc(f);
    this.addDays(extra);
    this.fractUsec(f - extra, USECS_PER_DAY);
  }
  /** AdjustFractYears: whole months, rounded. */
  fractYears(frac: number, scale: number): void {
    this.addMonths(Math.round(rintLike(frac * scale * 12)));
  }
  addUnit(unit: Unit, val: bigint, fval: number): void {
    const usecScale = USEC[unit];
    if (usecScale !== undefined) {
      this.addUsec(val * usecScale);
      this.fractUsec(fval, Number(usecScale));
      return;
    }
    const years = YEARS[unit];
    if (years !== undefined) {
      this.addYears(toInt32(val * BigInt(years)));
      this.fractYears(fval, years);
      return;
    }
    switch (unit) {
      case 'day':
        this.addDays(toInt32(val));
        this.fractUsec(fval, USECS_PER_DAY);
        break;
      case 'week':
        this.addDays(toInt32(val * 7n));
        this.fractDays(fval, 7);
        break;
      case 'month':
        this.addMonths(toInt32(val));
        this.fractDays(fval, 30);
        break;
      default:
        break;
    }
  }
}

function rintLike(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 ? 2 * Math.round(x / 2) : r;
}

function toInt32(v: bigint): number {
  if (v > 2147483647n || v < -2147483648n) overflow();
  return Number(v);
}

class IntervalOverflow extends Error {}
function overflow(): never {
  throw new IntervalOverflow();
}

function badFormat(): never {
  throw new DateTimeDecodeError('bad-format');
}

// Masks that make repeated fields an error; a time field claims hours, minutes and all seconds.
const SECOND_MASKS = ['second', 'millisecond', 'microsecond'];

function decodeInterval(fields: readonly Field[]): Acc {
  const acc = new Acc();
  const mask = new Set<string>();
  const take = (...parts: string[]): void => {
    for (const p of parts) if (mask.has(p)) badFormat();
    for (const p of parts) mask.add(p);
  };
  let type: Unit | undefined;
  let ago = false;
  // Read backwards so each number meets the unit written after it.
  for (let i = fields.length - 1; i >= 0; i--) {
    const f = fields[i]!;
    switch (f.type) {
      case 'time':
        take('hour', 'minute', ...SECOND_MASKS);
        addClock(acc, f.text, false);
        type = 'day';
        break;
      case 'tz':
        if (f.text.includes(':') && tryClock(f.text)) {
          take('hour', 'minute', ...SECOND_MASKS);
          addClock(acc, f.text.slice(1), f.text.startsWith('-'));
          type = 'day';
          break;
        }
        decodeNumber(acc, f.text, type ?? 'second', take);
        break;
      case 'date':
      case 'number':
        decodeNumber(acc, f.text, type ?? 'second', take);
        break;
      case 'string':
      case 'special': {
        const unit = UNITS[f.text.slice(0, 10)];
        if (unit === undefined) badFormat();
        if (unit === 'ago') ago = true;
        else type = unit;
        break;
      }
    }
  }
  if (mask.size === 0) badFormat();
  if (ago) {
    acc.usec = -acc.usec;
    acc.days = -acc.days;
    acc.months = -acc.months;
    acc.years = -acc.years;
  }
  return acc;
}

function tryClock(text: string): boolean {
  try {
    decodeClock(text.slice(1));
    return true;
  } catch {
    return false;
  }
}

function addClock(acc: Acc, text: string, negative: boolean): void {
  const c = decodeClock(text);
  let usec = BigInt(c.fsec) + BigInt(c.second) * 1_000_000n + BigInt(c.minute) * 60_000_000n + BigInt(c.hour) * 3_600_000_000n;
  if (negative) usec = -usec;
  acc.addUsec(usec);
}

/** A number field: integer part by strtoi64, then a fraction or a SQL 'years-months' tail. */
function decodeNumber(acc: Acc, text: string, unit: Unit, take: (...p: string[]) => void): void {
  const m = /^([+-]?)(\d*)(.*)$/.exec(text)!;
  const negative = m[1] === '-';
  const digits = m[2]!;
  const rest = m[3]!;
  let val = digits === '' ? 0n : BigInt(digits);
  if (val > INT64_MAX) overflow();
  if (negative) val = -val;
  let fval = 0;
  if (rest.startsWith('-')) {
    const mm = /^-(\d+)$/.exec(rest);
    if (mm === null) badFormat();
    const months = Number(mm![1]);
    if (months >= 12) overflow();
    val = val * 12n + BigInt(negative ? -months : months);
    unit = 'month';
  } else if (rest.startsWith('.')) {
    if (rest !== '.') {
      if (!/^\.\d*([eE][+-]?\d+)?$/.test(rest)) badFormat();
      fval = Number(rest);
    }
    if (negative) fval = -fval;
  } else if (rest !== '') {
    badFormat();
  }
  // Seconds with a fraction also claim milli- and microseconds (DTK_ALL_SECS_M).
  if (unit === 'second' && fval !== 0) take(...SECOND_MASKS);
  else take(unit);
  acc.addUnit(unit, val, fval);
}

/** strtod's prefix for ISO 8601 numbers: PostgreSQL accepts what strtod takes, '-' and '.' starts only. */
const ISO_NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;

function isoNumber(s: string, pos: number): { val: number; ipart: bigint; fpart: number; end: number } {
  const c = s[pos];
  if (!(c !== undefined && ((c >= '0' && c <= '9') || c === '-' || c === '.'))) badFormat();
  const m = ISO_NUMBER.exec(s.slice(pos));
  if (m === null) return badFormat();
  const val = Number(m[0]);
  if (Number.isNaN(val) || val < -1e15 || val > 1e15) overflow();
  const ipart = val >= 0 ? Math.floor(val) : -Math.floor(-val);
  return { val, ipart: BigInt(ipart), fpart: val - ipart, end: pos + m[0].length };
}

function integerWidth(s: string, pos: number): number {
  let p = pos;
  if (s[p] === '-' || s[p] === '+') p++;
  let n = 0;
  while (s[p + n] !== undefined && s[p + n]! >= '0' && s[p + n]! <= '9') n++;
  return n;
}

/** DecodeISO8601Interval: designators (P1Y2M3W4DT5H6M7.5S) or the alternative format (P0001-02-03T04:05:06). */
function decodeIso8601(s: string): Acc {
  if (s.length < 2 || s[0] !== 'P') badFormat();
  const acc = new Acc();
  let pos = 1;
  let datePart = true;
  let haveField = false;
  while (pos < s.length) {
    if (s[pos] === 'T') {
      datePart = false;
      haveField = false;
      pos++;
      continue;
    }
    const fieldStart = pos;
    let n = isoNumber(s, pos);
    pos = n.end;
    const unit = s[pos] ?? '';
    pos++;
    if (datePart) {
      switch (unit) {
        case 'Y':
          acc.addYears(toInt32(n.ipart));
          acc.fractYears(n.fpart, 1);
          break;
        case 'M':
          acc.addMonths(toInt32(n.ipart));
          acc.fractDays(n.fpart, 30);
          break;
        case 'W':
          acc.addDays(toInt32(n.ipart * 7n));
          acc.fractDays(n.fpart, 7);
          break;
        case 'D':
          acc.addDays(toInt32(n.ipart));
          acc.fractUsec(n.fpart, USECS_PER_DAY);
          break;
        case 'T':
        case '':
        case '-': {
          if ((unit === 'T' || unit === '') && integerWidth(s, fieldStart) === 8 && !haveField) {
            const v = n.ipart;
            acc.addYears(toInt32(v / 10000n));
            acc.addMonths(toInt32((v / 100n) % 100n));
            acc.addDays(toInt32(v % 100n));
            acc.fractUsec(n.fpart, USECS_PER_DAY);
            if (unit === '') return acc;
            datePart = false;
            haveField = false;
            continue;
          }
          if (haveField) badFormat();
          acc.addYears(toInt32(n.ipart));
          acc.fractYears(n.fpart, 1);
          if (unit === '') return acc;
          if (unit === 'T') {
            datePart = false;
            haveField = false;
            continue;
          }
          n = isoNumber(s, pos);
          pos = n.end;
          acc.addMonths(toInt32(n.ipart));
          acc.fractDays(n.fpart, 30);
          if (pos >= s.length) return acc;
          if (s[pos] === 'T') {
            datePart = false;
            haveField = false;
            pos++;
            continue;
          }
          if (s[pos] !== '-') badFormat();
          pos++;
          n = isoNumber(s, pos);
          pos = n.end;
          acc.addDays(toInt32(n.ipart));
          acc.fractUsec(n.fpart, USECS_PER_DAY);
          if (pos >= s.length) return acc;
          if (s[pos] === 'T') {
            datePart = false;
            haveField = false;
            pos++;
            continue;
          }
          badFormat();
          break;
        }
        default:
          badFormat();
      }
    } else {
      switch (unit) {
        case 'H':
          acc.addUsec(n.ipart * 3_600_000_000n);
          acc.fractUsec(n.fpart, 3_600_000_000);
          break;
        case 'M':
          acc.addUsec(n.ipart * 60_000_000n);
          acc.fractUsec(n.fpart, 60_000_000);
          break;
        case 'S':
          acc.addUsec(n.ipart * 1_000_000n);
          acc.fractUsec(n.fpart, 1_000_000);
          break;
        case '':
        case ':': {
          if (unit === '' && integerWidth(s, fieldStart) === 6 && !haveField) {
            const v = n.ipart;
            acc.addUsec((v / 10000n) * 3_600_000_000n + ((v / 100n) % 100n) * 60_000_000n + (v % 100n) * 1_000_000n);
            acc.fractUsec(n.fpart, 1_000_000);
            return acc;
          }
          if (haveField) badFormat();
          acc.addUsec(n.ipart * 3_600_000_000n);
          acc.fractUsec(n.fpart, 3_600_000_000);
          if (unit === '') return acc;
          n = isoNumber(s, pos);
          pos = n.end;
          acc.addUsec(n.ipart * 60_000_000n);
          acc.fractUsec(n.fpart, 60_000_000);
          if (pos >= s.length) return acc;
          if (s[pos] !== ':') badFormat();
          pos++;
          n = isoNumber(s, pos);
          pos = n.end;
          acc.addUsec(n.ipart * 1_000_000n);
          acc.fractUsec(n.fpart, 1_000_000);
          if (pos >= s.length) return acc;
          badFormat();
          break;
        }
        default:
          badFormat();
      }
    }
    haveField = true;
  }
  return acc;
}

/** Parse interval text as PostgreSQL 15 does (IntervalStyle postgres), with its error messages. */
export function parseInterval(input: string): PgInterval {
  let acc: Acc;
  try {
    try {
      const fields = parseFields(input);
      if (fields === undefined) badFormat();
      acc = decodeInterval(fields!);
    } catch (e) {
      if (!(e instanceof DateTimeDecodeError) || e.kind !== 'bad-format') throw e;
      acc = decodeIso8601(input);
    }
  } catch (e) {
    if (e instanceof IntervalOverflow || (e instanceof DateTimeDecodeError && e.kind === 'field-overflow')) {
      throw new PgTypeError(`interval field value out of range: "${input}"`, SqlState.intervalFieldOverflow);
    }
    if (e instanceof DateTimeDecodeError) {
      throw new PgTypeError(`invalid input syntax for type interval: "${input}"`, SqlState.invalidDatetimeFormat);
    }
    throw e;
  }
  const months = acc.years * 12 + acc.months;
  if (months > INT32_MAX || months < -INT32_MAX - 1) {
    throw new PgTypeError('interval out of range', SqlState.datetimeFieldOverflow);
  }
  return new PgInterval(months + 0, acc.days + 0, acc.usec);
}
