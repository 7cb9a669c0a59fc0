/**
 * System information and catalog functions tools call: current_schema(s), format_type, pg_get_indexdef,
 * pg_get_constraintdef, pg_get_expr, pg_get_viewdef, pg_table_is_visible, pg_get_userbyid,
 * obj_description & co. (always NULL: Nano keeps no comments), privilege checks (always true: there is one
 * superuser), current_setting / set_config.
 */
import { T } from '@heliosdb/types';
import { systemType } from '../analyzer/sql-type.js';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import type { EvalContext } from '../expressions/expr.js';
import { type FunctionDef, fixed } from '../functions/function-def.js';
import { type CatalogAccess, isRelationVisible, needCatalog, regclassIn, roleName } from './catalog-access.js';
import { constraintDefinition, indexDefinition, viewDefinition } from './definitions.js';
import { relationVisible } from './pg-catalog.js';
import { formatType } from './type-info.js';

const OID = systemType('oid');
const NAME = systemType('name');
const REGCLASS = systemType('regclass');
const NODE_TREE = systemType('pg_node_tree');

function catalog(ctx: EvalContext): CatalogAccess {
  return needCatalog(ctx.catalog);
}

/** The schemas of the search path that exist (current_schemas(false)). */
export function existingSearchPath(ctx: EvalContext): string[] {
  if (!ctx.catalog) return ['public'];
  const names = new Set(ctx.catalog.model().namespaces.map((n) => n.name));
  return ctx.catalog.searchPath().filter((s) => names.has(s));
}

function setting(ctx: EvalContext, name: string, missingOk: boolean): string | null {
  const v = ctx.settings?.get(name);
  if (v === undefined) {
    if (missingOk) return null;
    throw new SqlError(SqlState.undefinedObject, `unrecognized configuration parameter "${name}"`);
  }
  return v;
}

function sequenceAccess(ctx: EvalContext): NonNullable<EvalContext['sequences']> {
  if (!ctx.sequences) throw new SqlError(SqlState.featureNotSupported, 'sequence functions need a database (Database.open)');
  return ctx.sequences;
}

/** The schema-qualified name of the sequence with this OID (42809 for another kind of relation). */
function sequenceName(ctx: EvalContext, oid: number): string {
  const rel = catalog(ctx).model().relationByOid(oid);
  if (!rel) throw new SqlError(SqlState.undefinedTable, `could not open relation with OID ${oid}`);
  if (rel.kind !== 'S') throw new SqlError(SqlState.wrongObjectType, `"${rel.name}" is not a sequence`);
  return `${rel.schema}.${rel.name}`;
}

/** Pretty-printing drops the parentheses ruleutils puts around a top-level operator expression. */
function withoutOuterParens(text: string): string {
  if (!text.startsWith('(') || !text.endsWith(')')) return text;
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") quoted = !quoted;
    if (quoted) continue;
    if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0 && i < text.length - 1) return text;
  }
  return text.slice(1, -1);
}

const ENCODINGS: Record<number, string> = { 0: 'SQL_ASCII', 6: 'UTF8', 8: 'LATIN1' };

const always = (result: boolean) => fixed(() => result);

const DEFS: readonly FunctionDef[] = [
  { name: 'current_schema', args: [], result: NAME, impl: fixed((_a, ctx) => existingSearchPath(ctx)[0] ?? null) },
  { name: 'current_schemas', args: [T.bool], result: systemType('name', true), impl: fixed(([implicit], ctx) => (implicit ? ['pg_catalog', ...existingSearchPath(ctx)] : existingSearchPath(ctx))) },
  { name: 'pg_get_userbyid', args: [OID], result: NAME, impl: fixed(([oid], ctx) => roleName(catalog(ctx), oid as number) ?? `unknown (OID=${oid as number})`) },
  { name: 'pg_table_is_visible', args: [OID], result: T.bool, impl: fixed(([oid], ctx) => isRelationVisible(catalog(ctx), oid as number)) },
  { name: 'pg_type_is_visible', args: [OID], result: T.bool, impl: always(true) },
  { name: 'pg_function_is_visible', args: [OID], result: T.bool, impl: always(true) },
  { name: 'pg_get_function_result', args: [OID], result: T.text, impl: fixed(() => null) },
  { name: 'pg_get_function_arguments', args: [OID], result: T.text, impl: fixed(() => null) },
  { name: 'pg_get_function_identity_arguments', args: [OID], result: T.text, impl: fixed(() => null) },
  { name: 'format_type', args: [OID, T.int4], result: T.text, strict: false, impl: fixed(([oid, mod]) => (oid === null ? null : formatType(oid as number, mod as number | null))) },
  {
    name: 'pg_get_indexdef',
    args: [OID],
    result: T.text,
    impl: fixed(([oid], ctx) => {
      const ix = catalog(ctx).model().indexByOid(oid as number);
      return ix ? indexDefinition(ix) : null;
    }),
  },
  {
    name: 'pg_get_indexdef',
    args: [OID, T.int4, T.bool],
    result: T.text,
    impl: fixed(([oid, column], ctx) => {
      const ix = catalog(ctx).model().indexByOid(oid as number);
      return ix ? indexDefinition(ix, column as number) : null;
    }),
  },
  ...[[OID], [OID, T.bool]].map(
    (args): FunctionDef => ({
      name: 'pg_get_constraintdef',
      args,
      result: T.text,
      impl: fixed(([oid, pretty], ctx) => {
        const access = catalog(ctx);
        const con = access.model().constraintByOid(oid as number);
        return con ? constraintDefinition(con, (rel) => relationVisible(access, rel), pretty === true) : null;
      }),
    }),
  ),
  // pg_node_tree columns hold the expression's SQL text, so deparsing is the identity.
  { name: 'pg_get_expr', args: [NODE_TREE, OID], result: T.text, impl: fixed(([e]) => e ?? null) },
  { name: 'pg_get_expr', args: [NODE_TREE, OID, T.bool], result: T.text, impl: fixed(([e, , pretty]) => (pretty === true ? withoutOuterParens(e as string) : (e ?? null))) },
  ...[[OID], [OID, T.bool]].map(
    (args): FunctionDef => ({
      name: 'pg_get_viewdef',
      args,
      result: T.text,
      impl: fixed(([oid, pretty], ctx) => {
        const access = catalog(ctx);
        const rel = access.model().relationByOid(oid as number);
        return rel ? viewDefinition(rel, access, pretty === true) : null;
      }),
    }),
  ),
  ...[[T.text], [T.text, T.bool]].map(
    (args): FunctionDef => ({
      name: 'pg_get_viewdef',
      args,
      result: T.text,
      impl: fixed(([name, pretty], ctx) => {
        const access = catalog(ctx);
        const rel = access.model().relationByOid(regclassIn(access, name as string));
        return rel ? viewDefinition(rel, access, pretty === true) : null;
      }),
    }),
  ),
  { name: 'pg_get_triggerdef', args: [OID], result: T.text, impl: fixed(() => null) },
  { name: 'pg_get_ruledef', args: [OID], result: T.text, impl: fixed(() => null) },
  { name: 'pg_get_ruledef', args: [OID, T.bool], result: T.text, impl: fixed(() => null) },
  { name: 'pg_get_triggerdef', args: [OID, T.bool], result: T.text, impl: fixed(() => null) },
  { name: 'pg_get_statisticsobjdef_columns', args: [OID], result: T.text, impl: fixed(() => null) },
  {
    name: 'pg_relation_is_publishable',
    args: [REGCLASS],
    result: T.bool,
    impl: fixed(([oid], ctx) => catalog(ctx).model().relationByOid(oid as number)?.kind === 'r'),
  },
  {
    name: 'pg_get_serial_sequence',
    args: [T.text, T.text],
    result: T.text,
    impl: fixed(([table, column], ctx) => {
      const access = catalog(ctx);
      const rel = access.model().relationByOid(regclassIn(access, table as string));
      const attnum = rel?.attributes.findIndex((a) => a.name === column) ?? -1;
      if (!rel?.table || attnum < 0) throw new SqlError(SqlState.undefinedColumn, `column "${column as string}" of relation "${table as string}" does not exist`);
      const seq = access.model().relations.find((r) => r.sequence?.ownedBy?.tableId === rel.table!.id && r.sequence.ownedBy.column === attnum);
      return seq ? `${seq.schema}.${seq.name}` : null;
    }),
  },
  ...[[OID], [OID, NAME]].map((args): FunctionDef => ({ name: 'obj_description', args, result: T.text, strict: false, impl: fixed(() => null) })),
  { name: 'col_description', args: [OID, T.int4], result: T.text, strict: false, impl: fixed(() => null) },
  { name: 'shobj_description', args: [OID, NAME], result: T.text, strict: false, impl: fixed(() => null) },
  { name: 'pg_encoding_to_char', args: [T.int4], result: NAME, impl: fixed(([e]) => ENCODINGS[e as number] ?? '') },
  { name: 'pg_char_to_encoding', args: [NAME], result: T.int4, impl: fixed(([n]) => Number(Object.entries(ENCODINGS).find(([, v]) => v === (n as string).toUpperCase())?.[0] ?? -1)) },
  ...['has_table_privilege', 'has_schema_privilege', 'has_database_privilege', 'has_sequence_privilege', 'has_function_privilege'].flatMap((name): FunctionDef[] => [
    { name, args: [T.text, T.text], result: T.bool, impl: always(true) },
    { name, args: [OID, T.text], result: T.bool, impl: always(true) },
    { name, args: [NAME, T.text, T.text], result: T.bool, impl: always(true) },
    { name, args: [NAME, OID, T.text], result: T.bool, impl: always(true) },
  ]),
  { name: 'has_column_privilege', args: [T.text, T.text, T.text], result: T.bool, impl: always(true) },
  { name: 'has_column_privilege', args: [OID, T.int2, T.text], result: T.bool, impl: always(true) },
  // nextval('s'::regclass) as PostgreSQL's DEFAULTs and pg_dump write it (the text overloads take names).
  { name: 'nextval', args: [REGCLASS], result: T.int8, impl: fixed(([oid], ctx) => sequenceAccess(ctx).nextval(sequenceName(ctx, oid as number))) },
  { name: 'currval', args: [REGCLASS], result: T.int8, impl: fixed(([oid], ctx) => sequenceAccess(ctx).currval(sequenceName(ctx, oid as number))) },
  { name: 'setval', args: [REGCLASS, T.int8], result: T.int8, impl: fixed(([oid, v], ctx) => sequenceAccess(ctx).setval(sequenceName(ctx, oid as number), v as bigint, true)) },
  { name: 'setval', args: [REGCLASS, T.int8, T.bool], result: T.int8, impl: fixed(([oid, v, c], ctx) => sequenceAccess(ctx).setval(sequenceName(ctx, oid as number), v as bigint, c as boolean)) },
  { name: 'pg_backend_pid', args: [], result: T.int4, impl: fixed(() => process.pid) },
  { name: 'pg_is_in_recovery', args: [], result: T.bool, impl: always(false) },
  { name: 'current_setting', args: [T.text], result: T.text, impl: fixed(([n], ctx) => setting(ctx, n as string, false)) },
  { name: 'current_setting', args: [T.text, T.bool], result: T.text, impl: fixed(([n, missingOk], ctx) => setting(ctx, n as string, missingOk === true)) },
  {
    name: 'set_config',
    args: [T.text, T.text, T.bool],
    result: T.text,
    strict: false,
    volatile: true,
    impl: fixed(([n, v, local], ctx) => {
      if (n === null) throw new SqlError(SqlState.nullValueNotAllowed, 'SET requires parameter name');
      if (!ctx.settings) throw new SqlError(SqlState.featureNotSupported, 'set_config needs a session');
      return ctx.settings.set(n as string, (v as string | null) ?? '', local === true);
    }),
  },
];

/** All read the session or the catalog, so none is folded to a constant at analysis time. */
export const CATALOG_FUNCTIONS: readonly FunctionDef[] = DEFS.map((d) => ({ ...d, volatile: true }));
