import { T, type PgType } from '@heliosdb/types';
import type { SchemaElement } from 'hyparquet';
import { FormatError } from '../errors.js';
import type { ColumnSchema } from '../schema.js';

/** The key-value metadata key under which the writer records the exact PostgreSQL column types. */
export const PG_SCHEMA_KEY = 'heliosdb.pg_schema';

/** Bytes needed for a DECIMAL of `precision` digits in FIXED_LEN_BYTE_ARRAY. */
export function decimalBytes(precision: number): number {
  let n = 1;
  while (10n ** BigInt(precision) > 2n ** BigInt(8 * n - 1)) n++;
  return n;
}

/** How a PostgreSQL column is stored in Parquet (see the README's table). */
export function parquetElement(c: ColumnSchema): SchemaElement {
  const repetition_type = c.nullable === false ? 'REQUIRED' : 'OPTIONAL';
  const base = { name: c.name, repetition_type } as const;
  const t = c.type;
  if (t.array) return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8' };
  switch (t.name) {
    case 'bool':
      return { ...base, type: 'BOOLEAN' };
    case 'int2':
      // converted_type only: hyparquet-writer 0.17 serialises the INTEGER logical type wrongly (DuckDB: TProtocolException)
      return { ...base, type: 'INT32', converted_type: 'INT_16' };
    case 'int4':
      return { ...base, type: 'INT32' };
    case 'int8':
      return { ...base, type: 'INT64' };
    case 'float4':
      return { ...base, type: 'FLOAT' };
    case 'float8':
      return { ...base, type: 'DOUBLE' };
    case 'numeric':
      if (t.precision !== undefined && t.precision <= 38) {
        const scale = t.scale ?? 0;
        return {
          ...base,
          type: 'FIXED_LEN_BYTE_ARRAY',
          type_length: decimalBytes(t.precision),
          converted_type: 'DECIMAL',
          precision: t.precision,
          scale,
          logical_type: { type: 'DECIMAL', precision: t.precision, scale },
        };
      }
      // unconstrained numeric has no fixed scale: kept exact as text
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8' };
    case 'date':
      return { ...base, type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } };
    case 'time':
      return { ...base, type: 'INT64', converted_type: 'TIME_MICROS', logical_type: { type: 'TIME', isAdjustedToUTC: false, unit: 'MICROS' } };
    case 'timestamp':
    case 'timestamptz':
      return {
        ...base,
        type: 'INT64',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: t.name === 'timestamptz', unit: 'MICROS' },
      };
    case 'bytea':
      return { ...base, type: 'BYTE_ARRAY' };
    case 'uuid':
      return { ...base, type: 'FIXED_LEN_BYTE_ARRAY', type_length: 16, logical_type: { type: 'UUID' } };
    default:
      // text, varchar, bpchar, interval (Parquet's INTERVAL holds only milliseconds), and json/jsonb: as STRING,
      // because hyparquet-writer re-serialises JSON-annotated values through JSON.stringify (changing jsonb's text
      // and rounding big numbers) and DuckDB reads the JSON logical type alone as BLOB. The exact type is kept in
      // heliosdb.pg_schema; JSON-annotated columns from other writers still read as json.
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8' };
  }
}

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
