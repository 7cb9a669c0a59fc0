/** OID -> type descriptor for the types the wire layer encodes; typlen for RowDescription. */
import { type BaseTypeName, type PgType, TYPE_OIDS, arrayOf, baseType } from '@heliosdb/types';

const BY_OID = new Map<number, PgType>();
for (const [name, [oid, arrayOid]] of Object.entries(TYPE_OIDS) as [BaseTypeName, readonly [number, number]][]) {
  BY_OID.set(oid, baseType(name));
  BY_OID.set(arrayOid, arrayOf(baseType(name)));
}

/** undefined for 0 (unspecified) and OIDs Nano has no type for (they are treated as text). */
export function typeForOid(oid: number): PgType | undefined {
  return BY_OID.get(oid);
}

const TYPLEN: Partial<Record<BaseTypeName, number>> = {
  bool: 1,
  int2: 2,
  int4: 4,
  int8: 8,
  float4: 4,
  float8: 8,
  date: 4,
  time: 8,
  timestamp: 8,
  timestamptz: 8,
  interval: 16,
  uuid: 16,
};

/** pg_type.typlen: fixed sizes for fixed-width types, -1 for everything variable (and arrays). */
export function typeLength(t: PgType): number {
  return t.array ? -1 : (TYPLEN[t.name] ?? -1);
}
