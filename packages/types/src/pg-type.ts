/**
 * Type descriptors for the PostgreSQL types Nano supports.
 * A PgType is plain data (JSON-serialisable) so the catalog can store it as is.
 */
export type BaseTypeName =
  | 'bool'
  | 'int2'
  | 'int4'
  | 'int8'
  | 'float4'
  | 'float8'
  | 'numeric'
  | 'text'
  | 'varchar'
  | 'bpchar'
  | 'bytea'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'timestamptz'
  | 'interval'
  | 'uuid'
  | 'json'
  | 'jsonb';

export interface PgType {
  /** The base type; for an array, the element type. */
  readonly name: BaseTypeName;
  /** A one-dimensional array of `name`. */
  readonly array: boolean;
  /** varchar(n) / bpchar(n): the maximum length in characters. */
  readonly length?: number;
  /** numeric(p,s): precision; time/timestamp/timestamptz/interval(p): fractional-second digits 0..6. */
  readonly precision?: number;
  /** numeric(p,s): scale. */
  readonly scale?: number;
}

/** OIDs as in PostgreSQL 15's pg_type.dat: [type oid, array type oid]. */
export const TYPE_OIDS: Readonly<Record<BaseTypeName, readonly [number, number]>> = {
  bool: [16, 1000],
  int2: [21, 1005],
  int4: [23, 1007],
  int8: [20, 1016],
  float4: [700, 1021],
  float8: [701, 1022],
  numeric: [1700, 1231],
  text: [25, 1009],
  varchar: [1043, 1015],
  bpchar: [1042, 1014],
  bytea: [17, 1001],
  date: [1082, 1182],
  time: [1083, 1183],
  timestamp: [1114, 1115],
  timestamptz: [1184, 1185],
  interval: [1186, 1187],
  uuid: [2950, 2951],
  json: [114, 199],
  jsonb: [3802, 3807],
};

export const BASE_TYPE_NAMES = Object.keys(TYPE_OIDS) as BaseTypeName[];

/** The OID of a type as clients see it (RowDescription, pg_attribute.atttypid). */
export function typeOid(t: PgType): number {
  const oids = TYPE_OIDS[t.name];
  return t.array ? oids[1] : oids[0];
}

/** PostgreSQL's atttypmod for the type: -1 when unconstrained. */
export function typeModifier(t: PgType): number {
  switch (t.name) {
    case 'varchar':
    case 'bpchar':
      return t.length === undefined ? -1 : t.length + 4;
    case 'numeric':
      // The scale is an 11-bit two's-complement field since PostgreSQL 15 allows negative scales.
      return t.precision === undefined ? -1 : ((t.precision << 16) | ((t.scale ?? 0) & 0x7ff)) + 4;
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return t.precision === undefined ? -1 : t.precision;
    case 'interval':
      // PG packs the field mask into the high bits; Nano keeps only the precision (all fields).
      return t.precision === undefined ? -1 : (0x7fff << 16) | t.precision;
    default:
      return -1;
  }
}

/** A descriptor for a base (non-array) type with no modifiers. */
export function baseType(name: BaseTypeName): PgType {
  return { name, array: false };
}

/** The one-dimensional array type whose elements are `t`. */
export function arrayOf(t: PgType): PgType {
  return { ...t, array: true };
}

/** The element type of an array type (the type itself for a non-array). */
export function elementType(t: PgType): PgType {
  return t.array ? { ...t, array: false } : t;
}

export function sameType(a: PgType, b: PgType): boolean {
  return (
    a.name === b.name &&
    a.array === b.array &&
    a.length === b.length &&
    a.precision === b.precision &&
    a.scale === b.scale
  );
}

/** Shorthand descriptors: `T.int4`, `T.varchar(20)`, `T.numeric(10, 2)`. */
export const T = {
  bool: baseType('bool'),
  int2: baseType('int2'),
  int4: baseType('int4'),
  int8: baseType('int8'),
  float4: baseType('float4'),
  float8: baseType('float8'),
  numeric: (precision?: number, scale?: number): PgType =>
    precision === undefined ? baseType('numeric') : { name: 'numeric', array: false, precision, scale: scale ?? 0 },
  text: baseType('text'),
  varchar: (length?: number): PgType =>
    length === undefined ? baseType('varchar') : { name: 'varchar', array: false, length },
  bpchar: (length = 1): PgType => ({ name: 'bpchar', array: false, length }),
  bytea: baseType('bytea'),
  date: baseType('date'),
  time: baseType('time'),
  timestamp: baseType('timestamp'),
  timestamptz: baseType('timestamptz'),
  interval: baseType('interval'),
  uuid: baseType('uuid'),
  json: baseType('json'),
  jsonb: baseType('jsonb'),
} as const;
