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
}
