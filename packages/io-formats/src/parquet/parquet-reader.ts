import type { PgType, Value } from '@heliosdb/types';
import { parquetMetadataAsync, parquetRead, type AsyncBuffer, type FileMetaData, type SchemaElement } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import * as A from 'apache-arrow';
import { open } from 'node:fs/promises';
import { recordBatchRows } from '../arrow/arrow-rows.js';
import { FormatError, errorMessage } from '../errors.js';
import { collectBytes, type Source } from '../io/byte-source.js';
import type { ColumnSchema, RowReader } from '../schema.js';
import { PG_SCHEMA_KEY, pgTypeOf } from './parquet-types.js';
import { fromParquet } from './parquet-values.js';
import { RowGroupDecoder } from './parquet-decoder.js';

/**
 * Reads a Parquet file one row group at a time. The footer is read by hyparquet, and the PostgreSQL schema comes from
 * it (heliosdb.pg_schema, else the Parquet types, see parquet-types.ts). Row groups are decoded by parquet-wasm
 * (arrow-rs) into Arrow record batches, converted exactly by recordBatchRows(). Files with INT96 or INTERVAL columns,
 * which arrow-rs maps to nanosecond timestamps (overflowing past 2262) and day-time intervals (dropping months), are
 * decoded by hyparquet instead: its schema has its logical annotations removed and raw values are converted exactly
 * by fromParquet().
 */
export function createParquetReader(source: Source, onBytes?: (bytesRead: number) => void): RowReader {
  let file: AsyncBuffer | undefined;
  let close = async () => {};
  let bytes: Uint8Array | undefined;
  const prepared = (async () => {
    file = await asyncBuffer(source);
    let meta: FileMetaData;
    try {
      meta = await parquetMetadataAsync(file);
    } catch (e) {
      throw new FormatError('parquet', `${errorMessage(e)} (file of ${file.byteLength} bytes; truncated or not Parquet?)`, {
        byteOffset: file.byteLength,
      });
    }
    const leaves = meta.schema.slice(1);
    if (leaves.some((e) => e.num_children)) throw new FormatError('parquet', 'nested columns (groups, lists, maps) are not supported');
    const pg = pgSchema(meta);
    const schema: ColumnSchema[] = leaves.map((e, i) => ({
      name: e.name,
      type: pg?.[i]?.type ?? pgTypeOf(e),
      nullable: e.repetition_type !== 'REQUIRED',
    }));
    const stripped: FileMetaData = {
      ...meta,
      schema: meta.schema.map((e, i) => (i === 0 ? e : { ...e, converted_type: undefined, logical_type: undefined })),
    };
    const wasm = leaves.every((e) => e.type !== 'INT96' && e.converted_type !== 'INTERVAL');
    return { schema, meta, stripped, leaves, wasm };
  })();

  async function* rows(): AsyncGenerator<Value[][]> {
    const { schema, stripped, meta, leaves, wasm } = await prepared;
    if (wasm) {
      yield* wasmRows(schema, meta);
      return;
    }
    try {
      let rowStart = 0;
      for (let g = 0; g < meta.row_groups.length; g++) {
        const n = Number(meta.row_groups[g]!.num_rows);
        let raw: unknown[][] = [];
        try {
          await parquetRead({
            file: file!,
            metadata: stripped,
            rowStart,
            rowEnd: rowStart + n,
            compressors,
            utf8: false,
            onComplete: (r: unknown[][]) => {
              raw = r;
            },
          });
        } catch (e) {
          const rg = meta.row_groups[g]!;
          throw new FormatError('parquet', errorMessage(e), { batch: g, row: rowStart, byteOffset: Number(rg.columns[0]?.meta_data?.data_page_offset ?? 0) }, { cause: e });
        }
        yield convert(raw, schema, leaves, rowStart, g);
        rowStart += n;
      }
    } finally {
      await close();
    }
  }

  /** Row groups decoded by arrow-rs (in a worker, one group ahead) into record batches of 8,192 rows, each converted and handed out. */
  async function* wasmRows(schema: ColumnSchema[], meta: FileMetaData): AsyncGenerator<Value[][]> {
    const decoder = new RowGroupDecoder(typeof source === 'string' ? source : bytes!);
    try {
      let rowStart = 0;
      for (let g = 0; g < meta.row_groups.length; g++) {
        const rg = meta.row_groups[g]!;
        const place = { batch: g, row: rowStart, byteOffset: Number(rg.columns[0]?.meta_data?.data_page_offset ?? 0) };
        let tables: A.Table[];
        try {
          const ipcs = await decoder.decode(g);
          if (g + 1 < meta.row_groups.length) decoder.prefetch(g + 1);
          tables = ipcs.map((ipc) => A.tableFromIPC(ipc));
        } catch (e) {
          throw new FormatError('parquet', errorMessage(e), place, { cause: e });
        }
        const decoded = tables.reduce((n, t) => n + t.numRows, 0);
        if (decoded !== Number(rg.num_rows)) {
          throw new FormatError('parquet', `row group decoded to ${decoded} rows, its metadata says ${Number(rg.num_rows)}`, place);
        }
        for (const b of tables.flatMap((t) => t.batches)) {
          const n = b.numRows;
          const out = recordBatchRows(schema, b, (column, e) => {
            throw new FormatError('parquet', errorMessage(e), { batch: g, row: rowStart, column }, { cause: e });
          });
          rowStart += n;
          yield out;
        }
      }
    } finally {
      await decoder.close();
      await close();
    }
  }

  async function asyncBuffer(src: Source): Promise<AsyncBuffer> {
    if (typeof src === 'string') {
      const fh = await open(src, 'r');
      const { size } = await fh.stat();
      close = () => fh.close();
      return {
        byteLength: size,
        async slice(start: number, end?: number) {
          const len = (end ?? size) - start;
          const buf = new Uint8Array(len);
          let got = 0;
          while (got < len) {
            const { bytesRead } = await fh.read(buf, got, len - got, start + got);
            if (bytesRead === 0) break;
            got += bytesRead;
          }
          return buf.buffer;
        },
      };
    }
    bytes = src instanceof Uint8Array ? src : await collectBytes(src, onBytes);
    return {
      byteLength: bytes.byteLength,
      // Uint8Array's slice copies; Buffer's (what a collected stream is) would be a view of its whole pool.
      slice: (start: number, end?: number) => Uint8Array.prototype.slice.call(bytes, start, end).buffer,
    };
  }

  const schema = prepared.then((p) => p.schema);
  // a caller that only iterates rows() sees the error there; do not also report it as unhandled
  schema.catch(() => undefined);
  return { schema, rows };
}

function pgSchema(meta: FileMetaData): { type: PgType }[] | undefined {
  const kv = meta.key_value_metadata?.find((k) => k.key === PG_SCHEMA_KEY);
  if (!kv?.value) return undefined;
  const parsed = JSON.parse(kv.value) as { name: string; type: PgType }[];
  return parsed.length === meta.schema.length - 1 ? parsed : undefined;
}

function convert(raw: unknown[][], schema: ColumnSchema[], leaves: SchemaElement[], rowStart: number, g: number): Value[][] {
  const out: Value[][] = new Array(raw.length);
  for (let r = 0; r < raw.length; r++) {
    const src = raw[r]!;
    const row: Value[] = new Array(schema.length);
    for (let i = 0; i < schema.length; i++) {
      try {
        row[i] = fromParquet(schema[i]!.type, leaves[i]!, src[i]);
      } catch (e) {
        throw new FormatError('parquet', errorMessage(e), { batch: g, row: rowStart + r, column: schema[i]!.name }, { cause: e });
      }
    }
    out[r] = row;
  }
  return out;
}
