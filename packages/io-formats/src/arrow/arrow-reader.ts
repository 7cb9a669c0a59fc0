import type { Value } from '@heliosdb/types';
import * as A from 'apache-arrow';
import { open, type FileHandle } from 'node:fs/promises';
import { FormatError, errorMessage } from '../errors.js';
import { byteChunks, type Source } from '../io/byte-source.js';
import type { ColumnSchema, RowReader } from '../schema.js';
import { recordBatchRows } from './arrow-rows.js';
import { pgTypeOfArrow } from './arrow-types.js';
import { decompress as zstdDecompress } from 'zstd-napi';

// Record batches compressed with ZSTD (as polars and pyarrow can write) are read through zstd-napi. LZ4_FRAME has no
// synchronous decoder here, so such files fail with apache-arrow's error, wrapped with the batch number.
if (!A.compressionRegistry.get(A.CompressionType.ZSTD)) {
  A.compressionRegistry.set(A.CompressionType.ZSTD, { decode: (data: Uint8Array) => zstdDecompress(data) });
}

const SLICE = 8192;

/** Reads Arrow IPC, file or stream format (told apart by the file's magic bytes), one record batch at a time. */
export function createArrowReader(source: Source, stream: boolean, onBytes?: (bytesRead: number) => void): RowReader {
  const format = stream ? 'arrows' : 'arrow';
  let handle: FileHandle | undefined;
  const prepared = (async () => {
    try {
      let reader: A.RecordBatchReader | A.AsyncRecordBatchStreamReader | A.AsyncRecordBatchFileReader;
      if (typeof source === 'string' && !stream) {
        handle = await open(source, 'r');
        reader = await A.RecordBatchReader.from(handle as never);
      } else {
        reader = await A.RecordBatchReader.from(byteChunks(source, onBytes));
      }
      await reader.open();
      const schema: ColumnSchema[] = reader.schema.fields.map((f: A.Field) => ({ name: f.name, type: pgTypeOfArrow(f), nullable: f.nullable }));
      return { reader, schema };
    } catch (e) {
      let size: number | undefined;
      let magic = false;
      if (handle) {
        size = (await handle.stat()).size;
        const head = Buffer.alloc(6);
        await handle.read(head, 0, 6, 0);
        magic = head.toString('latin1') === 'ARROW1';
      }
      await handle?.close();
      if (e instanceof FormatError) throw e;
      if (magic && size !== undefined) {
        // The file format's schema and batch index are in a footer at the end: a cut file has none.
        throw new FormatError(format, `no Arrow IPC footer at the end of the file (file of ${size} bytes; truncated?): ${errorMessage(e)}`,
          { byteOffset: size }, { cause: e });
      }
      throw new FormatError(format, `cannot read the Arrow schema: ${errorMessage(e)}`, { byteOffset: 0 }, { cause: e });
    }
  })();

  async function* rows(): AsyncGenerator<Value[][]> {
    const { reader, schema } = await prepared;
    let batchNo = 0;
    let row = 0;
    try {
      const it = (reader as AsyncIterable<A.RecordBatch>)[Symbol.asyncIterator]();
      for (;;) {
        let next: IteratorResult<A.RecordBatch>;
        try {
          next = await it.next();
        } catch (e) {
          throw new FormatError(format, `broken record batch: ${errorMessage(e)}`, { batch: batchNo, row }, { cause: e });
        }
        if (next.done) break;
        const batch = next.value;
        // Converted and handed out SLICE rows at a time (zero-copy slices): rows of a whole 65,536-row batch
        // alive at once were promoted by the garbage collector, and a 1M-row import peaked at ~300 MB.
        for (let start = 0; start < batch.numRows; start += SLICE) {
          const part = batch.numRows <= SLICE ? batch : batch.slice(start, Math.min(start + SLICE, batch.numRows));
          const out = recordBatchRows(schema, part, (column, e) => {
            throw new FormatError(format, errorMessage(e), { batch: batchNo, row, column }, { cause: e });
          });
          yield out;
          row += part.numRows;
        }
        batchNo++;
      }
    } finally {
      await handle?.close();
    }
  }
  const schema = prepared.then((p) => p.schema);
  // a caller that only iterates rows() sees the error there; do not also report it as unhandled
  schema.catch(() => undefined);
  return { schema, rows };
}
