import { intOutOfRange, invalidSyntax } from '../errors.js';

/** The SQL names PostgreSQL uses in integer error messages. */
const NAMES = { int2: 'smallint', int4: 'integer', int8: 'bigint' } as const;
const LIMITS = {
  int2: [-32768n, 32767n],
  int4: [-2147483648n, 2147483647n],
  int8: [-9223372036854775808n, 9223372036854775807n],
} as const;

// pg_strtoint: spaces, an optional sign, digits, spaces. Range is checked while reading digits,
// so an overflowing number is reported as out of range even with junk after it.
const INT_RE = /^[ \t\n\v\f\r]*([+-]?)(\d+)/;
const TRAILING_RE = /^[ \t\n\v\f\r]*$/;

function parseIntText(kind: keyof typeof NAMES, input: string): bigint {
  const m = INT_RE.exec(input);
  if (m === null) throw invalidSyntax(NAMES[kind], input);
  const digits = m[2]!;
  const v = m[1] === '-' ? -BigInt(digits) : BigInt(digits);
  const [lo, hi] = LIMITS[kind];
  if (v < lo || v > hi) throw intOutOfRange(NAMES[kind], input);
  if (!TRAILING_RE.test(input.slice(m[0].length))) throw invalidSyntax(NAMES[kind], input);
  return v;
}

export function parseInt2(input: string): number {
  return Number(parseIntText('int2', input));
}
export function parseInt4(input: string): number {
  return Number(parseIntText('int4', input));
}
export function parseInt8(input: string): bigint {
  return parseIntText('int8', input);
}
