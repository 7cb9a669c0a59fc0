/**
 * Lifting literals out of a simple query so that queries differing only in constants share one parse
 * and one plan: `SELECT abalance FROM pgbench_accounts WHERE aid = 12345` becomes
 * `... WHERE aid = $1   ` with the parameter 12345. Only where a parameter means exactly what the
 * literal meant:
 *
 * - single SELECT statements without GROUP BY, HAVING, DISTINCT, windows, INTO, set operations or
 *   locking clauses (there a constant can be part of an expression that must match another one);
 * - a literal right after a comparison operator (=, <>, !=, <, <=, >, >=): an integer that fits int4
 *   (a parameter holding a JS number is int4, as the literal is) or a plain '...' string (untyped,
 *   as the literal is; it takes its type from the context);
 * - the placeholder is padded with spaces to the literal's length, so every error position in the
 *   rewritten text is the position in the original.
 *
 * Anything the small lexer below is unsure of (positional parameters, dollar quoting, E'' and other
 * prefixed strings, string continuation, several statements) leaves the query as it is.
 */
import type { Value } from '@heliosdb/types';

export interface LiftedQuery {
  /** The query with $n placeholders, each padded to its literal's length. */
  readonly text: string;
  readonly params: Value[];
}

type TokenKind = 'word' | 'op' | 'punct' | 'string' | 'integer' | 'number' | 'quoted';

interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  /** Lower-cased word, the operator, the punctuation, or the string's value. */
  readonly value: string;
}

const COMPARISON = new Set(['=', '<>', '!=', '<', '<=', '>', '>=']);
const REFUSED_WORDS = new Set(['group', 'having', 'distinct', 'window', 'over', 'into', 'union', 'intersect', 'except', 'for']);
const OP_CHARS = '+-*/<>=~!@#%^&|`?';
const INT4_MAX = 2147483647;

/** The query with its liftable literals as parameters, or undefined when there is nothing (safe) to lift. */
export function liftLiterals(sql: string): LiftedQuery | undefined {
  const tokens = lex(sql);
  if (!tokens || tokens.length === 0) return undefined;
  if (tokens[0]!.kind !== 'word' || tokens[0]!.value !== 'select') return undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'word' && REFUSED_WORDS.has(t.value)) return undefined;
    // One statement only; a trailing semicolon is fine.
    if (t.kind === 'punct' && t.value === ';' && i !== tokens.length - 1) return undefined;
  }
  const params: Value[] = [];
  let text = '';
  let copied = 0;
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    const prev = tokens[i - 1]!;
    if (prev.kind !== 'op' || !COMPARISON.has(prev.value)) continue;
    let value: Value;
    if (t.kind === 'integer') {
      const n = Number(t.value);
      if (n > INT4_MAX) continue;
      value = n;
    } else if (t.kind === 'string') {
      // 'a' 'b' on separate lines is one literal; leave such queries alone.
      if (tokens[i + 1]?.kind === 'string') continue;
      value = t.value;
    } else continue;
    const placeholder = `$${params.length + 1}`;
    const width = t.end - t.start;
    const next = sql.charCodeAt(t.end);
    // Keep a separator when the next character could continue the placeholder ($12, $1a).
    if (width < placeholder.length + (isIdentChar(next) || next === 0x24 ? 1 : 0)) continue;
    text += sql.slice(copied, t.start) + placeholder + ' '.repeat(width - placeholder.length);
    copied = t.end;
    params.push(value);
  }
  if (params.length === 0) return undefined;
  return { text: text + sql.slice(copied), params };
}

/** PostgreSQL's lexical structure, as far as lifting needs it; undefined for anything unusual. */
function lex(sql: string): Token[] | undefined {
  const tokens: Token[] = [];
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0x0c) {
      i++;
      continue;
    }
    // -- comment
    if (c === 0x2d && sql.charCodeAt(i + 1) === 0x2d) {
      while (i < n && sql.charCodeAt(i) !== 0x0a) i++;
      continue;
    }
    // /* comment */, nested
    if (c === 0x2f && sql.charCodeAt(i + 1) === 0x2a) {
      let depth = 0;
      while (i < n) {
        if (sql.charCodeAt(i) === 0x2f && sql.charCodeAt(i + 1) === 0x2a) {
          depth++;
          i += 2;
        } else if (sql.charCodeAt(i) === 0x2a && sql.charCodeAt(i + 1) === 0x2f) {
          depth--;
          i += 2;
          if (depth === 0) break;
        } else i++;
      }
      if (depth !== 0) return undefined;
      continue;
    }
    const start = i;
    if (c === 0x27) {
      // 'string' with '' for a quote (standard_conforming_strings is on).
      let value = '';
      i++;
      for (;;) {
        if (i >= n) return undefined;
        const d = sql.charCodeAt(i);
        if (d >= 0xd800 && d <= 0xdfff) return undefined; // keep positions in code points equal
        if (d === 0x27) {
          if (sql.charCodeAt(i + 1) === 0x27) {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += sql[i];
        i++;
      }
      tokens.push({ kind: 'string', start, end: i, value });
      continue;
    }
    if (c === 0x22) {
      i++;
      for (;;) {
        if (i >= n) return undefined;
        if (sql.charCodeAt(i) === 0x22) {
          if (sql.charCodeAt(i + 1) === 0x22) {
            i += 2;
            continue;
          }
          i++;
          break;
        }
        i++;
      }
      tokens.push({ kind: 'quoted', start, end: i, value: sql.slice(start, i) });
      continue;
    }
    // $1 parameters and $$ / $tag$ quoting: not for this lexer.
    if (c === 0x24) return undefined;
    if (isDigit(c) || (c === 0x2e && isDigit(sql.charCodeAt(i + 1)))) {
      let integer = true;
      while (i < n && isDigit(sql.charCodeAt(i))) i++;
      if (sql.charCodeAt(i) === 0x2e && sql.charCodeAt(i + 1) !== 0x2e) {
        integer = false;
        i++;
        while (i < n && isDigit(sql.charCodeAt(i))) i++;
      }
      if (sql.charCodeAt(i) === 0x65 || sql.charCodeAt(i) === 0x45) return undefined; // exponents: leave alone
      // 123abc and 0x1f are lexed differently across PostgreSQL versions.
      if (isIdentChar(sql.charCodeAt(i))) return undefined;
      tokens.push({ kind: integer ? 'integer' : 'number', start, end: i, value: sql.slice(start, i) });
      continue;
    }
    if (isIdentStart(c)) {
      while (i < n && isIdentChar(sql.charCodeAt(i))) i++;
      // E'..', B'..', X'..', N'..', U&'..' and typed literals written without a space: leave alone.
      const d = sql.charCodeAt(i);
      if (d === 0x27 || (d === 0x26 && sql.charCodeAt(i + 1) === 0x27)) return undefined;
      tokens.push({ kind: 'word', start, end: i, value: sql.slice(start, i).toLowerCase() });
      continue;
    }
    if (OP_CHARS.includes(sql[i]!)) {
      while (i < n && OP_CHARS.includes(sql[i]!)) {
        // A comment start ends the operator.
        if ((sql.charCodeAt(i) === 0x2d && sql.charCodeAt(i + 1) === 0x2d) || (sql.charCodeAt(i) === 0x2f && sql.charCodeAt(i + 1) === 0x2a)) break;
        i++;
      }
      tokens.push({ kind: 'op', start, end: i, value: sql.slice(start, i) });
      continue;
    }
    if (c === 0x3a && sql.charCodeAt(i + 1) === 0x3a) {
      tokens.push({ kind: 'punct', start, end: i + 2, value: '::' });
      i += 2;
      continue;
    }
    if ('(),;[].:'.includes(sql[i]!)) {
      tokens.push({ kind: 'punct', start, end: i + 1, value: sql[i]! });
      i++;
      continue;
    }
    return undefined;
  }
  return tokens;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isIdentStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c >= 0x80;
}

function isIdentChar(c: number): boolean {
  return isIdentStart(c) || isDigit(c) || c === 0x24;
}
