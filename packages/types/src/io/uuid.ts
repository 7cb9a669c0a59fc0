import { invalidSyntax } from '../errors.js';

/**
 * uuid_in: 32 hex digits, optionally in braces, with at most one hyphen after any group of
 * four digits (so both 8-4-4-4-12 and 4-4-4-4-4-4-4-4 read). No surrounding spaces.
 */
export function parseUuid(input: string): string {
  let i = 0;
  let braces = false;
  if (input[0] === '{') {
    braces = true;
    i = 1;
  }
  let hex = '';
  for (let byte = 0; byte < 16; byte++) {
    const pair = input.slice(i, i + 2);
    if (!/^[0-9a-fA-F]{2}$/.test(pair)) throw invalidSyntax('uuid', input);
    hex += pair;
    i += 2;
    if (input[i] === '-' && byte % 2 === 1 && byte < 15) i++;
  }
  if (braces) {
    if (input[i] !== '}') throw invalidSyntax('uuid', input);
    i++;
  }
  if (i !== input.length) throw invalidSyntax('uuid', input);
  return canonicalUuid(hex.toLowerCase());
}

function canonicalUuid(h: string): string {
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const UUID_CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
