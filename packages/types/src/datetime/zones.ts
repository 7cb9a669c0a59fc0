import { PgTypeError, SqlState } from '../errors.js';

/**
 * Time zones: fixed offsets (seconds east of UTC) and IANA names resolved through Intl, which
 * carries the same tz database PostgreSQL uses. Offsets are positive east, ISO 8601 style.
 */
export type Zone = { readonly kind: 'fixed'; readonly offset: number } | { readonly kind: 'iana'; readonly name: string };

export const UTC_ZONE: Zone = { kind: 'fixed', offset: 0 };

/**
 * Fixed abbreviations from PostgreSQL's 'Default' timezone_abbreviations set (seconds east).
 * Abbreviations whose meaning PostgreSQL resolves through a zone's history are not listed.
 */
const ABBREVIATIONS: Readonly<Record<string, number>> = {
  z: 0, zulu: 0, utc: 0, ut: 0, gmt: 0,
  est: -5 * 3600, edt: -4 * 3600, cst: -6 * 3600, cdt: -5 * 3600,
  mst: -7 * 3600, mdt: -6 * 3600, pst: -8 * 3600, pdt: -7 * 3600,
  akst: -9 * 3600, akdt: -8 * 3600, hst: -10 * 3600,
  wet: 0, west: 3600, cet: 3600, cest: 7200, met: 3600, mest: 7200, eet: 7200, eest: 3 * 3600,
  bst: 3600, jst: 9 * 3600, kst: 9 * 3600, aest: 10 * 3600, aedt: 11 * 3600,
  nzst: 12 * 3600, nzdt: 13 * 3600,
};

/** A fixed-offset abbreviation ('utc', 'pst', ...), lower case; undefined if unknown. */
export function abbreviationOffset(lower: string): number | undefined {
  return Object.hasOwn(ABBREVIATIONS, lower) ? ABBREVIATIONS[lower] : undefined;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(name: string): Intl.DateTimeFormat | undefined {
  let f = formatters.get(name);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: name,
        hourCycle: 'h23',
        era: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      return undefined;
    }
    formatters.set(name, f);
  }
  return f;
}

export function zoneNotRecognized(name: string): PgTypeError {
  return new PgTypeError(`time zone "${name}" not recognized`, SqlState.invalidParameterValue);
}

/** An IANA zone by name (any case), or undefined when Intl does not know it. */
export function ianaZone(name: string): Zone | undefined {
  if (!name.includes('/') && !/^[A-Za-z][A-Za-z0-9_+-]*$/.test(name)) return undefined;
  return formatterFor(name) === undefined ? undefined : { kind: 'iana', name };
}

const FIXED_RE = /^([+-])(\d{1,2})(?::?(\d{2}))?(?::(\d{2}))?$/;

/** The zone for textOut's `timeZone` option: 'UTC', an IANA name, or an ISO offset such as '+05:30'. */
export function resolveZone(name: string): Zone {
  const lower = name.toLowerCase();
  if (lower === 'utc' || lower === 'z' || lower === 'gmt') return UTC_ZONE;
  const m = FIXED_RE.exec(name);
  if (m !== null) {
    const secs = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
    return { kind: 'fixed', offset: m[1] === '-' ? -secs : secs };
  }
  const zone = ianaZone(name);
  if (zone === undefined) throw zoneNotRecognized(name);
  return zone;
}

// Intl works on JS Dates (±8.64e15 ms); beyond that, shift by 400-year cycles, which repeat the calendar.
const CYCLE_MS = 146097 * 86_400_000;
const DATE_LIMIT_MS = 8.64e15 - 2 * CYCLE_MS;

const DAY_MS = 86_400_000;
/** Per zone: UTC day number -> the offset for the whole day, or NaN when a transition falls inside it. */
const dayCache = new Map<string, Map<number, number>>();
const DAY_CACHE_LIMIT = 50_000;

/** The zone's offset from UTC, in seconds east, at the instant `utcMs` (milliseconds since the epoch). */
export function offsetAt(zone: Zone, utcMs: number): number {
  if (zone.kind === 'fixed') return zone.offset;
  // Intl is slow (microseconds per call); an offset that is the same at both ends of a UTC day
  // holds for the whole day, since zones never change twice within one.
  let days = dayCache.get(zone.name);
  if (days === undefined) dayCache.set(zone.name, (days = new Map()));
  const day = Math.floor(utcMs / DAY_MS);
  let cached = days.get(day);
  if (cached === undefined) {
    const first = intlOffset(zone.name, day * DAY_MS);
    cached = first === intlOffset(zone.name, day * DAY_MS + DAY_MS - 1000) ? first : NaN;
    if (days.size >= DAY_CACHE_LIMIT) days.clear();
    days.set(day, cached);
  }
  return Number.isNaN(cached) ? intlOffset(zone.name, utcMs) : cached;
}

function intlOffset(name: string, utcMs: number): number {
  let ms = Math.floor(utcMs / 1000) * 1000;
  if (Math.abs(ms) > DATE_LIMIT_MS) ms -= Math.trunc(ms / CYCLE_MS) * CYCLE_MS;
  const parts = formatterFor(name)!.formatToParts(new Date(ms));
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  for (const p of parts) {
    switch (p.type) {
      case 'year': year = Number(p.value); break;
      case 'month': month = Number(p.value); break;
      case 'day': day = Number(p.value); break;
      case 'hour': hour = Number(p.value); break;
      case 'minute': minute = Number(p.value); break;
      case 'second': second = Number(p.value); break;
      case 'era': bc = p.value.startsWith('B'); break;
      default: break;
    }
  }
  if (bc) year = 1 - year;
  // setUTCFullYear, unlike Date.UTC, does not map years 0..99 to 19xx.
  const wall = new Date(0);
  wall.setUTCFullYear(year, month - 1, day);
  wall.setUTCHours(hour, minute, second, 0);
  return Math.round((wall.getTime() - ms) / 1000);
}

/**
 * The offset to apply to a local wall-clock time (milliseconds since the epoch, as if UTC).
 * Like PostgreSQL's DetermineTimeZoneOffset: in a spring-forward gap the offset before the
 * transition applies; in a fall-back overlap, the offset after it.
 */
export function offsetForLocal(zone: Zone, localMs: number): number {
  if (zone.kind === 'fixed') return zone.offset;
  const day = 86_400_000;
  const before = offsetAt(zone, localMs - day);
  const after = offsetAt(zone, localMs + day);
  if (before === after) {
    const guess = offsetAt(zone, localMs - before * 1000);
    if (guess === before) return before;
    // A transition that begins and ends within the two days: take whatever the instant says.
    return guess;
  }
  const beforeValid = offsetAt(zone, localMs - before * 1000) === before;
  const afterValid = offsetAt(zone, localMs - after * 1000) === after;
  if (beforeValid && afterValid) return after;
  if (beforeValid) return before;
  if (afterValid) return after;
  return before;
}
