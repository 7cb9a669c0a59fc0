import { PgTypeError, SqlState } from '../errors.js';
import { PgDate, PgTime, PgTimestamp, PgTimestampTz } from '../values.js';
import { END_DATE_DAYS, MIN_DATE_DAYS, daysFromCivil, isValidTimestamp } from './calendar.js';
import { DateTimeDecodeError, type DecodedDateTime, decodeDateTime } from './decode-datetime.js';
import { type Zone, offsetAt, offsetForLocal } from './zones.js';

/** DateTimeParseError: PostgreSQL's wording for each decoding failure. */
function decodeFailure(e: DateTimeDecodeError, typeName: string, input: string): PgTypeError {
  switch (e.kind) {
    case 'field-overflow':
      return new PgTypeError(`date/time field value out of range: "${input}"`, SqlState.datetimeFieldOverflow);
    case 'md-field-overflow':
      return new PgTypeError(
        `date/time field value out of range: "${input}"`,
        SqlState.datetimeFieldOverflow,
        undefined,
        'Perhaps you need a different "datestyle" setting.',
      );
    case 'tz-overflow':
      return new PgTypeError(`time zone displacement out of range: "${input}"`, SqlState.invalidTimeZoneDisplacement);
    default:
      return new PgTypeError(`invalid input syntax for type ${typeName}: "${input}"`, SqlState.invalidDatetimeFormat);
  }
}

function decode(input: string, typeName: string, timeOnly: boolean): DecodedDateTime {
  try {
    return decodeDateTime(input, timeOnly);
  } catch (e) {
    if (e instanceof DateTimeDecodeError) throw decodeFailure(e, typeName, input);
    throw e;
  }
}

/** The clock for 'now', 'today' and friends; tests may pin it. Milliseconds since the epoch. */
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

const DAY_MS = 86_400_000;

/** Today's day number in `zone`. */
function today(zone: Zone, clock: Clock): number {
  const ms = clock.now();
  return Math.floor((ms + offsetAt(zone, ms) * 1000) / DAY_MS);
}

function relativeDay(special: string): number {
  return special === 'tomorrow' ? 1 : special === 'yesterday' ? -1 : 0;
}

export function parseDate(input: string, zone: Zone, clock: Clock = systemClock): PgDate {
  const d = decode(input, 'date', false);
  switch (d.special) {
    case 'infinity':
      return PgDate.INFINITY;
    case '-infinity':
      return PgDate.NEG_INFINITY;
    case 'epoch':
      return new PgDate(0);
    case 'now':
      return new PgDate(today(zone, clock));
    case 'today':
    case 'tomorrow':
    case 'yesterday':
      return new PgDate(today(zone, clock) + relativeDay(d.special));
    default:
      break;
  }
  const days = daysFromCivil(d.year, d.month, d.day);
  if (!validJulian(d) || days < MIN_DATE_DAYS || days >= END_DATE_DAYS) {
    throw new PgTypeError(`date out of range: "${input}"`, SqlState.datetimeFieldOverflow);
  }
  return new PgDate(days);
}

/** IS_VALID_JULIAN: from November 4714 BC to June 5874898 (month granularity, as PostgreSQL checks). */
function validJulian(d: DecodedDateTime): boolean {
  return (d.year > -4713 || (d.year === -4713 && d.month >= 11)) && (d.year < 5874898 || (d.year === 5874898 && d.month < 6));
}

export function parseTime(input: string, clock: Clock = systemClock, zone?: Zone): PgTime {
  const d = decode(input, 'time', true);
  if (d.special === 'now') {
    const now = clock.now();
    const ms = now + (zone === undefined ? 0 : offsetAt(zone, now) * 1000);
    return new PgTime((((ms % DAY_MS) + DAY_MS) % DAY_MS) * 1000);
  }
  if (d.special !== undefined) throw new PgTypeError(`invalid input syntax for type time: "${input}"`, SqlState.invalidDatetimeFormat);
  return new PgTime(((d.hour * 60 + d.minute) * 60 + d.second) * 1_000_000 + d.fsec);
}

function wallClockMicros(d: DecodedDateTime, days: number): bigint {
  // Whole seconds stay below 2^53 across PostgreSQL's range, so only the last step needs bigint.
  const seconds = days * 86_400 + (d.hour * 60 + d.minute) * 60 + d.second;
  return BigInt(seconds) * 1_000_000n + BigInt(d.fsec);
}

function timestampOutOfRange(input: string): PgTypeError {
  return new PgTypeError(`timestamp out of range: "${input}"`, SqlState.datetimeFieldOverflow);
}

/** Shared by timestamp and timestamptz: the decoded value as wall-clock microseconds, or a special. */
function decodeTimestamp(input: string, typeName: string, zone: Zone, clock: Clock): DecodedDateTime & { micros?: bigint; instant?: bigint } {
  const d: DecodedDateTime & { micros?: bigint; instant?: bigint } = decode(input, typeName, false);
  switch (d.special) {
    case 'infinity':
    case '-infinity':
      return d;
    case 'epoch':
      d.instant = 0n;
      return d;
    case 'now':
      d.instant = BigInt(clock.now()) * 1000n;
      return d;
    default:
      break;
  }
  let days: number;
  if (d.special !== undefined) days = today(zone, clock) + relativeDay(d.special);
  else if (validJulian(d)) days = daysFromCivil(d.year, d.month, d.day);
  else throw timestampOutOfRange(input);
  d.micros = wallClockMicros(d, days);
  return d;
}

export function parseTimestamp(input: string, zone: Zone, clock: Clock = systemClock): PgTimestamp {
  const d = decodeTimestamp(input, 'timestamp', zone, clock);
  if (d.special === 'infinity') return PgTimestamp.INFINITY;
  if (d.special === '-infinity') return PgTimestamp.NEG_INFINITY;
  let micros = d.micros;
  if (micros === undefined) {
    // 'epoch' and 'now' are instants; a timestamp without zone takes their wall clock in the session zone.
    const instant = d.instant!;
    micros = instant + BigInt(offsetAt(zone, Number(instant / 1000n))) * 1_000_000n;
    if (d.special === 'epoch') micros = 0n;
  }
  if (!isValidTimestamp(micros)) throw timestampOutOfRange(input);
  return new PgTimestamp(micros);
}

export function parseTimestampTz(input: string, zone: Zone, clock: Clock = systemClock): PgTimestampTz {
  const d = decodeTimestamp(input, 'timestamp with time zone', zone, clock);
  if (d.special === 'infinity') return PgTimestampTz.INFINITY;
  if (d.special === '-infinity') return PgTimestampTz.NEG_INFINITY;
  if (d.instant !== undefined) return new PgTimestampTz(d.instant);
  const local = d.micros!;
  const z = d.zone ?? zone;
  const offset = typeof z === 'number' ? z : offsetForLocal(z, Number(local / 1000n));
  const micros = offset === 0 ? local : local - BigInt(offset * 1_000_000);
  if (!isValidTimestamp(micros) || !isValidTimestamp(local)) throw timestampOutOfRange(input);
  return new PgTimestampTz(micros);
}
