/**
 * How objects get OIDs. PostgreSQL's own objects keep PostgreSQL's OIDs; storage objects are numbered from
 * storage's ids, which are never reused, so an OID is stable for the life of the object:
 *
 * - table, index, sequence, view with storage id n:        16384 + n (PostgreSQL's FirstNormalObjectId)
 * - the primary key index of table n:                      1_000_000_000 + n
 * - constraints of table n (ordinal k, see below):         1_100_000_000 + n * 1000 + k
 *   k = 0 primary key, 1 + i the i-th UNIQUE constraint, 300 + i the i-th CHECK, 600 + i the i-th FOREIGN KEY
 * - the DEFAULT of column attnum of table n (pg_attrdef):  1_200_000_000 + n * 1000 + attnum
 * - a schema other than pg_catalog/public/information_schema: 1_500_000_000 + FNV-1a(name) mod 100_000_000
 *
 * Limits: tables with storage ids below 900_000 and at most 299 UNIQUE/CHECK/FOREIGN KEY constraints of
 * each kind keep distinct OIDs; all OIDs stay below 2^31 (oid is carried as int4).
 */
export const FIRST_NORMAL_OID = 16384;

export const NS_PG_CATALOG = 11;
export const NS_PG_TOAST = 99;
export const NS_PUBLIC = 2200;
export const NS_INFORMATION_SCHEMA = 13000;

/** The bootstrap superuser (the session user) and PG 15's pg_database_owner, which owns public. */
export const ROLE_BOOTSTRAP = 10;
export const ROLE_DATABASE_OWNER = 6171;
export const DATABASE_OID = 5;
export const AM_HEAP = 2;
export const AM_BTREE = 403;
export const COLLATION_DEFAULT = 100;
export const COLLATION_C = 950;
export const TABLESPACE_DEFAULT = 1663;

export function objectOid(storageId: number): number {
  return FIRST_NORMAL_OID + storageId;
}

export function primaryKeyIndexOid(tableId: number): number {
  return 1_000_000_000 + tableId;
}

export type ConstraintKind = 'p' | 'u' | 'c' | 'f';
const CONSTRAINT_BASE: Record<ConstraintKind, number> = { p: 0, u: 1, c: 300, f: 600 };

export function constraintOid(tableId: number, kind: ConstraintKind, ordinal: number): number {
  return 1_100_000_000 + tableId * 1000 + CONSTRAINT_BASE[kind] + ordinal;
}

export function attrdefOid(tableId: number, attnum: number): number {
  return 1_200_000_000 + tableId * 1000 + attnum;
}

export function namespaceOid(schema: string): number {
  switch (schema) {
    case 'pg_catalog':
      return NS_PG_CATALOG;
    case 'public':
      return NS_PUBLIC;
    case 'information_schema':
      return NS_INFORMATION_SCHEMA;
    case 'pg_toast':
      return NS_PG_TOAST;
    default: {
      let h = 0x811c9dc5;
      for (const ch of Buffer.from(schema, 'utf8')) h = Math.imul(h ^ ch, 0x01000193) >>> 0;
      return 1_500_000_000 + (h % 100_000_000);
    }
  }
}

/** OIDs of the catalogs PostgreSQL gives fixed OIDs; the others are numbered from 12000 in list order. */
export const FIXED_CATALOG_OIDS: Readonly<Record<string, number>> = {
  pg_type: 1247,
  pg_attribute: 1249,
  pg_proc: 1255,
  pg_class: 1259,
  pg_authid: 1260,
  pg_database: 1262,
  pg_tablespace: 1213,
  pg_am: 2601,
  pg_attrdef: 2604,
  pg_constraint: 2606,
  pg_inherits: 2611,
  pg_index: 2610,
  pg_depend: 2608,
  pg_description: 2609,
  pg_namespace: 2615,
  pg_rewrite: 2618,
  pg_trigger: 2620,
  pg_sequence: 2224,
  pg_collation: 3456,
  pg_enum: 3501,
  pg_extension: 3079,
  pg_policy: 3256,
  pg_statistic_ext: 3381,
  pg_publication: 6104,
  pg_publication_rel: 6106,
  pg_publication_namespace: 6237,
  pg_partitioned_table: 3350,
  pg_foreign_table: 3118,
  pg_range: 3541,
  pg_operator: 2617,
  pg_language: 2612,
  pg_cast: 2605,
  pg_opclass: 2616,
  pg_auth_members: 1261,
  pg_shdescription: 2396,
  pg_event_trigger: 3466,
  pg_foreign_server: 1417,
  pg_foreign_data_wrapper: 2328,
};
