import { FormatError } from '../errors.js';
import { byteOffsetAt } from '../io/text-chunks.js';

/** One CSV record: raw field texts, which of them were quoted (a quoted field is never NULL), and its first line. */
export interface CsvRecord {
  readonly fields: string[];
  readonly quoted: boolean[];
  readonly line: number;
}

export interface CsvDialect {
  readonly delimiter: string;
  readonly quote: string;
  /** Defaults to `quote` (RFC 4180 doubling). */
  readonly escape: string;
}

const LF = 10;
const CR = 13;

/**
 * An RFC 4180 tokenizer fed text in chunks. A record may span chunks; an incomplete one is kept until more text
 * (or the end) arrives. Line ends are LF, CRLF or CR; quoted fields may hold any of them.
 */
export class CsvTokenizer {
  private buf = '';
  private bufByteOffset = 0;
  private line = 1;
  private readonly d: number;
  private readonly q: number;
  private readonly e: number;

  constructor(private readonly dialect: CsvDialect) {
    this.d = dialect.delimiter.charCodeAt(0);
    this.q = dialect.quote.charCodeAt(0);
    this.e = dialect.escape.charCodeAt(0);
  }

  /** Adds text and returns the records completed by it. */
  feed(text: string, byteOffset: number, out: CsvRecord[]): void {
    if (this.buf.length === 0) this.bufByteOffset = byteOffset;
    this.buf += text;
    this.run(false, out);
  }

  /** Ends the input: the last record may lack a line end; an open quote is an error. */
  end(out: CsvRecord[]): void {
    this.run(true, out);
  }

  private run(final: boolean, out: CsvRecord[]): void {
    const buf = this.buf;
    const len = buf.length;
    const { delimiter, quote, escape } = this.dialect;
    let pos = 0;
    // The next quote, escape and CR at or after pos (len when none): a line holding none of them splits at the
    // delimiter natively. Each indexOf runs once per occurrence, so this stays linear.
    let nextQuote = -1;
    let nextEscape = -1;
    let nextCr = -1;
    for (;;) {
      if (pos >= len) break;
      const nl = buf.indexOf('\n', pos);
      if (nl >= 0) {
        if (nextQuote < pos) nextQuote = indexOr(buf, quote, pos, len);
        if (nextEscape < pos) nextEscape = escape === quote ? nextQuote : indexOr(buf, escape, pos, len);
        if (nextCr < pos) nextCr = indexOr(buf, '\r', pos, len);
        if (nextQuote > nl && nextEscape > nl && nextCr >= nl - 1) {
          const end = nextCr === nl - 1 ? nl - 1 : nl;
          const fields = buf.slice(pos, end).split(delimiter);
          out.push({ fields, quoted: unquoted(fields.length), line: this.line++ });
          pos = nl + 1;
          continue;
        }
      }
      const start = pos;
      const startLine = this.line;
      const fields = this.record(buf, pos, final);
      if (fields === undefined) {
        this.line = startLine;
        pos = start;
        break;
      }
      pos = this.recordEnd;
      out.push({ fields, quoted: this.quoted, line: startLine });
    }
    if (pos > 0) {
      this.bufByteOffset = byteOffsetAt(buf, pos, this.bufByteOffset);
      this.buf = buf.slice(pos);
    }
  }

  /** Set by record(): where the record ended, and which of its fields were quoted. */
  private recordEnd = 0;
  private quoted: boolean[] = [];

  /** Parses one record at `pos` (its fields); undefined when the buffer ends inside it and more text may come. */
  private record(buf: string, pos: number, final: boolean): string[] | undefined {
    const len = buf.length;
    const { d, q, e } = this;
    const fields: string[] = [];
    const quoted: boolean[] = [];
    this.quoted = quoted;
    const recordStart = pos;
    const recordLine = this.line;
    for (;;) {
      let value = '';
      let wasQuoted = false;
      if (pos < len && buf.charCodeAt(pos) === q) {
        wasQuoted = true;
        pos++;
        let seg = pos;
        for (;;) {
          let i = pos;
          while (i < len) {
            const c = buf.charCodeAt(i);
            if (c === q || c === e) break;
            if (c === LF) this.line++;
            i++;
          }
          if (i >= len) {
            if (!final) return undefined;
            throw new FormatError('csv', `unclosed quote in field ${fields.length + 1} (the record starts here)`, {
              line: recordLine,
              column: fields.length + 1,
              byteOffset: byteOffsetAt(buf, recordStart, this.bufByteOffset),
            });
          }
          const c = buf.charCodeAt(i);
          if (i + 1 >= len && !final) return undefined;
          const next = i + 1 < len ? buf.charCodeAt(i + 1) : -1;
          if (c === e && e !== q) {
            // An escape character escapes only the quote or itself; elsewhere it is literal (as in PostgreSQL).
            if (next === q || next === e) {
              value += buf.slice(seg, i) + buf[i + 1];
              pos = seg = i + 2;
            } else {
              pos = i + 1;
            }
            continue;
          }
          if (next === q) {
            value += buf.slice(seg, i + 1);
            pos = seg = i + 2;
            continue;
          }
          value += buf.slice(seg, i);
          pos = i + 1;
          break;
        }
      }
      // unquoted text (or text after a closing quote, which PostgreSQL also appends)
      let i = pos;
      while (i < len) {
        const c = buf.charCodeAt(i);
        if (c === d || c === LF || c === CR) break;
        i++;
      }
      if (i > pos) value = wasQuoted ? value + buf.slice(pos, i) : buf.slice(pos, i);
      fields.push(value);
      quoted.push(wasQuoted);
      if (i >= len) {
        if (!final) return undefined;
        this.recordEnd = i;
        return fields;
      }
      const c = buf.charCodeAt(i);
      if (c === d) {
        pos = i + 1;
        continue;
      }
      if (c === CR) {
        if (i + 1 >= len && !final) return undefined;
        this.line++;
        this.recordEnd = i + 1 < len && buf.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
        return fields;
      }
      this.line++;
      this.recordEnd = i + 1;
      return fields;
    }
  }
}

function indexOr(buf: string, ch: string, from: number, none: number): number {
  const i = buf.indexOf(ch, from);
  return i < 0 ? none : i;
}

const UNQUOTED: boolean[][] = [];

/** A shared all-false `quoted` array of `n` fields (readers never write to it). */
function unquoted(n: number): boolean[] {
  return (UNQUOTED[n] ??= new Array<boolean>(n).fill(false));
}
