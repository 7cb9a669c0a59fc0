import { ByteSink, type Sink } from '../io/byte-sink.js';
import type { ColumnSchema, Row, RowWriter } from '../schema.js';
import { valueToJson } from './json-convert.js';

/** Writes one JSON array of objects (`lines: false`) or one object per line (JSONL / NDJSON). */
export async function createJsonWriter(sink: Sink, schema: readonly ColumnSchema[], lines: boolean): Promise<RowWriter> {
  const out = await ByteSink.open(sink);
  const keys = schema.map((c, i) => (i === 0 ? '{' : ',') + JSON.stringify(c.name) + ':');
  let rowCount = 0;
  if (!lines) out.push('[');
  const writer: RowWriter = {
    get rowCount() {
      return rowCount;
    },
    get bytesWritten() {
      return out.bytesWritten;
    },
    async writeRows(rows: readonly Row[]) {
      let s = '';
      for (const r of rows) {
        s += lines ? '' : rowCount === 0 ? '\n' : ',\n';
        for (let i = 0; i < schema.length; i++) s += keys[i] + valueToJson(schema[i]!.type, r[i] ?? null);
        s += schema.length === 0 ? '{}' : '}';
        if (lines) s += '\n';
        rowCount++;
        if (s.length > 65536) {
          out.push(s);
          s = '';
        }
      }
      if (s) out.push(s);
      await out.maybeFlush();
    },
    write: (row: Row) => writer.writeRows([row]),
    async finish() {
      if (!lines) out.push(rowCount === 0 ? ']\n' : '\n]\n');
      await out.finish();
    },
    abort: () => out.abort(),
  };
  return writer;
}
