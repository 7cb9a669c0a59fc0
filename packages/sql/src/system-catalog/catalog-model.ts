/**
 * The storage catalog of one transaction seen as PostgreSQL's system catalogs: every schema, relation,
 * column, index, constraint and default with its OID (oids.ts). Built once per catalog version and
 * shared by pg_catalog, information_schema, the catalog functions and regclass.
 */
import type { CatalogData, IndexDef, SequenceDef, TableDef, ViewDef } from '@heliosdb/storage';
import type { PgType } from '@heliosdb/types';
import type { SqlType } from '../analyzer/sql-type.js';
import { CATALOG_COLUMNS } from './catalog-columns.js';
import { deparseDefault } from './deparse.js';
import {
  type ConstraintKind,
  FIXED_CATALOG_OIDS,
  NS_INFORMATION_SCHEMA,
  NS_PG_CATALOG,
  attrdefOid,
  constraintOid,
  namespaceOid,
  objectOid,
  primaryKeyIndexOid,
} from './oids.js';

export interface NamespaceInfo {
  readonly oid: number;
  readonly name: string;
}

export interface AttributeInfo {
  readonly attnum: number;
  readonly name: string;
  readonly type: SqlType;
  readonly notNull: boolean;
  readonly dropped: boolean;
  /** DEFAULT as SQL text. */
  readonly default: string | null;
  readonly identity: '' | 'a' | 'd';
}

export type RelKind = 'r' | 'i' | 'S' | 'v';

export interface RelationInfo {
  readonly oid: number;
  readonly name: string;
  readonly schema: string;
  readonly namespace: number;
  readonly kind: RelKind;
  readonly attributes: readonly AttributeInfo[];
  readonly table?: TableDef;
  readonly view?: ViewDef;
  readonly sequence?: SequenceDef;
  readonly index?: IndexInfo;
  /** A system catalog (its rows come from this model, not from storage). */
  readonly system?: boolean;
}

export interface IndexInfo {
  readonly oid: number;
  readonly name: string;
  readonly schema: string;
  readonly table: RelationInfo;
  /** attnums (1-based) of the key columns. */
  readonly keys: readonly number[];
  readonly unique: boolean;
  readonly primary: boolean;
  /** The constraint the index backs (primary key, UNIQUE), if any. */
  readonly constraint?: number;
}

export interface ConstraintInfo {
  readonly oid: number;
  readonly name: string;
  readonly namespace: number;
  readonly schema: string;
  readonly kind: ConstraintKind;
  readonly table: RelationInfo;
  readonly keys: readonly number[];
  /** Backing index (p, u) or the referenced key's index (f). */
  readonly index: number;
  readonly check?: string;
  readonly references?: {
    readonly table: RelationInfo;
    readonly keys: readonly number[];
    readonly onDelete: string;
    readonly onUpdate: string;
  };
}

export interface AttrDefInfo {
  readonly oid: number;
  readonly relation: RelationInfo;
  readonly attnum: number;
  readonly text: string;
}

export interface CatalogModel {
  readonly data: CatalogData;
  readonly namespaces: readonly NamespaceInfo[];
  readonly relations: readonly RelationInfo[];
  readonly indexes: readonly IndexInfo[];
  readonly constraints: readonly ConstraintInfo[];
  readonly attrdefs: readonly AttrDefInfo[];
  relationByOid(oid: number): RelationInfo | undefined;
  relation(name: string, schema: string): RelationInfo | undefined;
  constraintByOid(oid: number): ConstraintInfo | undefined;
  indexByOid(oid: number): IndexInfo | undefined;
  namespaceByOid(oid: number): NamespaceInfo | undefined;
}

const ACTION: Record<string, string> = { 'no action': 'a', restrict: 'r', cascade: 'c', 'set null': 'n', 'set default': 'd' };

export function actionCode(action: string): string {
  return ACTION[action] ?? 'a';
}

function tableAttributes(t: TableDef): AttributeInfo[] {
  return t.columns.map((c, i) => ({
    attnum: i + 1,
    name: c.dropped ? `........pg.dropped.${i + 1}........` : c.name,
    type: c.type,
    notNull: c.notNull || (t.primaryKey?.columns.includes(i) ?? false),
    dropped: c.dropped === true,
    default: c.identity ? null : c.default,
    identity: c.identity === 'always' ? 'a' : c.identity === 'by default' ? 'd' : '',
  }));
}

function plainAttributes(columns: readonly (readonly [string, SqlType])[]): AttributeInfo[] {
  return columns.map(([name, type], i) => ({ attnum: i + 1, name, type, notNull: false, dropped: false, default: null, identity: '' }));
}

/** System catalogs listed in pg_class (pg_catalog and information_schema relations). */
function systemRelations(viewNames: ReadonlySet<string>): RelationInfo[] {
  let next = 12000;
  return Object.entries(CATALOG_COLUMNS).map(([qualified, cols]) => {
    const [schema, name] = qualified.includes('.') ? (qualified.split('.') as [string, string]) : ['pg_catalog', qualified];
    const oid = FIXED_CATALOG_OIDS[name] ?? next++;
    const kind: RelKind = schema === 'information_schema' || viewNames.has(name) ? 'v' : 'r';
    return { oid, name, schema, namespace: schema === 'pg_catalog' ? NS_PG_CATALOG : NS_INFORMATION_SCHEMA, kind, attributes: plainAttributes(cols), system: true };
  });
}

const SYSTEM_VIEWS = new Set(['pg_tables', 'pg_views', 'pg_settings', 'pg_roles', 'pg_user', 'pg_sequences', 'pg_indexes', 'pg_stat_activity']);

function build(data: CatalogData, viewColumns: ViewColumns): CatalogModel {
  const namespaces: NamespaceInfo[] = ['pg_catalog', 'pg_toast', 'information_schema', ...data.schemas].map((name) => ({ oid: namespaceOid(name), name }));
  const relations: RelationInfo[] = systemRelations(SYSTEM_VIEWS);
  const indexes: IndexInfo[] = [];
  const constraints: ConstraintInfo[] = [];
  const attrdefs: AttrDefInfo[] = [];
  const tableRel = new Map<number, RelationInfo>();
  for (const t of data.tables) {
    const rel: RelationInfo = { oid: objectOid(t.id), name: t.name, schema: t.schema, namespace: namespaceOid(t.schema), kind: 'r', attributes: tableAttributes(t), table: t };
    relations.push(rel);
    tableRel.set(t.id, rel);
  }
  const indexRelation = (oid: number, name: string, schema: string, table: RelationInfo, keys: readonly number[]): RelationInfo => ({
    oid,
    name,
    schema,
    namespace: namespaceOid(schema),
    kind: 'i',
    attributes: keys.map((k, i) => {
      const a = table.attributes[k - 1]!;
      return { attnum: i + 1, name: a.name, type: a.type, notNull: false, dropped: false, default: null, identity: '' };
    }),
  });
  const byTableIndexes = new Map<number, IndexDef[]>();
  for (const ix of data.indexes) byTableIndexes.set(ix.tableId, [...(byTableIndexes.get(ix.tableId) ?? []), ix]);
  // Referenced keys: the index (PK or unique) whose columns equal the FK's referenced columns.
  const keyIndex = new Map<string, number>();
  for (const t of data.tables) {
    const rel = tableRel.get(t.id)!;
    if (t.primaryKey) {
      const keys = t.primaryKey.columns.map((c) => c + 1);
      const oid = primaryKeyIndexOid(t.id);
      const conOid = constraintOid(t.id, 'p', 0);
      const info: IndexInfo = { oid, name: t.primaryKey.name, schema: t.schema, table: rel, keys, unique: true, primary: true, constraint: conOid };
      indexes.push(info);
      relations.push({ ...indexRelation(oid, t.primaryKey.name, t.schema, rel, keys), index: info });
      constraints.push({ oid: conOid, name: t.primaryKey.name, namespace: rel.namespace, schema: t.schema, kind: 'p', table: rel, keys, index: oid });
      keyIndex.set(`${t.id}:${keys.join(',')}`, oid);
    }
    let u = 0;
    for (const ix of byTableIndexes.get(t.id) ?? []) {
      const keys = ix.columns.map((c) => c + 1);
      const oid = objectOid(ix.id);
      // A primary key added by ALTER TABLE to a filled table is such an index (marked primary).
      const primary = ix.primary === true;
      const conOid = primary ? constraintOid(t.id, 'p', 0) : ix.constraint ? constraintOid(t.id, 'u', u++) : undefined;
      const info: IndexInfo = { oid, name: ix.name, schema: ix.schema, table: rel, keys, unique: ix.unique, primary, ...(conOid !== undefined ? { constraint: conOid } : {}) };
      indexes.push(info);
      relations.push({ ...indexRelation(oid, ix.name, ix.schema, rel, keys), index: info });
      if (conOid !== undefined) constraints.push({ oid: conOid, name: ix.name, namespace: rel.namespace, schema: t.schema, kind: primary ? 'p' : 'u', table: rel, keys, index: oid });
      if (ix.unique && !keyIndex.has(`${t.id}:${keys.join(',')}`)) keyIndex.set(`${t.id}:${keys.join(',')}`, oid);
    }
    t.checks.forEach((c, i) => {
      constraints.push({ oid: constraintOid(t.id, 'c', i), name: c.name, namespace: rel.namespace, schema: t.schema, kind: 'c', table: rel, keys: [], index: 0, check: c.expression });
    });
    for (const a of rel.attributes) {
      if (a.default !== null && !a.dropped) attrdefs.push({ oid: attrdefOid(t.id, a.attnum), relation: rel, attnum: a.attnum, text: (isStorable(a.type) ? deparseDefault(a.default, a.type) : undefined) ?? a.default });
    }
  }
  for (const t of data.tables) {
    const rel = tableRel.get(t.id)!;
    t.foreignKeys.forEach((fk, i) => {
      const ref = tableRel.get(fk.refTableId);
      if (!ref) return;
      const refKeys = fk.refColumns.map((c) => c + 1);
      constraints.push({
        oid: constraintOid(t.id, 'f', i),
        name: fk.name,
        namespace: rel.namespace,
        schema: t.schema,
        kind: 'f',
        table: rel,
        keys: fk.columns.map((c) => c + 1),
        index: keyIndex.get(`${fk.refTableId}:${refKeys.join(',')}`) ?? 0,
        references: { table: ref, keys: refKeys, onDelete: actionCode(fk.onDelete), onUpdate: actionCode(fk.onUpdate) },
      });
    });
  }
  for (const s of data.sequences) {
    relations.push({ oid: objectOid(s.id), name: s.name, schema: s.schema, namespace: namespaceOid(s.schema), kind: 'S', attributes: [], sequence: s });
  }
  for (const v of data.views) {
    let attributes: AttributeInfo[] | undefined;
    relations.push({
      oid: objectOid(v.id),
      name: v.name,
      schema: v.schema,
      namespace: namespaceOid(v.schema),
      kind: 'v',
      get attributes() {
        return (attributes ??= plainAttributes(viewColumns(v).map((c) => [c.name, c.type] as const)));
      },
      view: v,
    });
  }
  const relByOid = new Map(relations.map((r) => [r.oid, r]));
  const relByName = new Map(relations.map((r) => [`${r.schema}.${r.name}`, r]));
  const conByOid = new Map(constraints.map((c) => [c.oid, c]));
  const ixByOid = new Map(indexes.map((i) => [i.oid, i]));
  const nsByOid = new Map(namespaces.map((n) => [n.oid, n]));
  return {
    data,
    namespaces,
    relations,
    indexes,
    constraints,
    attrdefs,
    relationByOid: (oid) => relByOid.get(oid),
    relation: (name, schema) => relByName.get(`${schema}.${name}`),
    constraintByOid: (oid) => conByOid.get(oid),
    indexByOid: (oid) => ixByOid.get(oid),
    namespaceByOid: (oid) => nsByOid.get(oid),
  };
}

const cache = new WeakMap<CatalogData, CatalogModel>();

/** The model of one catalog version (cached: a catalog version never changes). */
export function catalogModel(data: CatalogData, viewColumns: ViewColumns): CatalogModel {
  let m = cache.get(data);
  if (!m) {
    m = build(data, viewColumns);
    cache.set(data, m);
  }
  return m;
}

/** A view's columns need planning; the caller supplies them (see system-relations.ts). */
export type ViewColumns = (view: ViewDef) => readonly { readonly name: string; readonly type: SqlType }[];

export function isStorable(t: SqlType): t is PgType {
  return t.name !== 'unknown' && (t as { system?: string }).system === undefined;
}
