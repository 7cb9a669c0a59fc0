/**
 * Values in REST responses: JSON where it is exact, PostgreSQL's text otherwise.
 * bool -> boolean; int2/int4 and finite floats -> number; int8 and numeric -> string (exact);
 * non-finite floats -> "NaN" / "Infinity" / "-Infinity"; json/jsonb -> the JSON value; arrays -> arrays;
 * everything else (bytea, dates, times, intervals, uuid, text) -> textOut's text.
 */
import { type PgType, type Value, elementType, textOut } from '@heliosdb/types';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function toJson(type: PgType, value: Value, timeZone: string): Json {
  if (value === null) return null;
  if (type.array) return (value as Value[]).map((v) => toJson(elementType(type), v, timeZone));
  switch (type.name) {
    case 'bool':
      return value as boolean;
    case 'int2':
    case 'int4':
      return value as number;
    case 'float4':
    case 'float8':
      return Number.isFinite(value) ? (value as number) : textOut(type, value);
    case 'json':
    case 'jsonb':
      return JSON.parse(value as string) as Json;
    default:
      return textOut(type, value, { timeZone });
  }
}

/** A JSON request parameter as text for an untyped parameter ($n resolves its type from context). */
export function paramText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}
