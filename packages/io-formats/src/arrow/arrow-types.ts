import { T, type PgType } from '@heliosdb/types';
import * as A from 'apache-arrow';
import { FormatError } from '../errors.js';

/** Field metadata key holding the exact PostgreSQL type, so our reader restores varchar(n), numeric, arrays. */
export const PG_TYPE_KEY = 'heliosdb.pg_type';

/** The Arrow type a PostgreSQL column is written as (see the README's table). */
export function arrowTypeOf(t: PgType): A.DataType {
  if (t.array) return new A.Utf8();
  switch (t.name) {
    case 'bool':
      return new A.Bool();
    case 'int2':
      return new A.Int16();
    case 'int4':
      return new A.Int32();
    case 'int8':
      return new A.Int64();
    case 'float4':
      return new A.Float32();
    case 'float8':
      return new A.Float64();
    case 'numeric':
      return t.precision !== undefined && t.precision <= 38 ? new A.Decimal(t.scale ?? 0, t.precision, 128) : new A.Utf8();
    case 'bytea':
      return new A.Binary();
    case 'date':
      return new A.DateDay();
    case 'time':
      return new A.TimeMicrosecond();
    case 'timestamp':
      return new A.TimestampMicrosecond();
    case 'timestamptz':
      return new A.TimestampMicrosecond('UTC');
    case 'interval':
      return new A.IntervalMonthDayNano();
    default:
      // text, varchar, bpchar, uuid, json, jsonb
      return new A.Utf8();
  }
}

/** The PostgreSQL type of an Arrow field from any writer. */
export function pgTypeOfArrow(f: A.Field): PgType {
  const meta = f.metadata.get(PG_TYPE_KEY);
  if (meta) return JSON.parse(meta) as PgType;
  const t = f.type as A.DataType;
  const ext = f.metadata.get('ARROW:extension:name');
  if (ext === 'arrow.uuid') return T.uuid;
  if (ext === 'arrow.json') return T.json;
  switch (t.typeId) {
    case A.Type.Bool:
      return T.bool;
    case A.Type.Int: {
      const it = t as A.Int;
      if (it.bitWidth <= 16) return it.isSigned || it.bitWidth === 8 ? T.int2 : T.int4;
      if (it.bitWidth === 32) return it.isSigned ? T.int4 : T.int8;
      return it.isSigned ? T.int8 : T.numeric(20, 0);
    }
    case A.Type.Float:
      return (t as A.Float).precision === A.Precision.DOUBLE ? T.float8 : T.float4;
    case A.Type.Decimal: {
      const d = t as A.Decimal;
      return T.numeric(d.precision, d.scale);
    }
    case A.Type.Utf8:
    case A.Type.LargeUtf8:
    case A.Type.Utf8View:
      return T.text;
    case A.Type.Binary:
    case A.Type.LargeBinary:
    case A.Type.BinaryView:
    case A.Type.FixedSizeBinary:
      return T.bytea;
    case A.Type.Date:
      return T.date;
    case A.Type.Time:
      return T.time;
    case A.Type.Timestamp:
      return (t as A.Timestamp).timezone ? T.timestamptz : T.timestamp;
    case A.Type.Interval:
      return T.interval;
    default:
      throw new FormatError('arrow', `column "${f.name}" has unsupported Arrow type ${String(t)}`);
  }
}
