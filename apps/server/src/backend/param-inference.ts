/**
 * Types for parameters the client left unspecified, for ParameterDescription: an explicit cast (`$1::int`,
 * `CAST($2 AS jsonb)`) anywhere, else the column the parameter meets in `INSERT INTO t (a, b) VALUES ($1, $2)`,
 * `UPDATE t SET a = $1`, or `col <op> $n` / `$n <op> col` in the WHERE of a one-table SELECT, UPDATE or DELETE. PostgreSQL infers these too, and drivers that serialize by the
 * reported type (postgres.js, JDBC's setObject) need them: an object for a jsonb column, an array for an
 * int4[] one. Only reported; the value still reaches the engine as text that takes its type from context, as
 * before. Anything else stays unknown (reported as text).
 */
import type { TableDef } from '@heliosdb/storage';
import { type PgType, baseType, parseTypeName } from '@heliosdb/types';

type Json = Record<string, unknown>;
/** The table a statement names, resolved by the caller along the search_path. */
export type TableLookup = (name: string, schema: string | undefined) => TableDef | undefined;

const obj = (x: unknown): Json | undefined => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Json) : undefined);
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

function paramNumber(n: unknown): number | undefined {
  const p = obj(obj(n)?.ParamRef);
  return typeof p?.number === 'number' ? p.number : undefined;
}

function columnName(n: unknown): string | undefined {
  const fields = arr(obj(obj(n)?.ColumnRef)?.fields);
  const last = obj(obj(fields[fields.length - 1])?.String);
  return typeof last?.sval === 'string' ? last.sval : undefined;
}

function tableOf(rangeVar: unknown, lookup: TableLookup): TableDef | undefined {
  const r = obj(rangeVar);
  if (!r || typeof r.relname !== 'string') return undefined;
  return lookup(r.relname, typeof r.schemaname === 'string' ? r.schemaname : undefined);
}

function columnType(t: TableDef, name: string): PgType | undefined {
  return t.columns.find((c) => c.name === name && !c.dropped)?.type;
}

/** `col op $n`, `$n op col`, through AND/OR. */
function fromWhere(where: unknown, t: TableDef, out: Map<number, PgType>): void {
  const w = obj(where);
  if (!w) return;
  const bool = obj(w.BoolExpr);
  if (bool) {
    for (const a of arr(bool.args)) fromWhere(a, t, out);
    return;
  }
  const e = obj(w.A_Expr);
  if (!e || e.kind !== 'AEXPR_OP') return;
  const pairs: [unknown, unknown][] = [
    [e.lexpr, e.rexpr],
    [e.rexpr, e.lexpr],
  ];
  for (const [col, param] of pairs) {
    const n = paramNumber(param);
    const name = columnName(col);
    const type = n !== undefined && name !== undefined ? comparedType(columnType(t, name)) : undefined;
    if (n !== undefined && type && !out.has(n)) out.set(n, type);
  }
}

/** varchar has no comparison operators of its own: PostgreSQL compares it as text, and reports text. */
function comparedType(t: PgType | undefined): PgType | undefined {
  if (!t || t.array || t.name !== 'varchar') return t;
  return baseType('text');
}

/** `$n::type` and `CAST($n AS type)` anywhere in the statement: the cast's type, as PostgreSQL reports it. */
function fromCasts(node: unknown, out: Map<number, PgType>): void {
  if (Array.isArray(node)) {
    for (const x of node) fromCasts(x, out);
    return;
  }
  const n = obj(node);
  if (!n) return;
  const cast = obj(n.TypeCast);
  const p = cast ? paramNumber(cast.arg) : undefined;
  if (cast && p !== undefined && !out.has(p)) {
    const t = castType(obj(cast.typeName));
    if (t) out.set(p, t);
  }
  for (const v of Object.values(n)) if (v && typeof v === 'object') fromCasts(v, out);
}

function castType(typeName: Json | undefined): PgType | undefined {
  if (!typeName || typeName.setof || typeName.pct_type) return undefined;
  const names = arr(typeName.names).map((x) => obj(obj(x)?.String)?.sval);
  if (names.some((x) => typeof x !== 'string')) return undefined;
  const base = names.filter((x, i) => !(i === 0 && names.length > 1 && x === 'pg_catalog')).join('.');
  try {
    return parseTypeName(`${base}${arr(typeName.arrayBounds).length > 0 ? '[]' : ''}`);
  } catch {
    return undefined;
  }
}

/** Parameter number (1-based) -> its type: an explicit cast's, else the column's it meets. */
export function inferParamTypes(node: unknown, lookup: TableLookup): Map<number, PgType> {
  const out = new Map<number, PgType>();
  const n = obj(node);
  if (!n) return out;
  fromCasts(n, out);
  const insert = obj(n.InsertStmt);
  if (insert) {
    const t = tableOf(insert.relation, lookup);
    if (!t) return out;
    const names = insert.cols ? arr(insert.cols).map((c) => obj(obj(c)?.ResTarget)?.name as string | undefined) : t.columns.filter((c) => !c.dropped).map((c) => c.name);
    for (const list of arr(obj(obj(insert.selectStmt)?.SelectStmt)?.valuesLists)) {
      arr(obj(obj(list)?.List)?.items).forEach((item, i) => {
        const p = paramNumber(item);
        const name = names[i];
        const type = p !== undefined && name !== undefined ? columnType(t, name) : undefined;
        if (p !== undefined && type && !out.has(p)) out.set(p, type);
      });
    }
    return out;
  }
  const update = obj(n.UpdateStmt);
  if (update) {
    if (arr(update.fromClause).length > 0) return out;
    const t = tableOf(update.relation, lookup);
    if (!t) return out;
    for (const target of arr(update.targetList)) {
      const r = obj(obj(target)?.ResTarget);
      const p = paramNumber(r?.val);
      const type = p !== undefined && typeof r?.name === 'string' && arr(r.indirection).length === 0 ? columnType(t, r.name) : undefined;
      if (p !== undefined && type && !out.has(p)) out.set(p, type);
    }
    fromWhere(update.whereClause, t, out);
    return out;
  }
  const del = obj(n.DeleteStmt);
  if (del) {
    if (arr(del.usingClause).length > 0) return out;
    const t = tableOf(del.relation, lookup);
    if (t) fromWhere(del.whereClause, t, out);
    return out;
  }
  const select = obj(n.SelectStmt);
  if (select) {
    const from = arr(select.fromClause);
    if (from.length !== 1) return out;
    const t = tableOf(obj(from[0])?.RangeVar, lookup);
    if (t) fromWhere(select.whereClause, t, out);
  }
  return out;
}
