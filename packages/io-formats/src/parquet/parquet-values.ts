import { PgDate, PgInterval, PgTime, PgTimestamp, PgTimestampTz, type PgType, type Value } from '@heliosdb/types';
import type { SchemaElement } from 'hyparquet';
import { bigEndianToBigInt, unscaledToDecimal } from '../values/decimal-text.js';
import { parseText } from '../values/pg-text.js';

const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A raw Parquet value (no logical conversion applied) as the PostgreSQL value of `type`. */
export function fromParquet(type: PgType, e: SchemaElement, raw: unknown): Value {
  if (raw === null || raw === undefined) return null;
  if (type.array) return parseText(type, text(raw));
  const lt = e.logical_type;
  switch (type.name) {
    case 'bool':
      return raw as boolean;
    case 'int2':
    case 'int4':
      return Number(raw);
    case 'int8':
      return BigInt(raw as number | bigint);
    case 'float4':
    case 'float8':
      return raw as number;
    case 'numeric': {
      if (e.converted_type === 'DECIMAL' || lt?.type === 'DECIMAL') {
        const unscaled = raw instanceof Uint8Array ? bigEndianToBigInt(raw) : BigInt(raw as number | bigint);
        // already PostgreSQL's text for numeric(p,s): every fractional digit of the scale
        return unscaledToDecimal(unscaled, e.scale ?? 0);
      }
      if (e.type === 'INT64') return BigInt.asUintN(64, raw as bigint).toString();
      return parseText(type, text(raw));
    }
    case 'date':
      return new PgDate(Number(raw));
    case 'time': {
      const n = BigInt(raw as number | bigint);
      const unit = lt?.type === 'TIME' ? lt.unit : e.converted_type === 'TIME_MILLIS' ? 'MILLIS' : 'MICROS';
      return new PgTime(Number(unit === 'MILLIS' ? n * 1000n : unit === 'NANOS' ? n / 1000n : n));
    }
    case 'timestamp':
    case 'timestamptz': {
      let micros: bigint;
      if (e.type === 'INT96') micros = int96Micros(raw as bigint);
      else {
        const n = BigInt(raw as number | bigint);
        const unit = lt?.type === 'TIMESTAMP' ? lt.unit : e.converted_type === 'TIMESTAMP_MILLIS' ? 'MILLIS' : 'MICROS';
        micros = unit === 'MILLIS' ? n * 1000n : unit === 'NANOS' ? floorDiv(n, 1000n) : n;
      }
      return type.name === 'timestamp' ? new PgTimestamp(micros) : new PgTimestampTz(micros);
    }
    case 'interval': {
      if (raw instanceof Uint8Array && e.converted_type === 'INTERVAL') {
        const dv = new DataView(raw.buffer, raw.byteOffset, 12);
        return new PgInterval(dv.getUint32(0, true), dv.getUint32(4, true), BigInt(dv.getUint32(8, true)) * 1000n);
      }
      return parseText(type, text(raw));
    }
    case 'uuid': {
      if (raw instanceof Uint8Array && raw.length === 16) {
        const h = Buffer.from(raw).toString('hex');
        return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
      }
      return parseText(type, text(raw));
    }
    case 'bytea':
      return raw instanceof Uint8Array ? raw : parseText(type, text(raw));
    case 'text':
    case 'json':
      return text(raw);
    default:
      return parseText(type, text(raw));
  }
}

function text(raw: unknown): string {
  return raw instanceof Uint8Array ? fromUtf8.decode(raw) : String(raw);
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/** Impala/Spark INT96: 8 bytes nanoseconds of the day, then 4 bytes Julian day, little-endian. */
function int96Micros(v: bigint): bigint {
  const nanos = v & 0xffffffffffffffffn;
  const julian = v >> 64n;
  return (julian - 2440588n) * 86_400_000_000n + nanos / 1000n;
}
