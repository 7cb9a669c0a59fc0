import { DateTimeDecodeError } from './decode-datetime.js';

/** The units DecodeInterval knows, and the accumulator both interval syntaxes add into. */
export type Unit = 'microsecond' | 'millisecond' | 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year' | 'decade' | 'century' | 'millennium';

const USEC: Partial<Record<Unit, bigint>> = {
  microsecond: 1n,
  millisecond: 1000n,
  second: 1_000_000n,
  minute: 60_000_000n,
  hour: 3_600_000_000n,
};
const YEARS: Partial<Record<Unit, number>> = { year: 1, decade: 10, century: 100, millennium: 1000 };
export const USECS_PER_DAY = 86_400_000_000;
export const INT64_MAX = 0x7fffffffffffffffn;
export const INT32_MAX = 2147483647;

/** The accumulator PostgreSQL calls pg_itm_in. */
export class Acc {
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

export function toInt32(v: bigint): number {
  if (v > 2147483647n || v < -2147483648n) overflow();
  return Number(v);
}

/** A field beyond its integer range: 'interval field value out of range'. */
export class IntervalOverflow extends Error {}
export function overflow(): never {
  throw new IntervalOverflow();
}

export function badFormat(): never {
  throw new DateTimeDecodeError('bad-format');
}

// Masks that make repeated fields an error; a time field claims hours, minutes and all seconds.
