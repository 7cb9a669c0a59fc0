import type { SchemaElement } from 'hyparquet';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { gzipSync } from 'node:zlib';
import { compress as zstdCompress } from 'zstd-napi';
import { FormatError, errorMessage } from '../errors.js';
import { ByteSink, type Sink } from '../io/byte-sink.js';
import type { ColumnSchema, Row, RowWriter } from '../schema.js';
import { PG_SCHEMA_KEY, parquetElement } from './parquet-types.js';
import { toParquet } from './parquet-values.js';

export type ParquetCompression = 'snappy' | 'zstd' | 'gzip' | 'uncompressed';

export interface ParquetWriteOptions {
  /** Page compression; default snappy. */
  readonly compression?: ParquetCompression;
  /** Rows per row group; a group is encoded and written as soon as it fills. Default 122,880 (DuckDB's). */
  readonly rowGroupSize?: number;
}

const CODECS = { snappy: 'SNAPPY', zstd: 'ZSTD', gzip: 'GZIP', uncompressed: 'UNCOMPRESSED' } as const;

/** A hyparquet Writer whose bytes go to our sink after each row group instead of accumulating. */
class SinkWriter extends ByteWriter {
  constructor(private readonly sink: ByteSink) {
    super(1 << 20);
  }
  flush(): Promise<void> {
    this.sink.push(new Uint8Array(this.buffer.slice(0, this.index)));
    this.index = 0;
    return this.sink.flush();
  }
  override finish(): Promise<void> {
    return this.flush();
  }
}

export async function createParquetWriter(sink: Sink, schema: readonly ColumnSchema[], options: ParquetWriteOptions = {}): Promise<RowWriter> {
  const compression = options.compression ?? 'snappy';
  const codec = CODECS[compression];
  if (!codec) throw new FormatError('parquet', `unknown compression "${compression}"; use one of ${Object.keys(CODECS).join(', ')}`);
  const groupSize = options.rowGroupSize ?? 122_880;
  const elements = schema.map(parquetElement);
  const parquetSchema: SchemaElement[] = [{ name: 'schema', num_children: schema.length }, ...elements];
  const out = await ByteSink.open(sink);
  const pw = new ParquetWriter({
    writer: new SinkWriter(out),
    schema: parquetSchema,
    codec,
    compressors: { GZIP: (b) => gzipSync(b), ZSTD: (b) => zstdCompress(b) },
    kvMetadata: [{ key: PG_SCHEMA_KEY, value: JSON.stringify(schema) }],
    createdBy: 'heliosdb-nano io-formats',
  });
  let columns: unknown[][] = schema.map(() => []);
  let buffered = 0;
  let rowCount = 0;
  let batch = 0;

  const flushGroup = async () => {
    if (buffered === 0) return;
    const columnData = schema.map((c, i) => ({ name: c.name, data: columns[i]! as never[] }));
    columns = schema.map(() => []);
    buffered = 0;
    await pw.write({ columnData, rowGroupSize: Number.MAX_SAFE_INTEGER });
    batch++;
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
        for (let i = 0; i < schema.length; i++) {
          const v = r[i] ?? null;
          try {
            columns[i]!.push(toParquet(schema[i]!.type, elements[i]!, v));
          } catch (e) {
            throw new FormatError('parquet', errorMessage(e), { row: rowCount, column: schema[i]!.name }, { cause: e });
          }
        }
        rowCount++;
        if (++buffered >= groupSize) await flushGroup();
      }
    },
    write: (row: Row) => writer.writeRows([row]),
    async finish() {
      await flushGroup();
      await pw.finish();
      await out.finish();
    },
    abort: () => out.abort(),
  };
  return writer;
}
