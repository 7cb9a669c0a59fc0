import { PgTypeError, SqlState } from '../errors.js';

/**
 * Character types. Lengths count characters (code points), as PostgreSQL counts in UTF-8.
 * Text may hold any character except NUL, which PostgreSQL's text types cannot store.
 */

export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** The UTF-16 index just after the first `n` code points. */
function indexAfter(s: string, n: number): number {
  let i = 0;
  for (let k = 0; k < n && i < s.length; k++) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
  }
  return i;
}

export function checkNoNul(s: string): string {
  if (s.includes('\u0000')) {
    throw new PgTypeError('invalid byte sequence for encoding "UTF8": 0x00', SqlState.characterNotInRepertoire);
  }
  return s;
}

function tooLong(typeLabel: string, n: number): PgTypeError {
  return new PgTypeError(`value too long for type ${typeLabel}(${n})`, SqlState.stringDataRightTruncation);
}

/**
 * Fit `s` to at most `n` characters. Beyond n, PostgreSQL drops spaces silently and rejects
 * anything else (22001), unless the cast is explicit, which truncates.
 */
function clip(s: string, n: number, typeLabel: string, explicit: boolean): string {
  if (s.length <= n) return s;
  if (codePointLength(s) <= n) return s;
  const cut = indexAfter(s, n);
  if (!explicit) {
    for (let i = cut; i < s.length; i++) if (s.charCodeAt(i) !== 0x20) throw tooLong(typeLabel, n);
  }
  return s.slice(0, cut);
}

/** varchar(n): clip, never pad. */
export function fitVarchar(s: string, n: number | undefined, explicit = false): string {
  return n === undefined ? s : clip(s, n, 'character varying', explicit);
}

/** char(n): clip, then pad with spaces to n characters. */
export function fitBpchar(s: string, n: number | undefined, explicit = false): string {
  if (n === undefined) return s;
  const clipped = clip(s, n, 'character', explicit);
  const len = codePointLength(clipped);
  return len < n ? clipped + ' '.repeat(n - len) : clipped;
}

/** bpchar compares without its trailing spaces. */
export function stripTrailingSpaces(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x20) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** Code point order (UTF-8 byte order, i.e. the "C" collation), not JS's UTF-16 order. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (supplementary characters) sort above U+E000..U+FFFF in code point order.
      if (x >= 0xd800) x = x < 0xe000 ? x + 0x2000 : x - 0x800;
      if (y >= 0xd800) y = y < 0xe000 ? y + 0x2000 : y - 0x800;
      return x < y ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}
