/**
 * Generic plans for INSERT ... VALUES, UPDATE and DELETE: analysed and planned once per catalog version,
 * parameter types and search_path (the key prepared.ts keeps for SELECT), run with each execution's
 * transaction and parameters. DEFAULT (nextval, now()), CHECK, RETURNING and ON CONFLICT are evaluated per
 * execution by the plan; NOT NULL, keys and foreign keys stay storage's, per row, as before.
 *
 * Analysis with the values (what the session does for a statement that is not cached) folds the conversion
 * of each parameter (an untyped '42' into an int column, a bigint into int4) at analysis time, so a bad
 * value fails before anything runs, as PostgreSQL's Bind does. A generic plan converts where it uses the
 * value; to fail the same way, the conversions applied to a parameter read as it is are recorded while
 * analysing (coerce.ts, recordParamCasts) and repeated on the execution's values before the plan runs.
 * Where analysis with the values folds more than that (a parameter inside an expression of constants, such
 * as `$1 + 1`, `$1::int` or `f($1)`), the statement is not cached: `dmlCacheable` admits parameters only as
 * a whole VALUES item, a whole SET value, or an operand of an operator whose other operand is a column.
 */
import type { Transaction } from '@heliosdb/storage';
import { type ParamCast, checkParamCasts, recordParamCasts } from '../analyzer/coerce.js';
import type { SqlType } from '../analyzer/sql-type.js';
import { type Node, type NodeBody, nodeAs, tagOf } from '../parser/ast.js';
import type { SourceText } from '../parser/source-text.js';
import { type DmlExecution, type DmlResult, type DmlRun, planDelete, planInsert, planUpdate } from './dml.js';
import { qualifyStatement } from './search-path.js';
import { storageCatalog } from './storage-catalog.js';

/** A DML statement's generic plan. */
export interface CachedDml {
  readonly dml: DmlRun;
  /** Conversions of parameters that analysis with the values would have made up front. */
  readonly casts: readonly ParamCast[];
}

const DML = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt']);

/**
 * True for the DML statements a generic plan is kept for: INSERT with VALUES (or DEFAULT VALUES), UPDATE
 * without FROM, DELETE without USING, no WITH or subqueries, and parameters only where converting them at use is what
 * analysis with the values does (see above).
 */
export function dmlCacheable(node: Node): boolean {
  const [kind, body] = tagOf(node);
  if (!DML.has(kind)) return false;
  const b = body as { withClause?: unknown; fromClause?: unknown[]; usingClause?: unknown[] };
  if (b.withClause || b.fromClause?.length || b.usingClause?.length) return false;
  if (kind === 'InsertStmt') {
    const ins = body as NodeBody<'InsertStmt'>;
    if (ins.selectStmt) {
      const select = nodeAs(ins.selectStmt, 'SelectStmt');
      if (!select?.valuesLists || select.sortClause?.length || select.limitCount || select.limitOffset || select.withClause) return false;
    }
  }
  const { subquery, foldFree } = paramPlacement(node, true);
  // Subqueries (planned from a table of the catalog, maybe a system one) are left to the session.
  return !subquery && foldFree;
}

/**
 * True for a SELECT whose text Session.execute keeps prepared: no INTO or FOR UPDATE/SHARE, and parameters
 * only as an operand of an operator whose other operand is a column (`id = $1`, `val > $1`), so analysis with
 * the values would fold nothing but the parameter's conversion, which the generic plan repeats up front
 * (see above). Statements naming system catalogs are planned per execution anyway (prepared.ts).
 */
export function selectCacheable(node: Node): boolean {
  const select = nodeAs(node, 'SelectStmt');
  if (!select || select.intoClause || select.lockingClause?.length) return false;
  return paramPlacement(node, false).foldFree;
}

/**
 * Whether every parameter sits where its conversion is all analysis with the values would fold: an operand of
 * an operator whose other operand is a column, or (`dml`) a whole VALUES item or SET value.
 */
function paramPlacement(node: Node, dml: boolean): { subquery: boolean; foldFree: boolean } {
  const allowed = new Set<object>();
  const params: object[] = [];
  const isParam = (n: unknown): n is Node => n !== null && typeof n === 'object' && 'ParamRef' in (n as object);
  let subquery = false;
  walk(node, (n, key) => {
    if (isParam(n)) params.push(n);
    if (nodeAs(n, 'SubLink')) subquery = true;
    if (dml) {
      const list = nodeAs(n, 'List');
      // VALUES rows are Lists; a parameter that is a whole item is converted to its column's type.
      if (list && key === 'valuesLists') for (const item of list.items ?? []) if (isParam(item)) allowed.add(item);
      const rt = nodeAs(n, 'ResTarget');
      if (rt && key === 'targetList' && isParam(rt.val)) allowed.add(rt.val);
    }
    const e = nodeAs(n, 'A_Expr');
    if (e && e.kind === 'AEXPR_OP') {
      if (isParam(e.lexpr) && nodeAs(e.rexpr, 'ColumnRef')) allowed.add(e.lexpr);
      if (isParam(e.rexpr) && nodeAs(e.lexpr, 'ColumnRef')) allowed.add(e.rexpr);
    }
  });
  return { subquery, foldFree: params.every((p) => allowed.has(p)) };
}

/**
 * Analyses and plans a DML statement with parameter types, reading the catalog through `tx` (a transaction
 * rebound to each execution's). Throws what analysis throws; the caller then runs the statement uncached.
 */
export function planDml(node: Node, tx: Transaction, searchPath: readonly string[], source: SourceText, paramTypes: readonly SqlType[]): CachedDml {
  const [kind, original] = tagOf(node);
  const body = qualifyStatement(kind, original, tx, searchPath);
  const d = { tx, env: { catalog: storageCatalog(tx, searchPath), source, ctes: new Map(), paramTypes } };
  const { result, casts } = recordParamCasts(() =>
    kind === 'InsertStmt' ? planInsert(body as NodeBody<'InsertStmt'>, d) : kind === 'UpdateStmt' ? planUpdate(body as NodeBody<'UpdateStmt'>, d) : planDelete(body as NodeBody<'DeleteStmt'>, d),
  );
  return { dml: result, casts };
}

/** Runs a generic DML plan: the parameters' conversions first (errors as analysis would raise them), then the plan. */
export function runCachedDml(cached: CachedDml, d: DmlExecution): DmlResult {
  checkParamCasts(cached.casts, d.evalContext.params);
  return cached.dml(d);
}

function walk(value: unknown, visit: (n: Node, key: string | undefined) => void, key?: string): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) walk(v, visit, key);
    return;
  }
  visit(value as Node, key);
  for (const [k, v] of Object.entries(value)) walk(v, visit, k);
}
