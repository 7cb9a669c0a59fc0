import * as A from 'apache-arrow';
import { FormatError, errorMessage } from '../errors.js';
import { ByteSink, type Sink } from '../io/byte-sink.js';
import type { ColumnSchema, Row, RowWriter } from '../schema.js';
import { columnBuilder } from './arrow-builders.js';
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
  // values go into Arrow buffers as they arrive (no JS value kept per cell until the batch is laid out)
  const builders = schema.map((c, i) => columnBuilder(c.type, fields[i]!.type, Math.min(batchRows, 1 << 14)));
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
    const datas = builders.map((b) => b.finish());
    const struct = A.makeData({ type: new A.Struct(fields), length: buffered, nullCount: 0, children: datas });
    w.write(new A.RecordBatch(arrowSchema, struct));
    wroteBatch = true;
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
      const ncols = builders.length;
      for (const r of rows) {
        let i = 0;
        try {
          for (; i < ncols; i++) builders[i]!.add(r[i] ?? null);
        } catch (e) {
          throw new FormatError(stream ? 'arrows' : 'arrow', errorMessage(e), { row: rowCount, column: schema[i]!.name }, { cause: e });
        }
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
