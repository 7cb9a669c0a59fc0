import { PgInterval } from '../values.js';
import { PgTypeError, SqlState } from '../errors.js';
import { type Field, parseFields } from './fields.js';
import { DateTimeDecodeError, decodeClock } from './decode-datetime.js';
import { Acc, INT32_MAX, INT64_MAX, IntervalOverflow, type Unit, badFormat, overflow } from './interval-accumulator.js';
import { decodeIso8601 } from './interval-iso8601.js';

/**
 * interval_in: PostgreSQL's own format ('1 year 2 mons 3 days 04:05:06.5', '@ 1 hour ago',
 * '-1 day +02:00:00', '1-2', '3 4:05:06') through DecodeInterval, and ISO 8601
 * ('P1Y2M3DT4H5M6S', 'P0001-02-03T04:05:06') through DecodeISO8601Interval when the first fails.
 */

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
