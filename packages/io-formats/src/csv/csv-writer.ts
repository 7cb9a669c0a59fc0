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
  // Integer columns are written digit by digit (no string per value); int8 when it fits a double exactly.
  const kind = schema.map((c, i) => {
    if (!plain[i] || c.type.array || nullText !== '') return 0;
    if (c.type.name === 'int2' || c.type.name === 'int4') return 1;
    if (c.type.name === 'int8') return 2;
    return 0;
  });
  const putInt = (v: number): void => {
    room(17);
    if (v < 0) {
      buf[pos++] = 45; // -
      v = -v;
    }
    let digits = 1;
    for (let t = v; t >= 10; t = Math.floor(t / 10)) digits++;
    let k = pos + digits;
    pos = k;
    do {
      const q = Math.floor(v / 10);
      buf[--k] = 48 + (v - q * 10);
      v = q;
    } while (v > 0);
  };
  // A text value of plain ASCII with no delimiter, quote or line end (most of them) is copied byte by byte in one pass;
  // anything else takes field() and the encoder.
  const dq = quote.length === 1 ? quote.charCodeAt(0) : -1;
  const dd = delimiter.length === 1 ? delimiter.charCodeAt(0) : -1;
  const textCol = schema.map((c, i) => dq >= 0 && dd >= 0 && !force[i] && !c.type.array && ['text', 'varchar', 'bpchar'].includes(c.type.name));
  const putPlainText = (text: string): boolean => {
    const len = text.length;
    if (len === 0 || text === nullText) return false;
    room(len);
    for (let k = 0; k < len; k++) {
      const ch = text.charCodeAt(k);
      if (ch >= 128 || ch === dd || ch === dq || ch === 10 || ch === 13) return false;
      buf[pos + k] = ch;
    }
    pos += len;
    return true;
  };

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
          const k = kind[i]!;
          if (k === 1) {
            putInt(v as number);
            continue;
          }
          if (k === 2 && (v as bigint) >= -9007199254740991n && (v as bigint) <= 9007199254740991n) {
            putInt(Number(v));
            continue;
          }
          if (textCol[i] && typeof v === 'string' && putPlainText(v)) continue;
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
