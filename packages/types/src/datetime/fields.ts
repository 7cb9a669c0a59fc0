/**
 * PostgreSQL's ParseDateTime: split date/time/interval input into typed fields. The field types
 * steer decoding: '2024-01-02' is a date, '03:04:05.5' a time, '+02' a signed number or zone,
 * 'ago' a word. Other punctuation only separates fields.
 */
export type FieldType = 'number' | 'date' | 'time' | 'tz' | 'string' | 'special';

export interface Field {
  readonly type: FieldType;
  /** The field text; words are lower-cased, as PostgreSQL does. */
  readonly text: string;
}

/** Words that are date/time keywords and so cannot start a zone name such as 'UTC+3'. */
const CORE_KEYWORDS = new Set(['t', 'z', 'am', 'pm', 'ad', 'bc', 'epoch', 'now', 'today', 'tomorrow', 'yesterday', 'allballs', 'infinity', 'ago', 'at', 'on']);

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined): boolean => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isAlnum = (c: string | undefined): boolean => isDigit(c) || isAlpha(c);
export const isSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';
const isPunct = (c: string): boolean => /^[!-/:-@[-`{-~]$/.test(c);

/** The fields of `input`, or undefined where PostgreSQL reports a bad format. */
export function parseFields(input: string): Field[] | undefined {
  const fields: Field[] = [];
  let i = 0;
  const n = input.length;
  while (i < n) {
    const c = input[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    let buf = '';
    let type: FieldType;
    if (isDigit(c)) {
      while (isDigit(input[i])) buf += input[i++];
      if (input[i] === ':') {
        type = 'time';
        buf += input[i++];
        while (isDigit(input[i]) || input[i] === ':' || input[i] === '.') buf += input[i++];
      } else if (input[i] === '-' || input[i] === '/' || input[i] === '.') {
        const delim = input[i]!;
        buf += input[i++];
        if (isDigit(input[i])) {
          type = delim === '.' ? 'number' : 'date';
          while (isDigit(input[i])) buf += input[i++];
          // Only matching delimiters make a three-field date.
          if (input[i] === delim) {
            type = 'date';
            buf += input[i++];
            while (isDigit(input[i]) || input[i] === delim) buf += input[i++];
          }
        } else {
          type = 'date';
          while (isAlnum(input[i]) || input[i] === delim) buf += input[i++]!.toLowerCase();
        }
      } else {
        type = 'number';
      }
    } else if (c === '.') {
      buf += input[i++];
      while (isDigit(input[i])) buf += input[i++];
      type = 'number';
    } else if (isAlpha(c)) {
      type = 'string';
      while (isAlpha(input[i])) buf += input[i++]!.toLowerCase();
      // A zone name may carry '/', '+', '-', '_', '.', ':' and digits: 'america/new_york'.
      let isDate = input[i] === '-' || input[i] === '/' || input[i] === '.';
      if (!isDate && (input[i] === '+' || isDigit(input[i]))) isDate = !CORE_KEYWORDS.has(buf);
      if (isDate) {
        type = 'date';
        do {
          buf += input[i++]!.toLowerCase();
        } while (i < n && (/[+\-/_.:]/.test(input[i]!) || isAlnum(input[i])));
      }
    } else if (c === '+' || c === '-') {
      buf += input[i++];
      while (isSpace(input[i])) i++;
      if (isDigit(input[i])) {
        type = 'tz';
        buf += input[i++];
        while (isDigit(input[i]) || input[i] === ':' || input[i] === '.' || input[i] === '-') buf += input[i++];
      } else if (isAlpha(input[i])) {
        type = 'special';
        while (isAlpha(input[i])) buf += input[i++]!.toLowerCase();
      } else {
        return undefined;
      }
    } else if (isPunct(c)) {
      i++;
      continue;
    } else {
      return undefined;
    }
    fields.push({ type, text: buf });
  }
  return fields;
}
