import * as A from 'apache-arrow';
import { FormatError, errorMessage } from '../errors.js';
import { ByteSink, type Sink } from '../io/byte-sink.js';
import type { ColumnSchema, Row, RowWriter } from '../schema.js';
import { buildColumn } from './arrow-columns.js';
import { PG_TYPE_KEY, arrowTypeOf } from './arrow-types.js';

export interface ArrowWriteOptions {
  /** Rows per record batch (default 65,536); each batch is written as soon as it fills. */
  readonly batchRows?: number;
}

/** Writes the Arrow IPC file format (`stream: false`, .arrow/.ipc) or stream format (.arrows). */
export async function createArrowWriter(sink: Sink, schema: readonly ColumnSchema[], stream: boolean, options: ArrowWriteOptions = {}): Promise<RowWriter> {
  const fields = schema.map(
    (c) => new A.Field(c.name, arrowTypeOf(c.type), c.nullable !== false, new Map([[PG_TYPE_KEY, JSON.stringify(c.type)]])),
  );
  const arrowSchema = new A.Schema(fields);
  const out = await ByteSink.open(sink);
  const w = stream ? new A.RecordBatchStreamWriter() : new A.RecordBatchFileWriter();
  w.reset(undefined, arrowSchema);
  const batchRows = options.batchRows ?? 65_536;
  let columns: unknown[][] = schema.map(() => []);
  let buffered = 0;
  let rowCount = 0;
  let wroteBatch = false;

  // apache-arrow's writer buffers its output in a queue whose toUint8Array(true) copies without consuming (so calling it
  // after every batch would write the stream's start again and again). We take the queued chunks out instead.
  const queue = (w as unknown as { _sink?: { _values?: unknown } })._sink?._values;
  if (!Array.isArray(queue)) throw new Error('apache-arrow: unexpected writer internals (no _sink._values queue); check the pinned version');
  const chunks = queue as Uint8Array[];
  const drainWriter = async () => {
    for (const c of chunks.splice(0)) if (c.byteLength) out.push(c);
    await out.maybeFlush();
  };
  const flushBatch = async () => {
    if (buffered === 0 && wroteBatch) return;
    const datas = schema.map((c, i) => {
      try {
        return buildColumn(c.type, fields[i]!.type, columns[i] as never);
      } catch (e) {
        throw new FormatError(stream ? 'arrows' : 'arrow', errorMessage(e), { row: rowCount - buffered, column: c.name }, { cause: e });
      }
    });
    const struct = A.makeData({ type: new A.Struct(fields), length: buffered, nullCount: 0, children: datas });
    w.write(new A.RecordBatch(arrowSchema, struct));
    wroteBatch = true;
    columns = schema.map(() => []);
    buffered = 0;
    await drainWriter();
  };
  const writer: RowWriter = {
    get rowCount() {
      return rowCount;
    },
    get bytesWritten() {
      return out.bytesWritten;
    },
    async writeRows(rows: readonly Row[]) {
      for (const r of rows) {
        for (let i = 0; i < schema.length; i++) columns[i]!.push(r[i] ?? null);
        rowCount++;
        if (++buffered >= batchRows) await flushBatch();
      }
    },
    write: (row: Row) => writer.writeRows([row]),
    async finish() {
      if (buffered > 0 || !wroteBatch) await flushBatch();
      w.finish();
      await drainWriter();
      await out.finish();
    },
    abort: () => out.abort(),
  };
  return writer;
}
