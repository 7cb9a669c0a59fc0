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

/**
 * Types of the system catalogs (name, oid, "char", regclass, ...). They are not storable: each is carried
 * by a storable base type (its JS representation and operators) and only differs in its OID, its display
 * name and, for reg* and the vectors, its text output (see system-catalog/present.ts).
 */
export type SystemTypeName = 'name' | 'char' | 'oid' | 'xid' | 'regclass' | 'regtype' | 'regproc' | 'regnamespace' | 'regrole' | 'int2vector' | 'oidvector' | 'pg_node_tree' | 'aclitem';

export interface SystemType extends PgType {
  readonly system: SystemTypeName;
}

interface SystemTypeInfo {
  readonly base: BaseTypeName;
  /** The base representation is an array (int2vector, oidvector). */
  readonly vector?: boolean;
  readonly oid: number;
  readonly arrayOid: number;
  readonly display: string;
}

export const SYSTEM_TYPES: Readonly<Record<SystemTypeName, SystemTypeInfo>> = {
  name: { base: 'text', oid: 19, arrayOid: 1003, display: 'name' },
  char: { base: 'text', oid: 18, arrayOid: 1002, display: '"char"' },
  oid: { base: 'int4', oid: 26, arrayOid: 1028, display: 'oid' },
  xid: { base: 'int4', oid: 28, arrayOid: 1011, display: 'xid' },
  regclass: { base: 'int4', oid: 2205, arrayOid: 2210, display: 'regclass' },
  regtype: { base: 'int4', oid: 2206, arrayOid: 2211, display: 'regtype' },
  regproc: { base: 'int4', oid: 24, arrayOid: 1008, display: 'regproc' },
  regnamespace: { base: 'int4', oid: 4089, arrayOid: 4090, display: 'regnamespace' },
  regrole: { base: 'int4', oid: 4096, arrayOid: 4097, display: 'regrole' },
  int2vector: { base: 'int2', vector: true, oid: 22, arrayOid: 1006, display: 'int2vector' },
  oidvector: { base: 'int4', vector: true, oid: 30, arrayOid: 1013, display: 'oidvector' },
  pg_node_tree: { base: 'text', oid: 194, arrayOid: 0, display: 'pg_node_tree' },
  aclitem: { base: 'text', oid: 1033, arrayOid: 1034, display: 'aclitem' },
};

/** The system type `name` (array: its array type), carried by its base type. */
export function systemType(name: SystemTypeName, array = false): SystemType {
  const info = SYSTEM_TYPES[name];
  return { name: info.base, array: info.vector ? true : array, system: name };
}

export function systemTypeOf(t: SqlType): SystemTypeName | undefined {
  return (t as Partial<SystemType>).system;
}

/** True for reg* types, whose text form is a name looked up in the catalog. */
export function isRegType(t: SqlType): boolean {
  const s = systemTypeOf(t);
  return s !== undefined && s.startsWith('reg');
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
  if (systemTypeOf(t) && SYSTEM_TYPES[systemTypeOf(t)!].vector) return 'A';
  return t.array ? 'A' : CATEGORY[t.name];
}

/** typispreferred in PG 15: bool, float8, text, timestamptz, interval (and oid, which we lack). */
export function isPreferred(t: SqlType): boolean {
  if (isUnknown(t) || t.array) return false;
  return t.name === 'bool' || t.name === 'float8' || t.name === 'text' || t.name === 'timestamptz' || t.name === 'interval';
}

export function oidOf(t: SqlType): number {
  if (isUnknown(t)) return 705;
  const sys = systemTypeOf(t);
  if (sys) {
    const info = SYSTEM_TYPES[sys];
    return info.vector || !t.array ? info.oid : info.arrayOid;
  }
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
  const sys = systemTypeOf(t);
  if (sys) return SYSTEM_TYPES[sys].vector || !t.array ? SYSTEM_TYPES[sys].display : `${SYSTEM_TYPES[sys].display}[]`;
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
  if (systemTypeOf(t)) return displayName(t);
  let s = DISPLAY[t.name];
  if ((t.name === 'varchar' || t.name === 'bpchar') && t.length !== undefined) s += `(${t.length})`;
  if (t.name === 'numeric' && t.precision !== undefined) s += `(${t.precision},${t.scale ?? 0})`;
  return t.array ? `${s}[]` : s;
}
