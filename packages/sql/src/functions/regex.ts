/**
 * POSIX regular expressions (PostgreSQL's ARE flavour) on JavaScript's engine: bracket classes such as
 * [[:alpha:]] and the word-boundary escapes \m \M \y are translated; everything else PostgreSQL's simple
 * patterns use has the same meaning in both.
 */
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';

const CLASSES: Record<string, string> = {
  alpha: '\\p{L}', digit: '0-9', alnum: '\\p{L}\\p{N}', upper: '\\p{Lu}', lower: '\\p{Ll}', space: '\\s',
  punct: '\\p{P}', xdigit: '0-9A-Fa-f', word: '\\w', blank: ' \\t', cntrl: '\\x00-\\x1f\\x7f', print: '\\x20-\\x7e', graph: '\\x21-\\x7e',
};

const cache = new Map<string, RegExp>();

export function compileRegex(pattern: string, flags: string): RegExp {
  const key = `${flags}/${pattern}`;
  let rx = cache.get(key);
  if (rx) return rx;
  const source = pattern
    .replace(/\[:(\w+):\]/g, (m, c: string) => CLASSES[c] ?? m)
    .replace(/\\m/g, '\\b(?=\\w)')
    .replace(/\\M/g, '\\b(?<=\\w)')
    .replace(/\\y/g, '\\b');
  try {
    rx = new RegExp(source, `u${flags}`);
  } catch (e) {
    throw new SqlError('2201B', `invalid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`);
  }
  if (cache.size > 500) cache.clear();
  cache.set(key, rx);
  return rx;
}

/** regexp_replace(source, pattern, replacement [, flags]): \1..\9 and \& refer to groups; 'g' replaces all. */
export function regexpReplace(s: string, pattern: string, replacement: string, flags = ''): string {
  const global = flags.includes('g');
  const rx = compileRegex(pattern, flagsOf(flags) + (global ? 'g' : ''));
  const rep = replacement.replace(/\$/g, '$$$$').replace(/\\(\d|&|\\)/g, (_, c: string) => (c === '&' ? '$&' : c === '\\' ? '\\' : `$${c}`));
  return s.replace(rx, rep);
}

/** Translates PostgreSQL's regexp flags to JavaScript's (i, and n/s for newline handling). */
export function flagsOf(flags: string): string {
  let out = '';
  for (const f of flags) {
    if (f === 'i') out += 'i';
    else if (f === 'g' || f === 'c') continue;
    else if (f === 'n' || f === 'm') out += 'm';
    else if (f === 's') out += 's';
    else throw new SqlError(SqlState.invalidParameterValue, `invalid regular expression option: "${f}"`);
  }
  return out;
}
