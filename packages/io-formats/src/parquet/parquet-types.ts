import { T, type PgType } from '@heliosdb/types';
import type { SchemaElement } from 'hyparquet';
import { FormatError } from '../errors.js';

/** The key-value metadata key under which the writer records the exact PostgreSQL column types. */
export const PG_SCHEMA_KEY = 'heliosdb.pg_schema';

/** The PostgreSQL type for a Parquet leaf column written by any writer. */
export function pgTypeOf(e: SchemaElement): PgType {
  const lt = e.logical_type;
  const ct = e.converted_type;
  if (ct === 'DECIMAL' || lt?.type === 'DECIMAL') return T.numeric(e.precision ?? 38, e.scale ?? 0);
  switch (e.type) {
    case 'BOOLEAN':
      return T.bool;
    case 'INT32':
      if (ct === 'DATE' || lt?.type === 'DATE') return T.date;
      if (ct === 'TIME_MILLIS' || lt?.type === 'TIME') return T.time;
      if (ct === 'UINT_32' || (lt?.type === 'INTEGER' && !lt.isSigned && lt.bitWidth === 32)) return T.int8;
      if (ct === 'INT_8' || ct === 'INT_16' || ct === 'UINT_8' || ct === 'UINT_16') return ct === 'UINT_16' ? T.int4 : T.int2;
      if (lt?.type === 'INTEGER' && lt.bitWidth <= 16) return lt.bitWidth === 16 && !lt.isSigned ? T.int4 : T.int2;
      return T.int4;
    case 'INT64':
      if (lt?.type === 'TIMESTAMP') return lt.isAdjustedToUTC ? T.timestamptz : T.timestamp;
      if (ct === 'TIMESTAMP_MICROS' || ct === 'TIMESTAMP_MILLIS') return T.timestamptz;
      if (ct === 'TIME_MICROS' || lt?.type === 'TIME') return T.time;
      if (ct === 'UINT_64' || (lt?.type === 'INTEGER' && !lt.isSigned)) return T.numeric(20, 0);
      return T.int8;
    case 'INT96':
      return T.timestamp;
    case 'FLOAT':
      return T.float4;
    case 'DOUBLE':
      return T.float8;
    case 'FIXED_LEN_BYTE_ARRAY':
      if (lt?.type === 'UUID') return T.uuid;
      if (ct === 'INTERVAL') return T.interval;
      return T.bytea;
    case 'BYTE_ARRAY':
      if (ct === 'UTF8' || ct === 'ENUM' || lt?.type === 'STRING' || lt?.type === 'ENUM') return T.text;
      if (ct === 'JSON' || lt?.type === 'JSON') return T.json;
      return T.bytea;
    default:
      throw new FormatError('parquet', `column "${e.name}" has unsupported physical type ${String(e.type)}`);
  }
}
