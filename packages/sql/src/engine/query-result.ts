/** The result of one statement, shaped like node-postgres' QueryResult. */
import type { Value } from '@heliosdb/types';
import type { SqlType } from '../analyzer/sql-type.js';

export interface FieldInfo {
  readonly name: string;
  /** The type OID clients see (RowDescription). */
  readonly dataTypeID: number;
  readonly typmod: number;
  /** The engine's type descriptor, for formatting. */
  readonly type: SqlType;
}

export interface QueryResult {
  readonly command: string;
  readonly rowCount: number;
  readonly fields: readonly FieldInfo[];
  readonly rows: Value[][];
  /** NOTICEs the statement raised (e.g. COPY ... ON_ERROR ignore's count of skipped rows). */
  readonly notices?: readonly Notice[];
}

/** A NoticeResponse's main fields, as PostgreSQL sends them. */
export interface Notice {
  readonly severity: 'NOTICE' | 'WARNING' | 'INFO';
  readonly code: string;
  readonly message: string;
}
