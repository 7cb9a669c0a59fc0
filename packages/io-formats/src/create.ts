import { createArrowReader } from './arrow/arrow-reader.js';
import { createArrowWriter, type ArrowWriteOptions } from './arrow/arrow-writer.js';
import { createCsvReader, type CsvReadOptions } from './csv/csv-reader.js';
import { createCsvWriter } from './csv/csv-writer.js';
import type { CsvOptions } from './csv/csv-options.js';
import { resolveFormat, type FormatName } from './formats.js';
import type { Source } from './io/byte-source.js';
import type { Sink } from './io/byte-sink.js';
import { compressedWriter, decompressed, textCompression } from './io/text-compression.js';
import { createJsonReader } from './json/json-reader.js';
import { createJsonWriter } from './json/json-writer.js';
import { createParquetReader } from './parquet/parquet-reader.js';
import { createParquetWriter, type ParquetWriteOptions } from './parquet/parquet-writer.js';
import type { ColumnSchema, RowReader, RowWriter } from './schema.js';
import { createSqlReader, type SqlReadOptions } from './sql/sql-reader.js';
import { createSqlWriter, type SqlWriteOptions } from './sql/sql-writer.js';

export type WriteOptions = CsvOptions & ParquetWriteOptions & ArrowWriteOptions & SqlWriteOptions & { readonly format?: string };
export type ReaderOptions = CsvReadOptions &
  SqlReadOptions & {
    readonly format?: string;
    /** CSV/JSON/JSONL: 'gzip', 'zstd' or 'none'; default from a .gz/.zst extension. */
    readonly compression?: string;
  };

/** Opens a writer; `format` (as in `WITH (FORMAT ...)`) overrides the path's extension; a stream sink needs it. */
export async function createWriter(sink: Sink, schema: readonly ColumnSchema[], options: WriteOptions = {}): Promise<RowWriter> {
  const path = typeof sink === 'string' ? sink : undefined;
  const format = resolveFormat(path, options.format);
  if (format === 'csv' || format === 'json' || format === 'jsonl') {
    // CSV/JSON/JSONL: `compression` (or a .gz/.zst extension) compresses the whole file, as DuckDB's COPY does
    const c = textCompression(format, path, options.compression);
    if (c) {
      const inner = { ...options, compression: undefined, format };
      return compressedWriter(sink, c, (input) => createWriter(input, schema, inner));
    }
  }
  switch (format) {
    case 'csv':
      return createCsvWriter(sink, schema, options);
    case 'json':
    case 'jsonl':
      return createJsonWriter(sink, schema, format === 'jsonl');
    case 'parquet':
      return createParquetWriter(sink, schema, options);
    case 'arrow':
    case 'arrows':
      return createArrowWriter(sink, schema, format === 'arrows', options);
    case 'sql':
      return createSqlWriter(sink, schema, options);
  }
}

/** Opens a reader; `format` overrides the path's extension; a stream or byte source needs it. */
export function createReader(source: Source, options: ReaderOptions = {}): RowReader {
  const path = typeof source === 'string' ? source : undefined;
  const format: FormatName = resolveFormat(path, options.format);
  if (format === 'csv' || format === 'json' || format === 'jsonl') {
    const c = textCompression(format, path, options.compression);
    if (c) source = decompressed(source, c);
  }
  switch (format) {
    case 'csv':
      return createCsvReader(source, options);
    case 'json':
    case 'jsonl':
      return createJsonReader(source, format === 'jsonl', options);
    case 'parquet':
      return createParquetReader(source, options.onBytes);
    case 'arrow':
    case 'arrows':
      return createArrowReader(source, format === 'arrows', options.onBytes);
    case 'sql':
      return createSqlReader(source, options);
  }
}
