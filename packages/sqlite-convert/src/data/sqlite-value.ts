import { type PgType, type Value, textIn } from '@heliosdb/types';

/** A value as better-sqlite3 returns it with safeIntegers: the five SQLite storage classes. */
export type SqliteValue = bigint | number | string | Buffer | null;
export type StorageClass = 'null' | 'integer' | 'real' | 'text' | 'blob';

export function storageClass(v: SqliteValue): StorageClass {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'bigint':
      return 'integer';
    case 'number':
      return 'real';
    case 'string':
      return 'text';
    default:
      return 'blob';
  }
}

/** A short rendering of a value for messages: 'n/a', 42, 1.5, x'0102...' (12 bytes). */
export function describeValue(v: SqliteValue): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') return `'${v.length > 60 ? `${v.slice(0, 60)}...` : v}'`;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return realText(v);
  return `x'${v.subarray(0, 16).toString('hex')}${v.length > 16 ? `...' (${v.length} bytes)` : "'"}`;
}

/** A REAL as text that reads back to the same double: the shortest round-trip digits, with '.0' on integral values (as SQLite prints them). */
export function realText(x: number): string {
  if (Object.is(x, -0)) return '-0.0';
  const s = String(x);
  return Number.isInteger(x) && !/e/.test(s) ? `${s}.0` : s;
}

/** The exact decimal text of a double's shortest round-trip form, without exponent: 1e-7 -> '0.0000001'. */
export function shortestDecimal(x: number): string {
  const s = numberText(x);
  if (!s.includes('e')) return s;
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, int, frac = '', expText] = m;
  const exp = Number(expText);
  const digits = int! + frac;
  const point = int!.length + exp;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Canonical decimal text: no sign on zero, no leading zeros, no trailing fractional zeros, no exponent, no spaces. */
const CANONICAL_DECIMAL = /^(?:0|-?[1-9]\d*|-?(?:0|[1-9]\d*)\.\d*[1-9])$/;

/** Decimal text with no exponent, no leading '+', no trailing fractional zeros: the form two numeric sides are compared in. */
export function canonicalDecimal(s: string): string {
  // Already canonical (the usual case): returned as is, which is what the general path below makes of it.
  if (CANONICAL_DECIMAL.test(s)) return s;
  let t = s.trim();
  let sign = '';
  if (t.startsWith('-') || t.startsWith('+')) {
    sign = t[0] === '-' ? '-' : '';
    t = t.slice(1);
  }
  if (/e/i.test(t)) t = shortestDecimalFromParts(t);
  let [int = '0', frac = ''] = t.split('.');
  int = int.replace(/^0+(?=\d)/, '') || '0';
  frac = frac.replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return body === '0' ? '0' : sign + body;
}

function shortestDecimalFromParts(t: string): string {
  const [mant = '', expText = '0'] = t.toLowerCase().split('e');
  const [int = '', frac = ''] = mant.split('.');
  const digits = (int + frac).replace(/^0+/, '');
  const lead = (int + frac).length - digits.length;
  const point = int.length + Number(expText) - lead;
  if (!digits) return '0';
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

// One value is looked at up to three times in a row (the scan's statistics, its conversion, its checksum text): the
// last result is kept, so a REAL's text and a date/time's parse are made once per value.
let lastNumber = NaN;
let lastNumberText = 'NaN';

/** String(x), the shortest round-trip text, remembered for the last x. */
export function numberText(x: number): string {
  if (x !== lastNumber || (x === 0 && Object.is(x, -0) !== Object.is(lastNumber, -0))) {
    lastNumber = x;
    lastNumberText = String(x);
  }
  return lastNumberText;
}

let lastType: PgType | null = null;
let lastText = '';
let lastParsed: { ok: true; value: Value } | { ok: false; error: unknown } = { ok: true, value: null };

/**
 * textIn(type, s), remembered for the last (type, s): for immutable results only (date, timestamp, timestamptz:
 * numbers and bigints). Throws what textIn throws.
 */
export function temporalIn(type: PgType, s: string): Value {
  if (type !== lastType || s !== lastText) {
    try {
      lastParsed = { ok: true, value: textIn(type, s) };
    } catch (error) {
      lastParsed = { ok: false, error };
    }
    lastType = type;
    lastText = s;
  }
  if (!lastParsed.ok) throw lastParsed.error;
  return lastParsed.value;
}
