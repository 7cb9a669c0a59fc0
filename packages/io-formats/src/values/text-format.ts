/**
 * PostgreSQL's output text per column type, chosen once per column instead of per value: the common types
 * (integers, float8, numeric, text, bool, date, time, timestamp, timestamptz in UTC) are formatted here without
 * bigint arithmetic or intermediate objects, everything else (and every edge the fast paths leave out: BC and
 * five-digit years, infinities, float8 values whose shortest form might sit on a rounding boundary) goes to
 * @heliosdb/types' textOut, which stays the reference. `text-format.test.ts` checks both agree.
 */
import { T, textOut, type PgType, type Value } from '@heliosdb/types';

export type TextFormatter = (v: Value) => string;

const D2: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)));
const MICROS_PER_DAY = 86_400_000_000;
const MAX_SAFE_MICROS = BigInt(Number.MAX_SAFE_INTEGER);

/** The formatter for a column of `type` (arrays and rare types through textOut). */
export function textFormatter(type: PgType): TextFormatter {
  if (type.array) return (v) => textOut(type, v);
  switch (type.name) {
    case 'bool':
      return (v) => (v ? 't' : 'f');
    case 'int2':
    case 'int4':
    case 'int8':
      return (v) => String(v);
    case 'numeric':
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'uuid':
    case 'json':
    case 'jsonb':
      return (v) => (typeof v === 'string' ? v : textOut(type, v));
    case 'float8':
      return (v) => float8Text(v as number);
    case 'date':
      return (v) => dateText((v as { days: number }).days) ?? textOut(type, v);
    case 'time':
      return (v) => clockText((v as { micros: number }).micros);
    case 'timestamp':
      return (v) => timestampText((v as { micros: bigint }).micros) ?? textOut(type, v);
    case 'timestamptz': {
      // The writers render timestamptz in UTC (textOut's default zone), whose offset text is +00.
      return (v) => {
        const t = timestampText((v as { micros: bigint }).micros);
        return t === undefined ? textOut(type, v) : `${t}+00`;
      };
    }
    default:
      return (v) => textOut(type, v);
  }
}

/** True when the type's text is only digits, letters and `.+-: ` (never a quote, comma, line end, or empty). */
export function plainText(type: PgType): boolean {
  if (type.array) return false;
  return ['bool', 'int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'date', 'time', 'timestamp', 'timestamptz', 'interval', 'uuid'].includes(type.name);
}

// Dates repeat in real tables (and a timestamp column's days even more): their text is kept, up to a bound.
const dateCache = new Map<number, string>();

/** yyyy-mm-dd for years 1..9999 (Howard Hinnant's civil_from_days); undefined for the rest (BC, infinity). */
function dateText(days: number): string | undefined {
  const cached = dateCache.get(days);
  if (cached !== undefined) return cached;
  // 0001-01-01 is day -719162 and 9999-12-31 day 2932896 from 1970-01-01.
  if (!(days >= -719162 && days <= 2932896)) return undefined;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const text = `${D2[Math.floor(y / 100)]}${D2[y % 100]}-${D2[m]}-${D2[d]}`;
  if (dateCache.size >= 1 << 16) dateCache.clear();
  dateCache.set(days, text);
  return text;
}

/** hh:mm:ss[.ffffff without trailing zeros] of microseconds since midnight. */
function clockText(micros: number): string {
  const totalSec = Math.floor(micros / 1_000_000);
  const fsec = micros - totalSec * 1_000_000;
  const h = Math.floor(totalSec / 3600);
  const rest = totalSec - h * 3600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  const hh = h < 100 ? D2[h] : String(h); // time allows 24:00:00
  const base = `${hh}:${D2[m]}:${D2[s]}`;
  if (fsec === 0) return base;
  let f = String(fsec + 1_000_000);
  let end = f.length;
  while (f.charCodeAt(end - 1) === 48) end--;
  f = f.slice(1, end);
  return `${base}.${f}`;
}

function timestampText(micros: bigint): string | undefined {
  if (micros > MAX_SAFE_MICROS || micros < -MAX_SAFE_MICROS) return undefined; // beyond ±285 years of 1970: exact path
  const us = Number(micros);
  const days = Math.floor(us / MICROS_PER_DAY);
  const date = dateText(days);
  if (date === undefined) return undefined;
  return `${date} ${clockText(us - days * MICROS_PER_DAY)}`;
}

/**
 * float8out with extra_float_digits = 1 (Ryu without STRICTLY_SHORTEST, see @heliosdb/types' shortest-float.ts).
 * JavaScript's String(v) is the shortest decimal that rounds to v, endpoints of the rounding interval included;
 * PostgreSQL's excludes them, so the two differ only when JavaScript's decimal is such an endpoint: a midpoint
 * between v and a neighbour, which is a dyadic rational. A decimal D * 10^e is dyadic only if e >= 0 (then an
 * integer, and midpoints are integers only for |v| >= 2^53) or 5^-e divides D. Those cases (rare: 1 in 5^-e),
 * and zeros and non-finite values, take the exact path.
 */
export function float8Text(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return textOut(FLOAT8, v);
  const s = String(v);
  const a = v < 0 ? -v : v;
  if (a >= 1e-4 && a < 1e14) {
    // Both print these in fixed notation, so JavaScript's text is PostgreSQL's unless it is an endpoint.
    const dot = s.indexOf('.');
    if (dot < 0 || s.charCodeAt(s.length - 1) !== 53) return s;
    const k = s.length - dot - 1; // the fraction's digits are the last k digits of D, and e = -k
    if (k <= 15 && Number(s.slice(dot + 1)) % 5 ** k !== 0) return s;
    return textOut(FLOAT8, v);
  }
  const neg = s.charCodeAt(0) === 45;
  const start = neg ? 1 : 0;
  const e = s.indexOf('e', start);
  const mant = e < 0 ? s.slice(start) : s.slice(start, e);
  const dot = mant.indexOf('.');
  let digits = dot < 0 ? mant : mant.slice(0, dot) + mant.slice(dot + 1);
  let exp10 = (e < 0 ? 0 : Number(s.slice(e + 1))) - (dot < 0 ? 0 : mant.length - dot - 1);
  let lead = 0;
  while (lead < digits.length - 1 && digits.charCodeAt(lead) === 48) lead++;
  let end = digits.length;
  while (end > lead + 1 && digits.charCodeAt(end - 1) === 48) end--;
  exp10 += digits.length - end;
  digits = digits.slice(lead, end);
  if (exp10 >= 0 ? Math.abs(v) >= 9007199254740992 : mayBeDyadic(digits, -exp10)) return textOut(FLOAT8, v);
  // printf %g's choice, as PostgreSQL's float8out: fixed for decimal exponents -4 .. 14.
  const exp = exp10 + digits.length - 1;
  const sign = neg ? '-' : '';
  if (exp >= -4 && exp < 15) {
    if (exp10 >= 0) return sign + digits + '0'.repeat(exp10);
    const point = digits.length + exp10;
    if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
    return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const ae = Math.abs(exp);
  return `${sign}${m}e${exp < 0 ? '-' : '+'}${ae < 10 ? `0${ae}` : ae}`;
}

const FLOAT8: PgType = T.float8;

/** Whether 5^k may divide the integer `digits` (k > 0): decided by its last k digits, since 10^k is a multiple of 5^k. */
function mayBeDyadic(digits: string, k: number): boolean {
  if (digits.charCodeAt(digits.length - 1) !== 53) return false; // no trailing zeros, so 5 | D means D ends in 5
  if (k > 15) return true; // beyond exact doubles here: let the exact path decide
  const tail = Number(digits.length > k ? digits.slice(digits.length - k) : digits);
  return tail % 5 ** k === 0;
}
