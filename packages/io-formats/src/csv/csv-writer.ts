import type { Value } from '@heliosdb/types';
import { ByteSink, type Sink } from '../io/byte-sink.js';
import type { ColumnSchema, Row, RowWriter } from '../schema.js';
import { formatText } from '../values/pg-text.js';
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

  const field = (text: string, i: number): string => {
    if (force[i] || text === nullText || needs.test(text)) {
      return quote + text.replace(escapeRe, (m) => escape + m) + quote;
    }
    return text;
  };
  const line = (row: readonly Value[]): string => {
    let s = '';
    for (let i = 0; i < schema.length; i++) {
      if (i > 0) s += delimiter;
      const v = row[i];
      s += v === null || v === undefined ? nullText : field(formatText(schema[i]!.type, v), i);
    }
    return s + '\n';
  };

  if (options.header ?? true) out.push(schema.map((c, i) => field(c.name, i)).join(delimiter) + '\n');
  const writer: RowWriter = {
    get rowCount() {
      return rowCount;
    },
    async writeRows(rows: readonly Row[]) {
      let chunk = '';
      for (const r of rows) {
        chunk += line(r);
        if (chunk.length > 65536) {
          out.push(chunk);
          chunk = '';
        }
      }
      if (chunk) out.push(chunk);
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
