import { FormatError } from '../errors.js';
import { byteOffsetAt } from '../io/text-chunks.js';
import type { SqlStatement } from './sql-splitter.js';

/** A token of one statement. Unquoted identifiers and keywords are folded to lower case, as PostgreSQL does. */
export interface SqlToken {
  readonly kind: 'ident' | 'qident' | 'string' | 'number' | 'op' | 'end';
  /** Identifier (folded), string contents (unescaped), number text, or the operator. */
  readonly value: string;
  /** Index of the token's first character in the statement text. */
  readonly at: number;
}

const OPS = new Set(['(', ')', ',', '.', '[', ']', '-', '+', '=', '*', ':', ';', '<', '>', '/', '%', '^', '|', '&', '!', '~', '@', '#', '?']);

/** Tokens of a statement: identifiers, strings ('...', E'...', $tag$...$tag$), numbers and operators ('::' is one). */
export class SqlLexer {
  private p = 0;
  constructor(readonly stmt: SqlStatement) {}

  /** 1-based line and byte offset of a character of the statement, for errors. */
  place(at: number): { line: number; byteOffset: number } {
    let line = this.stmt.line;
    const t = this.stmt.text;
    for (let i = t.indexOf('\n'); i !== -1 && i < at; i = t.indexOf('\n', i + 1)) line++;
    return { line, byteOffset: byteOffsetAt(t, at, this.stmt.byteOffset) };
  }

  fail(at: number, message: string): never {
    throw new FormatError('sql', message, this.place(at));
  }

  next(): SqlToken {
    const s = this.stmt.text;
    const len = s.length;
    let p = this.skipBlank(this.p);
    if (p >= len) {
      this.p = p;
      return { kind: 'end', value: '', at: p };
    }
    const start = p;
    const c = s[p]!;
    let tok: SqlToken;
    if ((c === 'E' || c === 'e') && s[p + 1] === "'") {
      const [value, end] = this.quoted(p + 1, true);
      tok = { kind: 'string', value, at: start };
      p = end;
    } else if (c === "'") {
      const [value, end] = this.quoted(p, false);
      tok = { kind: 'string', value, at: start };
      p = end;
    } else if (c === '"') {
      let v = '';
      let i = p + 1;
      for (;;) {
        const j = s.indexOf('"', i);
        if (j < 0) this.fail(start, 'unterminated quoted identifier');
        v += s.slice(i, j);
        if (s[j + 1] === '"') {
          v += '"';
          i = j + 2;
        } else {
          p = j + 1;
          break;
        }
      }
      tok = { kind: 'qident', value: v, at: start };
    } else if (c === '$' && /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.test(s.slice(p, p + 130))) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(s.slice(p, p + 130))![0];
      const end = s.indexOf(tag, p + tag.length);
      if (end < 0) this.fail(start, `unterminated dollar-quoted string ${tag}`);
      tok = { kind: 'string', value: s.slice(p + tag.length, end), at: start };
      p = end + tag.length;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(s[p + 1] ?? ''))) {
      const m = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(s.slice(p, p + 2000))!;
      p += m[0].length;
      if (p < len && /[A-Za-z_]/.test(s[p]!)) this.fail(start, `syntax error at or near "${s.slice(start, p + 1)}"`);
      tok = { kind: 'number', value: m[0], at: start };
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      const m = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/.exec(s.slice(p, p + 200))!;
      p += m[0].length;
      tok = { kind: 'ident', value: m[0].toLowerCase(), at: start };
    } else if (c === ':' && s[p + 1] === ':') {
      p += 2;
      tok = { kind: 'op', value: '::', at: start };
    } else if (OPS.has(c)) {
      p++;
      tok = { kind: 'op', value: c, at: start };
    } else {
      this.fail(start, `syntax error at or near "${c}"`);
    }
    this.p = p;
    return tok;
  }

  private skipBlank(p: number): number {
    const s = this.stmt.text;
    for (;;) {
      while (p < s.length && /\s/.test(s[p]!)) p++;
      if (s.startsWith('--', p)) {
        const eol = s.indexOf('\n', p);
        p = eol < 0 ? s.length : eol + 1;
      } else if (s.startsWith('/*', p)) {
        let depth = 1;
        let i = p + 2;
        while (depth > 0) {
          const open = s.indexOf('/*', i);
          const close = s.indexOf('*/', i);
          if (close < 0) this.fail(p, 'unterminated /* comment');
          if (open >= 0 && open < close) {
            depth++;
            i = open + 2;
          } else {
            depth--;
            i = close + 2;
          }
        }
        p = i;
      } else return p;
    }
  }

  /** A '...' string at `p` (the opening quote); with `escapes`, C-style backslash escapes (E'...'). */
  private quoted(p: number, escapes: boolean): [string, number] {
    const s = this.stmt.text;
    let out = '';
    let i = p + 1;
    for (;;) {
      if (i >= s.length) this.fail(p, 'unterminated string literal');
      const ch = s[i]!;
      if (ch === "'") {
        if (s[i + 1] === "'") {
          out += "'";
          i += 2;
          continue;
        }
        return [out, i + 1];
      }
      if (ch === '\\' && escapes) {
        const [text, used] = unescape(s, i + 1);
        out += text;
        i += 1 + used;
        continue;
      }
      out += ch;
      i++;
    }
  }
}

/** One backslash escape of an E'...' string, starting after the backslash: its text and the characters used. */
function unescape(s: string, i: number): [string, number] {
  const c = s[i] ?? '';
  const simple: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
  if (c in simple) return [simple[c]!, 1];
  let m: RegExpExecArray | null;
  if ((m = /^x([0-9A-Fa-f]{1,2})/.exec(s.slice(i, i + 3)))) return [String.fromCharCode(parseInt(m[1]!, 16)), m[0].length];
  if ((m = /^[0-7]{1,3}/.exec(s.slice(i, i + 3)))) return [String.fromCharCode(parseInt(m[0], 8) & 0xff), m[0].length];
  if ((m = /^u([0-9A-Fa-f]{4})/.exec(s.slice(i, i + 5)))) return [String.fromCodePoint(parseInt(m[1]!, 16)), 5];
  if ((m = /^U([0-9A-Fa-f]{8})/.exec(s.slice(i, i + 9)))) return [String.fromCodePoint(parseInt(m[1]!, 16)), 9];
  return [c, c.length];
}
