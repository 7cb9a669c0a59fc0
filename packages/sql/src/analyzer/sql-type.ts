/**
 * The types an expression can have during analysis: every storable PgType, plus PostgreSQL's pseudo-type
 * `unknown` (an untyped string literal or NULL, resolved by context) and `name` / `regtype` which PG returns
 * from a few system functions.
 */
import { type BaseTypeName, type PgType, TYPE_OIDS, typeModifier } from '@heliosdb/types';

export interface UnknownType {
  readonly name: 'unknown';
  readonly array: false;
}

export type SqlType = PgType | UnknownType;

export const UNKNOWN: UnknownType = { name: 'unknown', array: false };

export function isUnknown(t: SqlType): t is UnknownType {
  return t.name === 'unknown';
}

export function isPgType(t: SqlType): t is PgType {
  return t.name !== 'unknown';
}

/** PostgreSQL's typcategory letters (pg_type.dat). */
export type TypeCategory = 'A' | 'B' | 'D' | 'N' | 'S' | 'T' | 'U' | 'X';

const CATEGORY: Record<BaseTypeName, TypeCategory> = {
  bool: 'B',
  int2: 'N',
  int4: 'N',
  int8: 'N',
  float4: 'N',
  float8: 'N',
  numeric: 'N',
  text: 'S',
  varchar: 'S',
  bpchar: 'S',
  bytea: 'U',
  date: 'D',
  time: 'D',
  timestamp: 'D',
  timestamptz: 'D',
  interval: 'T',
  uuid: 'U',
  json: 'U',
  jsonb: 'U',
};

export function categoryOf(t: SqlType): TypeCategory {
  if (isUnknown(t)) return 'X';
  return t.array ? 'A' : CATEGORY[t.name];
}

/** typispreferred in PG 15: bool, float8, text, timestamptz, interval (and oid, which we lack). */
export function isPreferred(t: SqlType): boolean {
  if (isUnknown(t) || t.array) return false;
  return t.name === 'bool' || t.name === 'float8' || t.name === 'text' || t.name === 'timestamptz' || t.name === 'interval';
}

export function oidOf(t: SqlType): number {
  if (isUnknown(t)) return 705;
  const oids = TYPE_OIDS[t.name];
  return t.array ? oids[1] : oids[0];
}

export function typmodOf(t: SqlType): number {
  return isUnknown(t) ? -1 : typeModifier(t);
}

/** Same base and arrayness, ignoring modifiers (varchar(3) and varchar(5) are the same type). */
export function sameBase(a: SqlType, b: SqlType): boolean {
  return a.name === b.name && a.array === b.array;
}

/** PostgreSQL's display name for a type, as in error messages and pg_typeof. */
export function displayName(t: SqlType): string {
  if (isUnknown(t)) return 'unknown';
  const base = DISPLAY[t.name];
  return t.array ? `${base}[]` : base;
}

const DISPLAY: Record<BaseTypeName, string> = {
  bool: 'boolean',
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  numeric: 'numeric',
  text: 'text',
  varchar: 'character varying',
  bpchar: 'character',
  bytea: 'bytea',
  date: 'date',
  time: 'time without time zone',
  timestamp: 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
  interval: 'interval',
  uuid: 'uuid',
  json: 'json',
  jsonb: 'jsonb',
};

/** The display name with modifiers, as pg_typeof/format_type print a column type. */
export function displayNameWithModifiers(t: SqlType): string {
  if (isUnknown(t)) return 'unknown';
  let s = DISPLAY[t.name];
  if ((t.name === 'varchar' || t.name === 'bpchar') && t.length !== undefined) s += `(${t.length})`;
  if (t.name === 'numeric' && t.precision !== undefined) s += `(${t.precision},${t.scale ?? 0})`;
  return t.array ? `${s}[]` : s;
}
