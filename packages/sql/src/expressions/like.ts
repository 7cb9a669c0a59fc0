/** LIKE / ILIKE patterns: % any run, _ one character, an escape character (default backslash, '' for none). */
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';

export function likeMatcher(pattern: string, escape: string, insensitive: boolean): (s: string) => boolean {
  if ([...escape].length > 1) throw new SqlError(SqlState.invalidEscapeSequence, 'invalid escape string', { hint: 'Escape string must be empty or one character.' });
  let re = '';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (escape !== '' && c === escape) {
      const next = chars[++i];
      if (next === undefined) throw new SqlError(SqlState.invalidEscapeSequence, 'LIKE pattern must not end with escape character');
      re += next.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else if (c === '%') re += '[\\s\\S]*';
    else if (c === '_') re += '[\\s\\S]';
    else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  const rx = new RegExp(`^${re}$`, insensitive ? 'iu' : 'u');
  return (s) => rx.test(s);
}
