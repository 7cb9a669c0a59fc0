import { FormatError } from '../errors.js';
import { byteOffsetAt } from '../io/text-chunks.js';

/** One statement of a .sql file: its text up to (not including) the `;`, and where that text starts. */
export interface SqlStatement {
  readonly text: string;
  /** 1-based line of the statement text's first character (leading blank lines and comments included). */
  readonly line: number;
  readonly byteOffset: number;
  /** A psql meta-command line (`\connect db`, `\restrict key`): no `;`, ends at the line end. */
  readonly meta: boolean;
}

const enum State {
  Normal,
  Single,
  Double,
  LineComment,
  BlockComment,
  Dollar,
}

const NEED_MORE = -1 as const;

function isIdentChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c >= 0x80;
}

/**
 * Splits SQL text fed in chunks into statements at top-level semicolons, as psql does: not inside '...' (E'...'
 * with backslash escapes), "...", $tag$...$tag$, -- comments or nested /* comments *\/. A statement may span chunks.
 */
export class SqlSplitter {
  private buf = '';
  private bufByte = 0;
  private bufLine = 1;
  /** Scan position within buf, and the state there. */
  private pos = 0;
  private line = 1;
  private state = State.Normal;
  private escapes = false;
  private depth = 0;
  private tag = '';
  /** Whether the current statement has anything but blanks and comments so far. */
  private started = false;

  feed(text: string, byteOffset: number, out: SqlStatement[]): void {
    if (this.buf.length === 0) this.bufByte = byteOffset;
    this.buf += text;
    this.run(false, out);
  }

  /** Ends the input; text after the last `;` that is not blank is a statement (psql runs it too). */
  end(out: SqlStatement[]): void {
    this.run(true, out);
    const where = { line: this.bufLine, byteOffset: this.bufByte };
    if (this.state === State.Single || this.state === State.Double || this.state === State.Dollar) {
      const what = this.state === State.Single ? 'string literal' : this.state === State.Double ? 'quoted identifier' : `dollar-quoted string $${this.tag}$`;
      throw new FormatError('sql', `unterminated ${what} at end of input (the statement starts here)`, where);
    }
    if (this.state === State.BlockComment) throw new FormatError('sql', 'unterminated /* comment at end of input', where);
    if (this.started) out.push({ text: this.buf, line: this.bufLine, byteOffset: this.bufByte, meta: false });
    this.buf = '';
  }

  private emit(endExclusive: number, next: number, meta: boolean, out: SqlStatement[]): void {
    out.push({ text: this.buf.slice(0, endExclusive), line: this.bufLine, byteOffset: this.bufByte, meta });
    this.bufByte = byteOffsetAt(this.buf, next, this.bufByte);
    this.buf = this.buf.slice(next);
    this.bufLine = this.line;
    this.pos = 0;
    this.started = false;
  }

  private run(final: boolean, out: SqlStatement[]): void {
    for (;;) {
      const r = this.scan(final);
      if (r === NEED_MORE) return;
      if (r.kind === 'semicolon') this.emit(r.at, r.at + 1, false, out);
      else this.emit(r.at, r.at, true, out);
    }
  }

  /** Scans from pos to the next statement end; NEED_MORE when the buffer ends first. */
  private scan(final: boolean): { kind: 'semicolon' | 'meta'; at: number } | typeof NEED_MORE {
    const s = this.buf;
    const len = s.length;
    let p = this.pos;
    const save = (): typeof NEED_MORE => {
      this.pos = p;
      return NEED_MORE;
    };
    while (p < len) {
      const c = s.charCodeAt(p);
      if (c === 0x0a) this.line++;
      switch (this.state) {
        case State.Normal:
          if (c === 0x3b) {
            this.pos = p;
            return { kind: 'semicolon', at: p };
          }
          if (c === 0x27) {
            const prev = p > 0 ? s.charCodeAt(p - 1) : 0;
            const prev2 = p > 1 ? s.charCodeAt(p - 2) : 0;
            this.escapes = (prev === 0x45 || prev === 0x65) && !isIdentChar(prev2);
            this.state = State.Single;
            this.started = true;
          } else if (c === 0x22) {
            this.state = State.Double;
            this.started = true;
          } else if (c === 0x2d || c === 0x2f) {
            if (p + 1 >= len && !final) return save();
            const n = s.charCodeAt(p + 1);
            if (c === 0x2d && n === 0x2d) {
              this.state = State.LineComment;
              p++;
            } else if (c === 0x2f && n === 0x2a) {
              this.state = State.BlockComment;
              this.depth = 1;
              p++;
            } else this.started = true;
          } else if (c === 0x24 && !(p > 0 && isIdentChar(s.charCodeAt(p - 1)))) {
            const m = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(s.slice(p, p + 130));
            if (!m && !final && len - p < 130 && /^\$[A-Za-z0-9_\u0080-\uffff]*$/.test(s.slice(p))) return save();
            this.started = true;
            if (m) {
              this.state = State.Dollar;
              this.tag = m[0];
              p += m[0].length - 1;
            }
          } else if (c === 0x5c && !this.started) {
            // A psql meta-command: the rest of the line.
            const eol = s.indexOf('\n', p);
            if (eol < 0 && !final) return save();
            const end = eol < 0 ? len : eol + 1;
            if (eol >= 0) this.line++;
            this.pos = end;
            return { kind: 'meta', at: end };
          } else if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) this.started = true;
          break;
        case State.Single:
          if (c === 0x5c && this.escapes) {
            if (p + 1 >= len && !final) return save();
            if (s.charCodeAt(p + 1) === 0x0a) this.line++;
            p++;
          } else if (c === 0x27) {
            if (p + 1 >= len && !final) return save();
            if (s.charCodeAt(p + 1) === 0x27) p++;
            else this.state = State.Normal;
          }
          break;
        case State.Double:
          if (c === 0x22) {
            if (p + 1 >= len && !final) return save();
            if (s.charCodeAt(p + 1) === 0x22) p++;
            else this.state = State.Normal;
          }
          break;
        case State.LineComment:
          if (c === 0x0a) this.state = State.Normal;
          break;
        case State.BlockComment:
          if (c === 0x2a || c === 0x2f) {
            if (p + 1 >= len && !final) return save();
            const n = s.charCodeAt(p + 1);
            if (c === 0x2a && n === 0x2f) {
              p++;
              if (--this.depth === 0) this.state = State.Normal;
            } else if (c === 0x2f && n === 0x2a) {
              p++;
              this.depth++;
            }
          }
          break;
        case State.Dollar:
          if (c === 0x24) {
            if (p + this.tag.length > len && !final) return save();
            if (s.startsWith(this.tag, p)) {
              p += this.tag.length - 1;
              this.state = State.Normal;
            }
          }
          break;
      }
      p++;
    }
    return save();
  }
}
