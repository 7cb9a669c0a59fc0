/**
 * What expressions see of the system catalogs and settings at evaluation time (EvalContext.catalog,
 * EvalContext.settings): name <-> OID for the reg* types and the catalog functions.
 */
import type { SequenceDef } from '@heliosdb/storage';
import { parseTypeName } from '@heliosdb/types';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import { quoteIdent } from '../functions/string-functions.js';
import type { CatalogModel, RelationInfo } from './catalog-model.js';
import { ROLE_BOOTSTRAP, ROLE_DATABASE_OWNER } from './oids.js';
import { formatType, typeOidOf, typeRows } from './type-info.js';

export interface CatalogAccess {
  /** The catalog of the current transaction. */
  model(): CatalogModel;
  /** Schemas searched for unqualified names after pg_catalog (the search_path setting, existing schemas only). */
  searchPath(): readonly string[];
  readonly user: string;
  readonly database: string;
  /** A sequence's current state as this transaction sees it (pg_sequences.last_value). */
  sequenceState?(seq: SequenceDef): { readonly value: bigint; readonly isCalled: boolean };
}

export interface SettingsAccess {
  /** The setting's current value as text, or undefined when no such setting exists. */
  get(name: string): string | undefined;
  /** set_config(name, value, is_local): returns the new value. */
  set(name: string, value: string, local: boolean): string;
}

export function needCatalog(access: CatalogAccess | undefined): CatalogAccess {
  if (!access) throw new SqlError(SqlState.featureNotSupported, 'system catalogs need a database (Database.open)');
  return access;
}

/** Splits a possibly qualified, possibly quoted name as regclassin does ("My T", s.t, "s"."t"). */
export function splitQualifiedName(text: string): string[] {
  const parts: string[] = [];
  let i = 0;
  const s = text.trim();
  while (i <= s.length) {
    let part = '';
    if (s[i] === '"') {
      i++;
      for (; i < s.length; i++) {
        if (s[i] === '"') {
          if (s[i + 1] === '"') {
            part += '"';
            i++;
          } else break;
        } else part += s[i];
      }
      i++;
    } else {
      const start = i;
      while (i < s.length && s[i] !== '.') i++;
      part = s.slice(start, i).trim().toLowerCase();
    }
    parts.push(part);
    if (s[i] !== '.') break;
    i++;
  }
  if (parts.some((p) => p === '')) throw new SqlError(SqlState.invalidNameSyntax, `invalid name syntax`);
  return parts;
}

/** The relation an unqualified or qualified name means (pg_catalog first, then the search path). */
export function findRelation(access: CatalogAccess, name: string, schema?: string): RelationInfo | undefined {
  const m = access.model();
  if (schema) return m.relation(name, schema);
  for (const s of ['pg_catalog', ...access.searchPath()]) {
    const r = m.relation(name, s);
    if (r) return r;
  }
  return undefined;
}

/** regclassin: a relation name (or an OID as digits) to the relation's OID. */
export function regclassIn(access: CatalogAccess, text: string): number {
  if (/^\s*\d+\s*$/.test(text)) return Number(text);
  const parts = splitQualifiedName(text);
  if (parts.length > 3) throw new SqlError('42601', `improper relation name (too many dotted names): ${text}`);
  const name = parts[parts.length - 1]!;
  const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
  const rel = findRelation(access, name, schema);
  if (!rel) throw new SqlError(SqlState.undefinedTable, `relation "${parts.join('.')}" does not exist`);
  return rel.oid;
}

function visible(access: CatalogAccess, rel: RelationInfo): boolean {
  return findRelation(access, rel.name) === rel;
}

/** regclassout: the relation's name, schema-qualified when the search path would not find it. */
export function regclassOut(access: CatalogAccess, oid: number): string {
  const rel = access.model().relationByOid(oid);
  if (!rel) return String(oid);
  return visible(access, rel) ? quoteIdent(rel.name) : `${quoteIdent(rel.schema)}.${quoteIdent(rel.name)}`;
}

export function isRelationVisible(access: CatalogAccess, oid: number): boolean | null {
  const rel = access.model().relationByOid(oid);
  return rel ? visible(access, rel) : null;
}

export function regtypeIn(text: string): number {
  if (/^\s*\d+\s*$/.test(text)) return Number(text);
  const s = text.trim().toLowerCase().replace(/^pg_catalog\./, '');
  const direct = typeRows().find((r) => r.typname === s || r.display === s);
  if (direct) return direct.oid;
  try {
    return typeOidOf(parseTypeName(s));
  } catch {
    throw new SqlError(SqlState.undefinedObject, `type "${text.trim()}" does not exist`);
  }
}

export function regtypeOut(oid: number): string {
  const s = formatType(oid, null);
  return s === '???' ? String(oid) : s;
}

export function regnamespaceIn(access: CatalogAccess, text: string): number {
  if (/^\s*\d+\s*$/.test(text)) return Number(text);
  const [name] = splitQualifiedName(text);
  const ns = access.model().namespaces.find((n) => n.name === name);
  if (!ns) throw new SqlError(SqlState.undefinedSchema, `schema "${name}" does not exist`);
  return ns.oid;
}

export function regnamespaceOut(access: CatalogAccess, oid: number): string {
  const ns = access.model().namespaceByOid(oid);
  return ns ? quoteIdent(ns.name) : String(oid);
}

export function roleName(access: CatalogAccess, oid: number): string | undefined {
  if (oid === ROLE_BOOTSTRAP) return access.user;
  if (oid === ROLE_DATABASE_OWNER) return 'pg_database_owner';
  return undefined;
}

export function regroleIn(access: CatalogAccess, text: string): number {
  if (/^\s*\d+\s*$/.test(text)) return Number(text);
  const [name] = splitQualifiedName(text);
  if (name === access.user) return ROLE_BOOTSTRAP;
  if (name === 'pg_database_owner') return ROLE_DATABASE_OWNER;
  throw new SqlError(SqlState.undefinedObject, `role "${name}" does not exist`);
}
