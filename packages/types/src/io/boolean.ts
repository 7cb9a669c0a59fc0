import { invalidSyntax } from '../errors.js';
import { trimSpace } from '../numeric/decimal.js';

/** boolin: any unambiguous prefix of true/false/yes/no, on/off, or 1/0; case-insensitive, spaces trimmed. */
export function parseBool(input: string): boolean {
  const s = trimSpace(input).toLowerCase();
  const n = s.length;
  if (n > 0) {
    if ('true'.startsWith(s) || 'yes'.startsWith(s) || s === '1' || (n >= 2 && s === 'on')) return true;
    if ('false'.startsWith(s) || 'no'.startsWith(s) || s === '0' || (n >= 2 && 'off'.startsWith(s))) return false;
  }
  throw invalidSyntax('boolean', input);
}

export function formatBool(v: boolean): string {
  return v ? 't' : 'f';
}
