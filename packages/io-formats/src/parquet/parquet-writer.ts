import * as A from 'apache-arrow';
import { FormatError, errorMessage } from '../errors.js';
import { ByteSink, type Sink } from '../io/byte-sink.js';
import type { ColumnSchema, Row, RowWriter } from '../schema.js';
import { columnBuilder } from '../arrow/arrow-builders.js';
import { parquetArrowType } from './parquet-arrow.js';
import { addUuidLogicalType } from './parquet-footer.js';
import { PG_SCHEMA_KEY } from './parquet-types.js';
import { parquetWasm } from './parquet-wasm.js';

export type ParquetCompression = 'snappy' | 'zstd' | 'gzip' | 'uncompressed';

export interface ParquetWriteOptions {
  /** Page compression; default snappy. */
  readonly compression?: ParquetCompression;
  /** Rows per row group; a group is encoded and written as soon as it fills. Default 122,880 (DuckDB's). */
  readonly rowGroupSize?: number;
}

const CODECS = { snappy: 'SNAPPY', zstd: 'ZSTD', gzip: 'GZIP', uncompressed: 'UNCOMPRESSED' } as const;

/**
 * Writes Parquet through parquet-wasm (arrow-rs): rows are laid out as Arrow record batches, handed to
 * arrow-rs's streaming writer as Arrow IPC (in batches of up to 16,384 rows, which it gathers into row groups), and
 * the encoded bytes it gives back go to the sink as they come, so memory holds about one row group whatever the row
 * count.
 */
export async function createParquetWriter(sink: Sink, schema: readonly ColumnSchema[], options: ParquetWriteOptions = {}): Promise<RowWriter> {
  const compression = options.compression ?? 'snappy';
  const codec = CODECS[compression];
  if (!codec) throw new FormatError('parquet', `unknown compression "${compression}"; use one of ${Object.keys(CODECS).join(', ')}`);
  const groupSize = options.rowGroupSize ?? 122_880;
  const P = await parquetWasm();
  const fields = schema.map((c) => new A.Field(c.name, parquetArrowType(c.type), c.nullable !== false));
  const arrowSchema = new A.Schema(fields);
  const uuidLeaves = new Set(fields.flatMap((f, i) => (f.type.typeId === A.Type.FixedSizeBinary ? [i] : [])));
  const props = new P.WriterPropertiesBuilder()
    .setCompression(P.Compression[codec])
    .setMaxRowGroupSize(groupSize)
    // arrow-rs builds each column's dictionary until the page limit (default 1 MiB) before falling back to plain
    // encoding: on a column of mostly distinct values that hashing was 80% of the write time. At 64 KiB, columns of a
    // few thousand distinct values keep their dictionary and the others fall back early (1M-row benchmark: encoding
    // 1.3 -> 0.3 s CPU, file 42.9 -> 33.4 MB).
    .setDictionaryPageSizeLimit(64 * 1024)
    .setCreatedBy('heliosdb-nano io-formats (parquet-wasm)')
    .setKeyValueMetadata(new Map([[PG_SCHEMA_KEY, JSON.stringify(schema)]]))
    .build();

  const out = await ByteSink.open(sink);
  // Batches go to arrow-rs one at a time: pull() waits for the next one, and writeRows waits until it was taken.
  let offer: ((b: unknown) => void) | undefined;
  let nextBatch: unknown;
  let taken: (() => void) | undefined;
  const input = new ReadableStream<unknown>(
    {
      pull(controller) {
        return new Promise<void>((resolve) => {
          const give = (b: unknown) => {
            if (b === END) controller.close();
            else controller.enqueue(b);
            resolve();
            const t = taken;
            taken = undefined;
            t?.();
          };
          if (nextBatch !== undefined) {
            const b = nextBatch;
            nextBatch = undefined;
            give(b);
          } else offer = give;
        });
      },
    },
    { highWaterMark: 0 },
  );
  const END = Symbol('end');
  const hand = (b: unknown) =>
    new Promise<void>((resolve) => {
      taken = resolve;
      if (offer) {
        const o = offer;
        offer = undefined;
        o(b);
      } else nextBatch = b;
    });

  // The encoded file, chunk by chunk, into the sink. With uuid columns the tail is held back until the end, when
  // the footer gets the UUID logical type (parquet-footer.ts).
  let failure: unknown;
  const tail: Uint8Array[] = [];
  let tailBytes = 0;
  const pump = (async () => {
    const encoded = await P.transformParquetStream(input, props);
    for await (const chunk of encoded as unknown as AsyncIterable<Uint8Array>) {
      if (uuidLeaves.size === 0) {
        out.push(chunk);
        await out.maybeFlush();
        continue;
      }
      tail.push(chunk);
      tailBytes += chunk.byteLength;
      while (tail.length > 1 && tailBytes - tail[0]!.byteLength >= 1 << 20) {
        const c = tail.shift()!;
        tailBytes -= c.byteLength;
        out.push(c);
      }
      await out.maybeFlush();
    }
  })().catch((e: unknown) => {
    failure = e;
    // unblock a writer waiting for its batch to be taken
    const t = taken;
    taken = undefined;
    t?.();
  });
  const check = () => {
    if (failure !== undefined) throw new FormatError('parquet', `parquet-wasm: ${errorMessage(failure)}`, { row: rowCount }, { cause: failure });
  };

  // Rows go to arrow-rs in batches of up to 16,384 (it cuts row groups of groupSize from them): smaller batches
  // keep the Arrow buffers here and their copies in WebAssembly memory small.
  const batchRows = Math.min(groupSize, 16_384);
  const builders = schema.map((c, i) => columnBuilder(c.type, fields[i]!.type, batchRows));
  let buffered = 0;
  let rowCount = 0;

  const flushBatch = async () => {
    if (buffered === 0) return;
    const datas = builders.map((b) => b.finish());
    const struct = A.makeData({ type: new A.Struct(fields), length: buffered, nullCount: 0, children: datas });
    const ipc = A.tableToIPC(new A.Table([new A.RecordBatch(arrowSchema, struct)]), 'stream');
    buffered = 0;
    const table = P.Table.fromIPCStream(ipc);
    for (const rb of table.recordBatches()) {
      check();
      await hand(rb);
    }
    table.free();
    check();
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
          throw new FormatError('parquet', errorMessage(e), { row: rowCount, column: schema[i]!.name }, { cause: e });
        }
        rowCount++;
        if (++buffered >= batchRows) await flushBatch();
      }
    },
    write: (row: Row) => writer.writeRows([row]),
    async finish() {
      await flushBatch();
      if (rowCount === 0) {
        // arrow-rs writes the schema from the first batch: an empty file still needs one (of no rows)
        const empty = A.makeData({ type: new A.Struct(fields), length: 0, nullCount: 0, children: builders.map((b) => b.finish()) });
        const table = P.Table.fromIPCStream(A.tableToIPC(new A.Table([new A.RecordBatch(arrowSchema, empty)]), 'stream'));
        for (const rb of table.recordBatches()) await hand(rb);
      }
      void hand(END);
      await pump;
      check();
      if (tail.length > 0) out.push(patchFooter(Buffer.concat(tail), uuidLeaves));
      await out.finish();
    },
    async abort() {
      failure ??= new Error('aborted');
      void hand(END);
      await out.abort();
    },
  };
  return writer;
}

/** The file's last bytes with the footer rewritten: footer, its 4-byte little-endian length, "PAR1". */
function patchFooter(end: Uint8Array, uuidLeaves: ReadonlySet<number>): Uint8Array {
  const dv = new DataView(end.buffer, end.byteOffset, end.byteLength);
  const len = dv.getUint32(end.byteLength - 8, true);
  if (len + 8 > end.byteLength) throw new FormatError('parquet', `footer of ${len} bytes is longer than the ${end.byteLength} bytes held back for it`);
  const footer = addUuidLogicalType(end.subarray(end.byteLength - 8 - len, end.byteLength - 8), uuidLeaves);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(footer.byteLength, 0);
  trailer.write('PAR1', 4, 'latin1');
  return Buffer.concat([end.subarray(0, end.byteLength - 8 - len), footer, trailer]);
}
