/**
 * The SQL text of a DEFAULT or CHECK expression inside a CREATE/ALTER TABLE, cut from the statement with
 * PostgreSQL's own scanner (libpg-query's scanSync), so storage can keep it as the catalog's text.
 */
import { scanSync } from 'libpg-query';
import type { SourceText } from '../parser/source-text.js';

interface Token {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const tokenCache = new WeakMap<SourceText, Token[]>();

function tokensOf(source: SourceText): Token[] {
  let t = tokenCache.get(source);
  if (!t) {
    t = scanSync(source.text).tokens as Token[];
    tokenCache.set(source, t);
  }
  return t;
}

/** Keywords that end a column's DEFAULT expression (the next column constraint). */
const CONSTRAINT_WORDS = new Set(['not', 'null', 'primary', 'unique', 'check', 'references', 'constraint', 'generated', 'default', 'collate', 'deferrable', 'initially']);

/** The DEFAULT expression after the DEFAULT keyword at byte `at`. */
export function defaultText(source: SourceText, at: number): string {
  const tokens = tokensOf(source);
  let i = tokens.findIndex((t) => t.start >= at);
  if (i < 0) throw new Error('sql: DEFAULT keyword not found');
  if (tokens[i]!.text.toLowerCase() === 'default') i++;
  const first = i;
  let depth = 0;
  for (; i < tokens.length; i++) {
    const t = tokens[i]!.text;
    if (t === '(' || t === '[') depth++;
    else if (t === ')' || t === ']') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (t === ',' || t === ';' || CONSTRAINT_WORDS.has(t.toLowerCase()))) break;
  }
  return source.slice(tokens[first]!.start, tokens[i - 1]!.end);
}

/** The expression inside CHECK ( ... ) for the CHECK keyword at or after byte `at`. */
export function checkText(source: SourceText, at: number): string {
  const tokens = tokensOf(source);
  let i = tokens.findIndex((t) => t.start >= at && t.text.toLowerCase() === 'check');
  while (tokens[i] && tokens[i]!.text !== '(') i++;
  const open = i;
  let depth = 0;
  for (; i < tokens.length; i++) {
    const t = tokens[i]!.text;
    if (t === '(') depth++;
    else if (t === ')' && --depth === 0) break;
  }
  return source.slice(tokens[open + 1]!.start, tokens[i - 1]!.end);
}
