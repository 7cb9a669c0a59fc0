import type { Value } from '@heliosdb/types';
import { ByteSink, type Sink } from '../io/byte-sink.js';
import type { ColumnSchema, Row, RowWriter } from '../schema.js';
import { plainText, textFormatter } from '../values/text-format.js';
import { csvDialect, type CsvOptions } from './csv-options.js';

/** Writes CSV as PostgreSQL's COPY ... (FORMAT csv) does: values in PostgreSQL text form, NULL as the NULL string. */
export async function createCsvWriter(sink: Sink, schema: readonly ColumnSchema[], options: CsvOptions = {}): Promise<RowWriter> {
  const { delimiter, quote, escape } = csvDialect(options);
  const nullText = options.null ?? '';
  const fq = options.forceQuote;
  const force = schema.map((c) => fq === true || (Array.isArray(fq) && fq.includes(c.name)));
  const needs = new RegExp(`[${escapeClass(delimiter)}${escapeClass(quote)}\\r\\n]`);
  const escapeRe = new RegExp(`[${escapeClass(quote)}${escapeClass(escape)}]`, 'g');
  const out = await ByteSink.open(sink);
  let rowCount = 0;

  const doubled = quote + quote;
  const field = (text: string, i: number): string => {
    if (force[i] || text === nullText || needs.test(text)) {
      // RFC 4180 doubling (escape = quote) needs no callback per match.
      if (escape === quote) return quote + (text.includes(quote) ? text.replaceAll(quote, doubled) : text) + quote;
      return quote + text.replace(escapeRe, (m) => escape + m) + quote;
    }
    return text;
  };
  // Per column: its formatter, and whether its text can never need quotes (numbers, dates: no delimiter, quote
  // or line end; never empty), which skips the test for most columns.
  const formats = schema.map((c) => textFormatter(c.type));
  const plainSafe = !/[0-9A-Za-z.+\-: ]/.test(delimiter + quote);
  const plain = schema.map((c, i) => plainSafe && !force[i] && plainText(c.type));
  const n = schema.length;
  // Rows are encoded straight into 64 KiB buffers (no per-row strings to concatenate and collect); a pushed
  // piece is never written again. ASCII-only types are copied as latin1, the rest encoded as UTF-8.
  const delimBytes = Buffer.from(delimiter, 'utf8');
  const delimByte = delimBytes.length === 1 ? delimBytes[0]! : -1;
  const CHUNK = 1 << 16;
  let buf = Buffer.allocUnsafe(CHUNK);
  let start = 0;
  let pos = 0;
  const room = (bytes: number): void => {
    if (pos + bytes <= buf.length) return;
    if (pos > start) out.push(buf.subarray(start, pos));
    buf = Buffer.allocUnsafe(Math.max(CHUNK, bytes));
    start = pos = 0;
  };
  const put = (text: string, ascii: boolean): void => {
    const len = text.length;
    if (ascii && len <= 32) {
      // Short ASCII (numbers, dates): a byte loop beats a call into the encoder.
      room(len);
      for (let k = 0; k < len; k++) buf[pos + k] = text.charCodeAt(k);
      pos += len;
      return;
    }
    room(ascii ? len : len * 3);
    pos += buf.write(text, pos, ascii ? 'latin1' : 'utf8');
  };
  const nullAscii = /^[\x00-\x7f]*$/.test(nullText);

  if (options.header ?? true) out.push(schema.map((c, i) => field(c.name, i)).join(delimiter) + '\n');
  const writer: RowWriter = {
    get rowCount() {
      return rowCount;
    },
    get bytesWritten() {
      return out.bytesWritten;
    },
    async writeRows(rows: readonly Row[]) {
      for (const row of rows) {
        for (let i = 0; i < n; i++) {
          if (i > 0) {
            if (delimByte >= 0) {
              room(1);
              buf[pos++] = delimByte;
            } else put(delimiter, false);
          }
          const v = row[i];
          if (v === null || v === undefined) {
            if (nullText !== '') put(nullText, nullAscii);
            continue;
          }
          const text = formats[i]!(v);
          if (plain[i] && text !== nullText) put(text, true);
          else put(field(text, i), false);
        }
        room(1);
        buf[pos++] = 10;
      }
      if (pos > start) {
        out.push(buf.subarray(start, pos));
        start = pos;
      }
      rowCount += rows.length;
      await out.maybeFlush();
    },
    write: (row: Row) => writer.writeRows([row]),
    finish: () => out.finish(),
    abort: () => out.abort(),
  };
  return writer;
}

function escapeClass(ch: string): string {
  return ch.replace(/[\\\]^\-[]/g, '\\$&');
}
