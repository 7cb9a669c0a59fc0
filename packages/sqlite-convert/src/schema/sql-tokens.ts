/**
 * A tokenizer for SQLite's SQL text (as stored in sqlite_master), enough to split a CREATE TABLE body and to
 * re-emit expressions in PostgreSQL spelling. It never guesses: unknown characters become single-character ops.
 */
export type TokenKind = 'word' | 'ident' | 'string' | 'number' | 'blob' | 'op' | 'param';

export interface Token {
  readonly kind: TokenKind;
  /** For `ident` the unquoted name, for `string` the unescaped text, for `blob` the hex digits; else the source text. */
  readonly text: string;
}

const TWO_CHAR_OPS = new Set(['||', '==', '!=', '<>', '<=', '>=', '<<', '>>', '->']);

export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n') i++;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === "'" || c === '"' || c === '`') {
      const [text, next] = readQuoted(sql, i, c);
      out.push({ kind: c === "'" ? 'string' : 'ident', text });
      i = next;
    } else if (c === '[') {
      const end = sql.indexOf(']', i + 1);
      const stop = end < 0 ? n : end;
      out.push({ kind: 'ident', text: sql.slice(i + 1, stop) });
      i = stop + 1;
    } else if ((c === 'x' || c === 'X') && sql[i + 1] === "'") {
      const [text, next] = readQuoted(sql, i + 1, "'");
      out.push({ kind: 'blob', text });
      i = next;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const m = /^(0[xX][0-9a-fA-F]+|(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?)/.exec(sql.slice(i))!;
      out.push({ kind: 'number', text: m[0] });
      i += m[0].length;
    } else if (/[\p{L}_$]/u.test(c) || c.charCodeAt(0) > 127) {
      let j = i + 1;
      while (j < n && (/[\p{L}\p{N}_$]/u.test(sql[j]!) || sql.charCodeAt(j) > 127)) j++;
      out.push({ kind: 'word', text: sql.slice(i, j) });
      i = j;
    } else if (c === '?' || c === ':' || c === '@') {
      let j = i + 1;
      while (j < n && /[\w]/.test(sql[j]!)) j++;
      out.push({ kind: 'param', text: sql.slice(i, j) });
      i = j;
    } else {
      const two = sql.slice(i, i + 2);
      if (TWO_CHAR_OPS.has(two)) {
        out.push({ kind: 'op', text: two });
        i += 2;
      } else {
        out.push({ kind: 'op', text: c });
        i++;
      }
    }
  }
  return out;
}

function readQuoted(sql: string, start: number, q: string): [string, number] {
  let text = '';
  let i = start + 1;
  for (;;) {
    const end = sql.indexOf(q, i);
    if (end < 0) return [text + sql.slice(i), sql.length];
    text += sql.slice(i, end);
    if (sql[end + 1] === q) {
      text += q;
      i = end + 2;
    } else {
      return [text, end + 1];
    }
  }
}

export function isWord(t: Token | undefined, word: string): boolean {
  return t !== undefined && t.kind === 'word' && t.text.toUpperCase() === word;
}

export function isOp(t: Token | undefined, op: string): boolean {
  return t !== undefined && t.kind === 'op' && t.text === op;
}

/** Index of the `)` matching the `(` at `open`, or -1. */
export function matchParen(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (isOp(tokens[i], '(')) depth++;
    else if (isOp(tokens[i], ')') && --depth === 0) return i;
  }
  return -1;
}

/** Splits tokens[from, to) at top-level commas. */
export function splitTopLevel(tokens: readonly Token[], from: number, to: number): Token[][] {
  const parts: Token[][] = [];
  let cur: Token[] = [];
  let depth = 0;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (isOp(t, '(')) depth++;
    else if (isOp(t, ')')) depth--;
    if (depth === 0 && isOp(t, ',')) {
      parts.push(cur);
      cur = [];
    } else {
      cur.push(t);
    }
  }
  if (cur.length) parts.push(cur);
  return parts;
}

/** PostgreSQL spelling of an identifier: always quoted, so case, spaces, reserved words and unicode survive. */
export function pgIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** SQLite string literal for PRAGMA arguments and generated queries. */
export function sqliteString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** SQLite identifier quoting. */
export function sqliteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
