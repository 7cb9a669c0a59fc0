/**
 * Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01), with
 * astronomical years (1 BC is year 0, 2 BC is -1) as PostgreSQL uses internally.
 */

/** Days since 1970-01-01 of the civil date y-m-d (m 1..12). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yearOfEra = yy - era * 400;
  const monthFromMarch = (m + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + d - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The civil date [year, month, day] of a day number. */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const d = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const m = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  return [yearOfEra + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

export function isLeapYear(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : DAYS_IN_MONTH[m - 1]!;
}

export const USECS_PER_SEC = 1_000_000;
export const USECS_PER_DAY = 86_400_000_000;
export const USECS_PER_DAY_N = 86_400_000_000n;

/** Julian day 0 (4714-11-24 BC) is PostgreSQL's first date and timestamp. */
export const MIN_DATE_DAYS = -2440588;
/** 5874898-01-01: the first day after PostgreSQL's last date. */
export const END_DATE_DAYS = 2145042906;
export const MIN_TIMESTAMP = -210866803200000000n;
/**
 * PostgreSQL's timestamps end before 294277-01-01; ours stop one microsecond before the int64
 * maximum, which values.ts reserves for 'infinity' (294247-01-10 04:00:54.775807).
 */
export const END_TIMESTAMP = 0x7fffffffffffffffn;

export function isValidTimestamp(micros: bigint): boolean {
  return micros >= MIN_TIMESTAMP && micros < END_TIMESTAMP;
}

/** C's rint(): round half to even, as PostgreSQL rounds fractional seconds. */
export function rint(x: number): number {
  const r = Math.round(x);
  if (Math.abs(x - Math.trunc(x)) === 0.5) return 2 * Math.round(x / 2);
  return r;
}
