/**
 * Splits a script into statements the way psql sends them: at top-level semicolons, found with
 * PostgreSQL's own scanner (libpg-query's scanSync), so quotes, dollar quotes and comments never split.
 * Each statement keeps the 1-based line it starts on, for psql-style error prefixes.
 */
import { scanSync } from 'libpg-query';

export interface ScriptStatement {
  readonly text: string;
  readonly line: number;
}

export function splitScript(script: string): ScriptStatement[] {
  const bytes = Buffer.from(script, 'utf8');
  const tokens = scanSync(script).tokens;
  const out: ScriptStatement[] = [];
  let start = 0;
  const push = (end: number) => {
    const raw = bytes.subarray(start, end).toString('utf8');
    const text = raw.trim();
    if (text && !isOnlyComments(tokens, start, end)) {
      const lead = raw.length - raw.trimStart().length;
      const before = bytes.subarray(0, start).toString('utf8') + raw.slice(0, lead);
      out.push({ text, line: before.split('\n').length });
    }
  };
  for (const t of tokens) {
    if (t.text === ';') {
      push(t.start);
      start = t.end;
    }
  }
  push(bytes.length);
  return out;
}

/** True when the byte range [start, end) holds no token but comments (the scanner reports them as tokens too). */
function isOnlyComments(tokens: readonly { start: number; end: number; tokenName?: string; text?: string }[], start: number, end: number): boolean {
  return tokens
    .filter((t) => t.start >= start && t.end <= end)
    .every((t) => t.tokenName === 'SQL_COMMENT' || t.tokenName === 'C_COMMENT');
}
