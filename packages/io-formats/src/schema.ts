import type { PgType, Value } from '@heliosdb/types';

/** One column of a row stream. */
export interface ColumnSchema {
  readonly name: string;
  readonly type: PgType;
  /** False when the column can never be NULL; undefined or true otherwise. */
  readonly nullable?: boolean;
}

export type Row = readonly Value[];

/** Writes rows of one schema to one file or stream. */
export interface RowWriter {
  /** Appends rows (each in schema order); resolves once they are buffered or written, honouring back-pressure. */
  writeRows(rows: readonly Row[]): Promise<void>;
  /** Appends one row. */
  write(row: Row): Promise<void>;
  /** Flushes, and for a path sink fsyncs the temporary sibling and renames it over the target. */
  finish(): Promise<void>;
  /** Stops writing; for a path sink removes the temporary sibling (the target is untouched). */
  abort(): Promise<void>;
  /** Rows accepted so far. */
  readonly rowCount: number;
  /** Bytes handed to the file or stream so far (all of them once `finish()` resolved). */
  readonly bytesWritten: number;
}

/** Reads rows from one file or stream. */
export interface RowReader {
  /** The file's columns (read from the file's metadata, a header, the given target schema, or sniffed). */
  readonly schema: Promise<ColumnSchema[]>;
  /** The rows in batches, in file order, each row in schema order. Iterate once. */
  rows(): AsyncIterable<Value[][]>;
}
