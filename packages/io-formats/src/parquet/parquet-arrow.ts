import type { PgType } from '@heliosdb/types';
import * as A from 'apache-arrow';
import { arrowTypeOf } from '../arrow/arrow-types.js';

/**
 * The Arrow type a PostgreSQL column is handed to parquet-wasm as; arrow-rs then picks the Parquet type (see the
 * README's table). It is Arrow's mapping except where Parquet has no faithful form: interval as PostgreSQL text
 * (Parquet's INTERVAL holds milliseconds only) and uuid as 16 bytes (given the UUID logical type afterwards, see
 * parquet-footer.ts).
 */
export function parquetArrowType(t: PgType): A.DataType {
  if (!t.array && t.name === 'interval') return new A.Utf8();
  if (!t.array && t.name === 'uuid') return new A.FixedSizeBinary(16);
  return arrowTypeOf(t);
}

