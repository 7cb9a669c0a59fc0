import { PgTypeError, SqlState } from '../errors.js';

const encoder = new TextEncoder();

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/**
 * byteain: '\x' then hex pairs (whitespace allowed between pairs), or the escape format where
 * '\\' is a backslash and '\ooo' an octal byte; other characters are their UTF-8 bytes.
 */
export function parseBytea(input: string): Uint8Array {
  if (input.startsWith('\\x')) return parseHex(input.slice(2));
  const bytes = encoder.encode(input);
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b !== 0x5c) {
      out[n++] = b;
      i++;
    } else if (bytes[i + 1] === 0x5c) {
      out[n++] = 0x5c;
      i += 2;
    } else if (isOctal(bytes[i + 1], 0x33) && isOctal(bytes[i + 2], 0x37) && isOctal(bytes[i + 3], 0x37)) {
      out[n++] = ((bytes[i + 1]! - 0x30) << 6) | ((bytes[i + 2]! - 0x30) << 3) | (bytes[i + 3]! - 0x30);
      i += 4;
    } else {
      throw new PgTypeError('invalid input syntax for type bytea', SqlState.invalidTextRepresentation);
    }
  }
  return out.slice(0, n);
}

function isOctal(b: number | undefined, max: number): boolean {
  return b !== undefined && b >= 0x30 && b <= max;
}

function parseHex(s: string): Uint8Array {
  const out = new Uint8Array(s.length >> 1);
  let n = 0;
  for (let i = 0; i < s.length; ) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) {
      i++;
      continue;
    }
    const hi = hexValue(c);
    if (hi < 0) throw invalidHexDigit(s, i);
    if (i + 1 >= s.length) {
      throw new PgTypeError('invalid hexadecimal data: odd number of digits', SqlState.invalidParameterValue);
    }
    const lo = hexValue(s.charCodeAt(i + 1));
    if (lo < 0) throw invalidHexDigit(s, i + 1);
    out[n++] = (hi << 4) | lo;
    i += 2;
  }
  return out.slice(0, n);
}

function invalidHexDigit(s: string, i: number): PgTypeError {
  const ch = String.fromCodePoint(s.codePointAt(i)!);
  return new PgTypeError(`invalid hexadecimal digit: "${ch}"`, SqlState.invalidParameterValue);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** byteaout with bytea_output = hex. */
export function formatBytea(v: Uint8Array): string {
  let s = '\\x';
  for (let i = 0; i < v.length; i++) s += HEX[v[i]!];
  return s;
}
