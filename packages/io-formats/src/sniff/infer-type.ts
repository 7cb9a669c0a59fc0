import { T, type PgType } from '@heliosdb/types';

/**
 * Type inference from text samples, for CSV fields and JSON strings. Each candidate is tried narrowest first;
 * a column takes the first candidate every non-NULL sample fits. Numbers never become floats unless written
 * with an exponent or as NaN/Infinity (so no digits are lost), and integers with leading zeros stay text.
 */
interface Candidate {
  readonly type: PgType;
  fits(text: string): boolean;
}

const INT = /^[+-]?(0|[1-9][0-9]*)$/;
const DEC = /^[+-]?(0|[1-9][0-9]*)?\.[0-9]+$|^[+-]?(0|[1-9][0-9]*)\.?$/;
const FLOAT = /^[+-]?((0|[1-9][0-9]*)(\.[0-9]*)?|\.[0-9]+)[eE][+-]?[0-9]+$|^[+-]?(NaN|Infinity|inf)$/i;
const BOOL = /^(true|false|t|f)$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TS = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$/;
const TSTZ = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function validDate(text: string): boolean {
  const y = Number(text.slice(0, 4));
  const m = Number(text.slice(5, 7));
  const d = Number(text.slice(8, 10));
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

function inIntRange(text: string, bits: 32 | 64): boolean {
  if (!INT.test(text)) return false;
  const v = BigInt(text);
  const max = bits === 32 ? 2147483647n : 9223372036854775807n;
  return v <= max && v >= -max - 1n;
}

function validTime(text: string): boolean {
  const t = text.slice(11);
  const h = Number(t.slice(0, 2));
  const mi = Number(t.slice(3, 5));
  const s = t.length >= 8 ? Number(t.slice(6, 8)) : 0;
  return h < 24 && mi < 60 && s < 60 && validDate(text);
}

export const CANDIDATES: readonly Candidate[] = [
  { type: T.bool, fits: (s) => BOOL.test(s) },
  { type: T.int4, fits: (s) => inIntRange(s, 32) },
  { type: T.int8, fits: (s) => inIntRange(s, 64) },
  { type: T.numeric(), fits: (s) => DEC.test(s) },
  { type: T.float8, fits: (s) => DEC.test(s) || FLOAT.test(s) },
  { type: T.date, fits: (s) => DATE.test(s) && validDate(s) },
  { type: T.timestamp, fits: (s) => (DATE.test(s) && validDate(s)) || (TS.test(s) && validTime(s)) },
  { type: T.timestamptz, fits: (s) => TSTZ.test(s) && validTime(s) },
  { type: T.uuid, fits: (s) => UUID.test(s) },
  { type: T.text, fits: () => true },
];

/** Narrows the candidate list by one sample; returns the index of the first candidate that still fits all. */
export class TypeSniffer {
  private alive = CANDIDATES.map(() => true);
  sawValue = false;

  add(text: string): void {
    this.sawValue = true;
    for (let i = 0; i < CANDIDATES.length; i++) if (this.alive[i] && !CANDIDATES[i]!.fits(text)) this.alive[i] = false;
  }

  /** The narrowest type all samples fit; text when there were none. */
  result(): PgType {
    if (!this.sawValue) return T.text;
    const i = this.alive.indexOf(true);
    return CANDIDATES[i]!.type;
  }
}

/** Whether text fits a sniffed type (used past the sample). */
export function fitsSniffed(type: PgType, text: string): boolean {
  const c = CANDIDATES.find((c) => c.type.name === type.name);
  return c === undefined ? true : c.fits(text);
}
