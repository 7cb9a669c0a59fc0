import type { PgType } from '@heliosdb/types';
import type { FormatError } from './errors.js';
import type { ColumnSchema } from './schema.js';

/** Options every reader takes. */
export interface ReadOptions {
  /** Target schema for CSV/JSON/JSONL (values are cast to it; errors name line and column). Other formats carry their own. */
  readonly schema?: readonly ColumnSchema[];
  /** Per-column type overrides for sniffed CSV/JSON columns, by column name. */
  readonly types?: Readonly<Record<string, PgType>>;
  /** Rows sampled for sniffing (default 1000). A later value that does not fit its sniffed type fails with its line. */
  readonly sampleRows?: number;
  /** Rows per yielded batch (default 4096). */
  readonly batchRows?: number;
  /**
   * When given, a record whose values do not convert (a wrong field count, a value its column's type does not
   * accept or a sniffed type does not fit) is handed here and left out, and reading goes on; without it the reader
   * fails at that record. Malformed files (an unclosed quote, a JSON syntax error) fail either way. CSV, JSON, JSONL.
   */
  readonly onBadRow?: (error: FormatError) => void;
  /** Called with the bytes read so far as the source is consumed (text formats and Arrow streams), for progress. */
  readonly onBytes?: (bytesRead: number) => void;
}

export const DEFAULT_SAMPLE_ROWS = 1000;
export const DEFAULT_BATCH_ROWS = 4096;
