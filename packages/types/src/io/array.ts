import { PgTypeError, SqlState } from '../errors.js';

/**
 * array_in for one-dimensional arrays: '{1,2,NULL}', '{"a b","x\"y"}', '{}'. The grammar
 * checks follow PostgreSQL 15's ArrayCount state machine so malformed literals get its DETAIL.
 * Elements come back as raw text (null for an unquoted NULL) for the element type's input.
 */
const isArraySpace = (c: string): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';

type State = 'none' | 'levelStarted' | 'elemStarted' | 'quotedStarted' | 'quotedCompleted' | 'levelCompleted' | 'elemDelimited' | 'levelDelimited';

function malformed(input: string, detail: string): PgTypeError {
  return new PgTypeError(`malformed array literal: "${input}"`, SqlState.invalidTextRepresentation, detail);
}

export function splitArrayLiteral(input: string, delim = ','): Array<string | null> {
  let p = 0;
  while (p < input.length && isArraySpace(input[p]!)) p++;
  if (input[p] === '[') {
    throw new PgTypeError('array dimension decorations ("[1:n]=") are not supported', SqlState.featureNotSupported);
  }
  if (input[p] !== '{') throw malformed(input, 'Array value must start with "{" or dimension information.');
  checkStructure(input, p, delim);
  return readElements(input, p, delim);
}

/** ArrayCount: validate the brace structure; only one level is supported. */
function checkStructure(input: string, start: number, delim: string): void {
  let state: State = 'none';
  let nest = 0;
  let maxNest = 0;
  let inQuotes = false;
  let p = start;
  for (;;) {
    if (p >= input.length) throw malformed(input, 'Unexpected end of input.');
    const c = input[p]!;
    if (c === '\\') {
      if (state !== 'levelStarted' && state !== 'elemStarted' && state !== 'quotedStarted' && state !== 'elemDelimited') {
        throw malformed(input, 'Unexpected "\\" character.');
      }
      if (state !== 'quotedStarted') state = 'elemStarted';
      if (p + 1 >= input.length) throw malformed(input, 'Unexpected end of input.');
      p++;
    } else if (c === '"') {
      if (state !== 'levelStarted' && state !== 'quotedStarted' && state !== 'elemDelimited') {
        throw malformed(input, 'Unexpected array element.');
      }
      inQuotes = !inQuotes;
      state = inQuotes ? 'quotedStarted' : 'quotedCompleted';
    } else if (inQuotes) {
      // anything goes inside quotes
    } else if (c === '{') {
      if (state !== 'none' && state !== 'levelStarted' && state !== 'levelDelimited') {
        throw malformed(input, 'Unexpected "{" character.');
      }
      state = 'levelStarted';
      nest++;
      maxNest = Math.max(maxNest, nest);
    } else if (c === '}') {
      if (
        state !== 'elemStarted' &&
        state !== 'quotedCompleted' &&
        state !== 'levelCompleted' &&
        !(nest === 1 && state === 'levelStarted')
      ) {
        throw malformed(input, 'Unexpected "}" character.');
      }
      state = 'levelCompleted';
      nest--;
      if (nest === 0) {
        p++;
        break;
      }
    } else if (c === delim) {
      if (state !== 'elemStarted' && state !== 'quotedCompleted' && state !== 'levelCompleted') {
        throw malformed(input, `Unexpected "${delim}" character.`);
      }
      state = state === 'levelCompleted' ? 'levelDelimited' : 'elemDelimited';
    } else if (!isArraySpace(c)) {
      if (state !== 'levelStarted' && state !== 'elemStarted' && state !== 'elemDelimited') {
        throw malformed(input, 'Unexpected array element.');
      }
      state = 'elemStarted';
    }
    p++;
  }
  for (; p < input.length; p++) {
    if (!isArraySpace(input[p]!)) throw malformed(input, 'Junk after closing right brace.');
  }
  if (maxNest > 1) {
    throw new PgTypeError('multidimensional arrays are not supported; Nano arrays have one dimension', SqlState.featureNotSupported);
  }
}

/** ReadArrayStr for one level: unquoted elements lose surrounding spaces; backslash escapes one character. */
function readElements(input: string, start: number, delim: string): Array<string | null> {
  const out: Array<string | null> = [];
  let p = start + 1;
  while (p < input.length && isArraySpace(input[p]!)) p++;
  if (input[p] === '}') return out;
  for (;;) {
    while (isArraySpace(input[p]!)) p++;
    let text = '';
    let quoted = false;
    let inQuotes = false;
    // Length of `text` up to its last character that was quoted or escaped: spaces before it stay.
    let keep = 0;
    for (;;) {
      const c = input[p]!;
      if (c === '\\') {
        text += input[p + 1];
        keep = text.length;
        quoted = true;
        p += 2;
      } else if (c === '"') {
        inQuotes = !inQuotes;
        quoted = true;
        keep = text.length;
        p++;
      } else if (!inQuotes && (c === delim || c === '}')) {
        break;
      } else {
        text += c;
        if (inQuotes) keep = text.length;
        p++;
      }
    }
    let end = text.length;
    while (end > keep && isArraySpace(text[end - 1]!)) end--;
    text = text.slice(0, end);
    out.push(!quoted && text.toUpperCase() === 'NULL' ? null : text);
    if (input[p] === '}') break;
    p++;
  }
  return out;
}

/** array_out's quoting: quote when empty, "NULL" in any case, or holding braces, quotes, backslashes, the delimiter or spaces. */
export function quoteArrayElement(s: string, delim = ','): string {
  let need = s === '' || s.toUpperCase() === 'NULL';
  if (!need) {
    for (let i = 0; i < s.length; i++) {
      const c = s[i]!;
      if (c === '"' || c === '\\' || c === '{' || c === '}' || c === delim || isArraySpace(c)) {
        need = true;
        break;
      }
    }
  }
  if (!need) return s;
  return `"${s.replace(/["\\]/g, '\\$&')}"`;
}
