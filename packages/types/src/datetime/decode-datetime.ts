import { type Field, parseFields } from './fields.js';
import { daysInMonth, rint } from './calendar.js';
import { type Zone, abbreviationOffset, ianaZone, zoneNotRecognized } from './zones.js';

/**
 * A subset of PostgreSQL's DecodeDateTime / DecodeTimeOnly: ISO 8601 and the common
 * PostgreSQL spellings ('2024-01-02 03:04:05.5+02', '2024-01-02T03:04:05Z', '01/02/2024',
 * 'Jan 2 2024', '0044-03-15 BC', 'epoch', 'infinity', 'today', 'allballs', zone names).
 */

/** Why decoding failed, in PostgreSQL's DTERR terms; the caller words the message. */
export type DateTimeErrorKind = 'bad-format' | 'field-overflow' | 'md-field-overflow' | 'tz-overflow';

export class DateTimeDecodeError extends Error {
  constructor(readonly kind: DateTimeErrorKind) {
    super(kind);
  }
}

const fail = (kind: DateTimeErrorKind): never => {
  throw new DateTimeDecodeError(kind);
};

export type DateTimeSpecial = 'infinity' | '-infinity' | 'epoch' | 'now' | 'today' | 'tomorrow' | 'yesterday';

export interface DecodedDateTime {
  special?: DateTimeSpecial;
  /** Astronomical year (1 BC = 0) after BC and two-digit-year handling. */
  year: number;
  month: number;
  day: number;
  hasDate: boolean;
  hour: number;
  minute: number;
  second: number;
  /** Microseconds, 0..1_000_000 (PostgreSQL allows the full second after rounding). */
  fsec: number;
  /** An explicit zone: seconds east of UTC, or a named zone. */
  zone?: number | Zone;
}

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5,
  jun: 6, june: 6, jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9,
  oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};
const RESERVED: Readonly<Record<string, DateTimeSpecial | 'allballs'>> = {
  infinity: 'infinity', '+infinity': 'infinity', '-infinity': '-infinity', epoch: 'epoch', now: 'now',
  today: 'today', tomorrow: 'tomorrow', yesterday: 'yesterday', allballs: 'allballs',
};

class State {
  readonly r: DecodedDateTime = { year: 0, month: 0, day: 0, hasDate: false, hour: 0, minute: 0, second: 0, fsec: 0 };
  readonly mask = new Set<string>();
  bc = false;
  is2digits = false;
  meridian: 'am' | 'pm' | undefined;
  take(...parts: string[]): void {
    for (const p of parts) if (this.mask.has(p)) fail('bad-format');
    for (const p of parts) this.mask.add(p);
  }
  has(p: string): boolean {
    return this.mask.has(p);
  }
}

/** DecodeTimeCommon: 'h:m', 'h:m:s', 'h:m:s.f', and 'm:s.f' (a fraction after two fields means minutes:seconds). */
export function decodeClock(text: string): { hour: number; minute: number; second: number; fsec: number } {
  const m = /^(\d+):(\d*)(?::(\d*))?(\.\d*)?$/.exec(text);
  if (m === null) return fail('bad-format');
  let hour = Number(m[1]);
  let minute = Number(m[2] || 0);
  let second = Number(m[3] || 0);
  const fsec = m[4] === undefined ? 0 : parseFraction(m[4]);
  if (m[3] === undefined && m[4] !== undefined) {
    second = minute;
    minute = hour;
    hour = 0;
  }
  if (minute > 59 || second > 60 || fsec > 1_000_000) fail('field-overflow');
  return { hour, minute, second, fsec };
}

/** ParseFractionalSecond: the fraction read as a double, times 10^6, rounded half to even (C rint). */
export function parseFraction(frac: string): number {
  const v = frac === '.' ? 0 : Number(frac);
  if (Number.isNaN(v)) fail('bad-format');
  return rint(v * 1_000_000);
}

/** time_overflows: each field in range and the whole no later than 24:00:00. */
function checkTimeOfDay(r: DecodedDateTime): void {
  if (r.hour > 24 || r.minute > 59 || r.second > 60 || r.fsec > 1_000_000) fail('field-overflow');
  if (((r.hour * 60 + r.minute) * 60 + r.second) * 1_000_000 + r.fsec > 86_400_000_000) fail('field-overflow');
}

/** DecodeTimezone: '+hh', '+hhmm', '+hh:mm', '+hh:mm:ss'; returns seconds east of UTC. */
export function decodeZoneOffset(text: string): number {
  const m = /^([+-])(\d+)(?::(\d+)(?::(\d+))?)?(.*)$/.exec(text);
  if (m === null) return fail('bad-format');
  let hour = Number(m[2]);
  let minute = Number(m[3] ?? 0);
  const second = Number(m[4] ?? 0);
  if (m[3] === undefined && m[5] === '' && text.length > 3) {
    minute = hour % 100;
    hour = Math.floor(hour / 100);
  }
  if (hour > 15 || minute >= 60 || second >= 60) fail('tz-overflow');
  if (m[5] !== '') fail('bad-format');
  const secs = (hour * 60 + minute) * 60 + second;
  return m[1] === '-' ? -secs : secs;
}

/** A digits-only field in a date: year, month or day by PostgreSQL's rules for ISO / MDY order. */
function decodeDateNumber(s: State, text: string): void {
  const val = Number(text);
  const r = s.r;
  if (!s.has('year') && text.length >= 3) {
    s.take('year');
    r.year = val;
  } else if (s.has('year') && !s.has('month')) {
    s.take('month');
    r.month = val;
  } else if (s.has('year') && s.has('month') && !s.has('day')) {
    s.take('day');
    r.day = val;
  } else if (!s.has('month')) {
    s.take('month');
    r.month = val;
  } else if (!s.has('day')) {
    s.take('day');
    r.day = val;
  } else if (!s.has('year')) {
    s.take('year');
    r.year = val;
    s.is2digits = text.length <= 2;
  } else {
    fail('bad-format');
  }
}

/** DecodeDate: a field such as '2024-01-02', '01/02/2024' or '2024-jan-02'. */
function decodeDateField(s: State, text: string): void {
  const parts = text.split(/[^a-z0-9]+/).filter((p) => p !== '');
  const numbers: string[] = [];
  for (const p of parts) {
    if (/^\d+$/.test(p)) {
      numbers.push(p);
    } else {
      const month = MONTHS[p];
      if (month === undefined) fail('bad-format');
      s.take('month');
      s.r.month = month!;
    }
  }
  for (const p of numbers) decodeDateNumber(s, p);
}

function decodeNumberField(s: State, f: Field, afterT: boolean): void {
  const t = f.text;
  if (afterT || (s.has('year') && s.has('month') && s.has('day') && !s.has('time') && /^\d{6}(\.\d*)?$/.test(t))) {
    // hhmmss[.fff] or hhmm run together
    const m = /^(\d{2})(\d{2})(\d{2})?(\.\d*)?$/.exec(t);
    if (m === null) fail('bad-format');
    s.take('time');
    s.r.hour = Number(m![1]);
    s.r.minute = Number(m![2]);
    s.r.second = Number(m![3] ?? 0);
    s.r.fsec = m![4] === undefined ? 0 : parseFraction(m![4]);
    return;
  }
  if (/^\d{8}$/.test(t) && !s.has('year') && !s.has('month') && !s.has('day')) {
    s.take('year', 'month', 'day');
    s.r.year = Number(t.slice(0, 4));
    s.r.month = Number(t.slice(4, 6));
    s.r.day = Number(t.slice(6, 8));
    return;
  }
  if (!/^\d+$/.test(t)) fail('bad-format');
  decodeDateNumber(s, t);
}

function decodeWord(s: State, fields: readonly Field[], i: number): boolean {
  const word = fields[i]!.text;
  const abbrev = abbreviationOffset(word);
  if (abbrev !== undefined) {
    s.take('tz');
    s.r.zone = abbrev;
    return false;
  }
  const reserved = RESERVED[word];
  if (reserved !== undefined) {
    if (reserved === 'allballs') {
      s.take('time');
      return false;
    }
    if (reserved === 'today' || reserved === 'tomorrow' || reserved === 'yesterday') {
      s.take('year', 'month', 'day');
    } else {
      s.take('year', 'month', 'day', 'time', 'tz');
    }
    s.r.special = reserved;
    return false;
  }
  if (word === 'am' || word === 'pm') {
    s.take('ampm');
    s.meridian = word;
    return false;
  }
  if (word === 'ad' || word === 'bc') {
    s.take('adbc');
    s.bc = word === 'bc';
    return false;
  }
  if (word === 't') {
    // ISO 8601's 'T': a date must precede and a time must follow.
    const next = fields[i + 1];
    if (!(s.has('year') && s.has('month') && s.has('day'))) fail('bad-format');
    if (next === undefined || (next.type !== 'number' && next.type !== 'time' && next.type !== 'date')) fail('bad-format');
    return true;
  }
  const month = MONTHS[word];
  if (month !== undefined) {
    s.take('month');
    s.r.month = month;
    return false;
  }
  const zone = ianaZone(word);
  if (zone === undefined) fail('bad-format');
  s.take('tz');
  s.r.zone = zone;
  return false;
}

// The ISO 8601 form every exporter writes; decoded directly, with the same checks, for speed.
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

function decodeIso(m: RegExpExecArray): DecodedDateTime {
  const r: DecodedDateTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hasDate: true,
    hour: m[4] === undefined ? 0 : Number(m[4]),
    minute: m[5] === undefined ? 0 : Number(m[5]),
    second: m[6] === undefined ? 0 : Number(m[6]),
    fsec: m[7] === undefined ? 0 : parseFraction(m[7]),
  };
  if (m[8] !== undefined) r.zone = m[8] === 'Z' ? 0 : decodeZoneOffset(m[8]);
  checkTimeOfDay(r);
  if (r.year <= 0) fail('field-overflow');
  if (r.month < 1 || r.month > 12 || r.day < 1 || r.day > 31) fail('md-field-overflow');
  if (r.day > daysInMonth(r.year, r.month)) fail('field-overflow');
  return r;
}

/** Decode date/time input. `timeOnly` follows DecodeTimeOnly: the date is optional. */
export function decodeDateTime(input: string, timeOnly: boolean): DecodedDateTime {
  if (!timeOnly) {
    const iso = ISO_RE.exec(input);
    if (iso !== null) return decodeIso(iso);
  }
  const fields = parseFields(input);
  if (fields === undefined || fields.length === 0) return fail('bad-format');
  const s = new State();
  const r = s.r;
  let afterT = false;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    switch (f.type) {
      case 'date':
        if (/^[a-z]/.test(f.text)) {
          // A zone name with punctuation ('america/new_york') once month and day are known.
          if (!afterT && !(s.has('month') && s.has('day'))) fail('bad-format');
          const zone = ianaZone(f.text);
          if (zone === undefined) throw zoneNotRecognized(f.text);
          s.take('tz');
          r.zone = zone;
        } else if (afterT) {
          fail('bad-format');
        } else {
          decodeDateField(s, f.text);
        }
        afterT = false;
        break;
      case 'time': {
        s.take('time');
        const c = decodeClock(f.text);
        r.hour = c.hour;
        r.minute = c.minute;
        r.second = c.second;
        r.fsec = c.fsec;
        checkTimeOfDay(r);
        afterT = false;
        break;
      }
      case 'tz':
        s.take('tz');
        r.zone = decodeZoneOffset(f.text);
        break;
      case 'number':
        decodeNumberField(s, f, afterT);
        afterT = false;
        break;
      case 'string':
      case 'special':
        afterT = decodeWord(s, fields, i);
        break;
    }
  }
  if (r.special !== undefined && r.special !== 'today' && r.special !== 'tomorrow' && r.special !== 'yesterday') return r;
  const hasDateFields = s.has('year') && s.has('month') && s.has('day');
  if (r.special !== undefined) {
    r.hasDate = true;
  } else if (hasDateFields) {
    validateDate(s);
    r.hasDate = true;
  } else if (!timeOnly || s.has('year') || s.has('month') || s.has('day')) {
    fail('bad-format');
  }
  if (timeOnly && !s.has('time')) fail('bad-format');
  if (s.meridian !== undefined) {
    if (r.hour > 12) fail('field-overflow');
    if (s.meridian === 'am' && r.hour === 12) r.hour = 0;
    else if (s.meridian === 'pm' && r.hour !== 12) r.hour += 12;
  }
  return r;
}

/** ValidateDate: BC and two-digit years, month and day ranges, then the day within its month. */
function validateDate(s: State): void {
  const r = s.r;
  if (s.bc) {
    if (r.year <= 0) fail('field-overflow');
    r.year = -(r.year - 1);
  } else if (s.is2digits) {
    r.year += r.year < 70 ? 2000 : r.year < 100 ? 1900 : 0;
  } else if (r.year <= 0) {
    fail('field-overflow');
  }
  if (r.month < 1 || r.month > 12) fail('md-field-overflow');
  if (r.day < 1 || r.day > 31) fail('md-field-overflow');
  if (r.day > daysInMonth(r.year, r.month)) fail('field-overflow');
}
