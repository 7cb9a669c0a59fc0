/**
 * The rows of the pg_catalog relations, computed from the catalog model. Columns not listed for a row are
 * NULL; the column lists themselves are PostgreSQL 15's (catalog-columns.ts).
 */
import type { Value } from '@heliosdb/types';
import { typeModifier } from '@heliosdb/types';
import { isPgType } from '../analyzer/sql-type.js';
import type { ParamType, Signature } from '../analyzer/signature.js';
import { allRoutines } from '../functions/registry.js';
import type { CatalogAccess, SettingsAccess } from './catalog-access.js';
import { findRelation } from './catalog-access.js';
import type { CatalogModel, RelationInfo } from './catalog-model.js';
import { indexDefinition, viewDefinition } from './definitions.js';
import {
  AM_BTREE,
  AM_HEAP,
  COLLATION_C,
  COLLATION_DEFAULT,
  DATABASE_OID,
  NS_PG_CATALOG,
  NS_PUBLIC,
  ROLE_BOOTSTRAP,
  ROLE_DATABASE_OWNER,
  TABLESPACE_DEFAULT,
} from './oids.js';
import { typeOidOf, typeRowByOid, typeRows } from './type-info.js';

export interface RowsContext {
  readonly model: CatalogModel;
  readonly access: CatalogAccess;
  readonly settings?: SettingsAccess & { all(): readonly SettingRow[] };
}

export interface SettingRow {
  readonly name: string;
  readonly setting: string;
  readonly unit: string | null;
  readonly category: string;
  readonly short_desc: string;
  readonly context: string;
  readonly vartype: string;
  readonly source: string;
  readonly min_val: string | null;
  readonly max_val: string | null;
  readonly enumvals: string[] | null;
  readonly boot_val: string;
  readonly reset_val: string;
}

type Rows = (c: RowsContext) => Iterable<Record<string, Value>>;

function typmodOfAttr(t: RelationInfo['attributes'][number]['type']): number {
  return isPgType(t) && (t as { system?: string }).system === undefined ? typeModifier(t) : -1;
}

const pgClass: Rows = function* ({ model }) {
  for (const r of model.relations) {
    const t = r.table;
    const ixCount = t ? model.indexes.filter((i) => i.table === r).length : 0;
    yield {
      oid: r.oid,
      relname: r.name,
      relnamespace: r.namespace,
      reltype: 0,
      reloftype: 0,
      relowner: ROLE_BOOTSTRAP,
      relam: r.kind === 'r' ? AM_HEAP : r.kind === 'i' ? AM_BTREE : 0,
      relfilenode: r.kind === 'v' ? 0 : r.oid,
      reltablespace: 0,
      relpages: 0,
      reltuples: -1,
      relallvisible: 0,
      reltoastrelid: 0,
      relhasindex: ixCount > 0,
      relisshared: false,
      relpersistence: 'p',
      relkind: r.kind,
      relnatts: r.kind === 'S' ? 3 : r.attributes.length,
      relchecks: t ? t.checks.length : 0,
      relhasrules: r.kind === 'v',
      relhastriggers: t ? t.foreignKeys.length > 0 || model.constraints.some((c) => c.references?.table === r) : false,
      relhassubclass: false,
      relrowsecurity: false,
      relforcerowsecurity: false,
      relispopulated: true,
      relreplident: r.kind === 'r' ? 'd' : 'n',
      relispartition: false,
      relrewrite: 0,
      relfrozenxid: 0,
      relminmxid: 0,
    };
  }
};

const pgNamespace: Rows = function* ({ model }) {
  for (const n of model.namespaces) {
    yield { oid: n.oid, nspname: n.name, nspowner: n.oid === NS_PUBLIC ? ROLE_DATABASE_OWNER : ROLE_BOOTSTRAP };
  }
};

const pgAttribute: Rows = function* ({ model }) {
  for (const r of model.relations) {
    for (const a of r.attributes) {
      const typeOid = a.dropped ? 0 : typeOidOf(a.type);
      const tr = typeRowByOid(typeOid);
      yield {
        attrelid: r.oid,
        attname: a.name,
        atttypid: typeOid,
        attstattarget: -1,
        attlen: tr?.len ?? -1,
        attnum: a.attnum,
        attndims: a.type.array ? 1 : 0,
        attcacheoff: -1,
        atttypmod: typmodOfAttr(a.type),
        attbyval: tr?.byval ?? false,
        attalign: tr?.align ?? 'i',
        attstorage: tr?.storage ?? 'p',
        attcompression: '',
        attnotnull: a.notNull,
        atthasdef: a.default !== null,
        atthasmissing: false,
        attidentity: a.identity,
        attgenerated: '',
        attisdropped: a.dropped,
        attislocal: true,
        attinhcount: 0,
        attcollation: tr?.collatable ? (tr.typname === 'name' ? COLLATION_C : COLLATION_DEFAULT) : 0,
      };
    }
  }
};

const pgType: Rows = function* () {
  for (const t of typeRows()) {
    yield {
      oid: t.oid,
      typname: t.typname,
      typnamespace: NS_PG_CATALOG,
      typowner: ROLE_BOOTSTRAP,
      typlen: t.len,
      typbyval: t.byval,
      typtype: t.typname === 'unknown' ? 'p' : 'b',
      typcategory: t.category,
      typispreferred: t.preferred,
      typisdefined: true,
      typdelim: ',',
      typrelid: 0,
      typsubscript: 0,
      typelem: t.elem,
      typarray: t.array,
      typinput: 0,
      typoutput: 0,
      typreceive: 0,
      typsend: 0,
      typmodin: 0,
      typmodout: 0,
      typanalyze: 0,
      typalign: t.align,
      typstorage: t.storage,
      typnotnull: false,
      typbasetype: 0,
      typtypmod: -1,
      typndims: 0,
      typcollation: t.collatable ? (t.typname === 'name' ? COLLATION_C : COLLATION_DEFAULT) : 0,
    };
  }
};

const pgIndex: Rows = function* ({ model }) {
  for (const ix of model.indexes) {
    yield {
      indexrelid: ix.oid,
      indrelid: ix.table.oid,
      indnatts: ix.keys.length,
      indnkeyatts: ix.keys.length,
      indisunique: ix.unique,
      indnullsnotdistinct: false,
      indisprimary: ix.primary,
      indisexclusion: false,
      indimmediate: true,
      indisclustered: false,
      indisvalid: true,
      indcheckxmin: false,
      indisready: true,
      indislive: true,
      indisreplident: false,
      indkey: [...ix.keys],
      indcollation: ix.keys.map((k) => (typeRowByOid(typeOidOf(ix.table.attributes[k - 1]!.type))?.collatable ? COLLATION_DEFAULT : 0)),
      indclass: ix.keys.map(() => 0),
      indoption: ix.keys.map(() => 0),
    };
  }
};

const pgConstraint: Rows = function* ({ model }) {
  for (const c of model.constraints) {
    yield {
      oid: c.oid,
      conname: c.name,
      connamespace: c.namespace,
      contype: c.kind,
      condeferrable: false,
      condeferred: false,
      convalidated: true,
      conrelid: c.table.oid,
      contypid: 0,
      conindid: c.index,
      conparentid: 0,
      confrelid: c.references?.table.oid ?? 0,
      confupdtype: c.references?.onUpdate ?? ' ',
      confdeltype: c.references?.onDelete ?? ' ',
      confmatchtype: c.references ? 's' : ' ',
      conislocal: true,
      coninhcount: 0,
      connoinherit: c.kind === 'c' ? false : true,
      conkey: c.keys.length > 0 ? [...c.keys] : null,
      confkey: c.references ? [...c.references.keys] : null,
      conbin: c.check ?? null,
    };
  }
};

const pgAttrdef: Rows = function* ({ model }) {
  for (const d of model.attrdefs) yield { oid: d.oid, adrelid: d.relation.oid, adnum: d.attnum, adbin: d.text };
};

const pgTables: Rows = function* ({ model, access }) {
  for (const r of model.relations) {
    if (r.kind !== 'r') continue;
    yield {
      schemaname: r.schema,
      tablename: r.name,
      tableowner: access.user,
      tablespace: null,
      hasindexes: model.indexes.some((i) => i.table === r),
      hasrules: false,
      hastriggers: (r.table?.foreignKeys.length ?? 0) > 0 || model.constraints.some((c) => c.references?.table === r),
      rowsecurity: false,
    };
  }
};

const pgViews: Rows = function* ({ model, access }) {
  for (const r of model.relations) {
    if (r.kind !== 'v' || r.system) continue;
    yield { schemaname: r.schema, viewname: r.name, viewowner: access.user, definition: viewDefinition(r, access) };
  }
};

const pgIndexes: Rows = function* ({ model }) {
  for (const ix of model.indexes) yield { schemaname: ix.schema, tablename: ix.table.name, indexname: ix.name, tablespace: null, indexdef: indexDefinition(ix) };
};

/** A sequence's type: its owning column's integer type (serial, identity), else from its bounds. */
export function sequenceTypeOid(model: CatalogModel, s: NonNullable<RelationInfo['sequence']>): number {
  const owner = s.ownedBy && model.data.tables.find((t) => t.id === s.ownedBy!.tableId)?.columns[s.ownedBy.column];
  const name = owner?.type.name ?? (s.max === '2147483647' ? 'int4' : s.max === '32767' ? 'int2' : 'int8');
  return name === 'int4' ? 23 : name === 'int2' ? 21 : 20;
}

const pgSequence: Rows = function* ({ model }) {
  for (const r of model.relations) {
    const s = r.sequence;
    if (!s) continue;
    yield { seqrelid: r.oid, seqtypid: sequenceTypeOid(model, s), seqstart: BigInt(s.start), seqincrement: BigInt(s.increment), seqmax: BigInt(s.max), seqmin: BigInt(s.min), seqcache: 1n, seqcycle: s.cycle };
  }
};

function lastValue(access: CatalogAccess, s: NonNullable<RelationInfo['sequence']>): bigint | null {
  const state = access.sequenceState?.(s);
  return state?.isCalled ? state.value : null;
}

const pgSequences: Rows = function* ({ model, access }) {
  for (const r of model.relations) {
    const s = r.sequence;
    if (!s) continue;
    yield {
      schemaname: r.schema,
      sequencename: r.name,
      sequenceowner: access.user,
      data_type: sequenceTypeOid(model, s),
      start_value: BigInt(s.start),
      min_value: BigInt(s.min),
      max_value: BigInt(s.max),
      increment_by: BigInt(s.increment),
      cycle: s.cycle,
      cache_size: 1n,
      last_value: lastValue(access, s),
    };
  }
};

const pgDatabase: Rows = function* ({ access }) {
  yield {
    oid: DATABASE_OID,
    datname: access.database,
    datdba: ROLE_BOOTSTRAP,
    encoding: 6,
    datlocprovider: 'c',
    datistemplate: false,
    datallowconn: true,
    datconnlimit: -1,
    datfrozenxid: 0,
    datminmxid: 1,
    dattablespace: TABLESPACE_DEFAULT,
    datcollate: 'C',
    datctype: 'C',
  };
};

const role = (name: string, oid: number, login: boolean) => ({
  rolname: name,
  rolsuper: login,
  rolinherit: true,
  rolcreaterole: login,
  rolcreatedb: login,
  rolcanlogin: login,
  rolreplication: login,
  rolconnlimit: -1,
  rolpassword: '********',
  rolbypassrls: login,
  oid,
});

const pgRoles: Rows = function* ({ access }) {
  yield role(access.user, ROLE_BOOTSTRAP, true);
  yield role('pg_database_owner', ROLE_DATABASE_OWNER, false);
};

const pgUser: Rows = function* ({ access }) {
  yield { usename: access.user, usesysid: ROLE_BOOTSTRAP, usecreatedb: true, usesuper: true, userepl: true, usebypassrls: true, passwd: '********' };
};

const pgAuthid: Rows = function* (c) {
  for (const r of pgRoles(c)) yield { ...r, rolpassword: null };
};

const pgAm: Rows = function* () {
  yield { oid: AM_HEAP, amname: 'heap', amhandler: 0, amtype: 't' };
  yield { oid: AM_BTREE, amname: 'btree', amhandler: 0, amtype: 'i' };
};

const pgCollation: Rows = function* () {
  yield { oid: COLLATION_DEFAULT, collname: 'default', collnamespace: NS_PG_CATALOG, collowner: ROLE_BOOTSTRAP, collprovider: 'd', collisdeterministic: true, collencoding: -1, collcollate: null, collctype: null };
  yield { oid: COLLATION_C, collname: 'C', collnamespace: NS_PG_CATALOG, collowner: ROLE_BOOTSTRAP, collprovider: 'c', collisdeterministic: true, collencoding: -1, collcollate: 'C', collctype: 'C' };
};

const pgTablespace: Rows = function* () {
  yield { oid: TABLESPACE_DEFAULT, spcname: 'pg_default', spcowner: ROLE_BOOTSTRAP };
};

const pgSettings: Rows = function* ({ settings }) {
  if (!settings) return;
  for (const s of settings.all()) yield { ...s, extra_desc: null, sourcefile: null, sourceline: null, pending_restart: false };
};

/** Dependencies psql's \d on a sequence asks for: the column a serial/identity sequence belongs to. */
const pgDepend: Rows = function* ({ model }) {
  for (const r of model.relations) {
    const owner = r.sequence?.ownedBy;
    if (!owner) continue;
    const table = model.data.tables.find((t) => t.id === owner.tableId);
    if (!table) continue;
    const tableRel = model.relation(table.name, table.schema);
    if (!tableRel) continue;
    const identity = table.columns[owner.column]?.identity !== null;
    yield { classid: 1259, objid: r.oid, objsubid: 0, refclassid: 1259, refobjid: tableRel.oid, refobjsubid: owner.column + 1, deptype: identity ? 'i' : 'a' };
  }
};

const POLYMORPHIC_OIDS: Record<string, number> = { anyelement: 2283, anyarray: 2277, any: 2276, anynonarray: 2776, anycompatible: 5077, anycompatiblearray: 5078 };

function paramOid(p: ParamType): number {
  return typeof p === 'string' ? (POLYMORPHIC_OIDS[p] ?? 2276) : typeOidOf(p);
}

/**
 * Built-in functions and aggregates, one row per overload, numbered from 1_400_000_000 in registry order
 * (PostgreSQL's own pg_proc OIDs are not reproduced). Enough for tools that list or look up routines.
 */
const pgProc: Rows = function* () {
  const { functions, aggregates } = allRoutines();
  let oid = 1_400_000_000;
  const row = (name: string, sig: Signature, kind: string, strict: boolean, volatile: boolean) => ({
    oid: oid++,
    proname: name,
    pronamespace: NS_PG_CATALOG,
    proowner: ROLE_BOOTSTRAP,
    prolang: 12,
    procost: 1,
    prorows: 0,
    provariadic: sig.variadic !== undefined ? paramOid(sig.variadic) : 0,
    prosupport: 0,
    prokind: kind,
    prosecdef: false,
    proleakproof: false,
    proisstrict: strict,
    proretset: false,
    provolatile: volatile ? 'v' : 'i',
    proparallel: 's',
    pronargs: sig.args.length,
    pronargdefaults: 0,
    prorettype: paramOid(sig.result),
    proargtypes: sig.args.map(paramOid),
    prosrc: name,
  });
  for (const f of functions) yield row(f.name, f, 'f', f.strict !== false, f.volatile === true);
  for (const a of aggregates) yield row(a.name, a, 'a', a.strict !== false, false);
};

export const PG_CATALOG_ROWS: Readonly<Record<string, Rows>> = {
  pg_class: pgClass,
  pg_namespace: pgNamespace,
  pg_attribute: pgAttribute,
  pg_type: pgType,
  pg_index: pgIndex,
  pg_constraint: pgConstraint,
  pg_attrdef: pgAttrdef,
  pg_tables: pgTables,
  pg_views: pgViews,
  pg_indexes: pgIndexes,
  pg_sequence: pgSequence,
  pg_sequences: pgSequences,
  pg_database: pgDatabase,
  pg_roles: pgRoles,
  pg_user: pgUser,
  pg_authid: pgAuthid,
  pg_am: pgAm,
  pg_collation: pgCollation,
  pg_tablespace: pgTablespace,
  pg_settings: pgSettings,
  pg_depend: pgDepend,
  pg_proc: pgProc,
};

/** Visible from the search path (pg_table_is_visible). */
export function relationVisible(access: CatalogAccess, rel: RelationInfo): boolean {
  return findRelation(access, rel.name) === rel;
}
