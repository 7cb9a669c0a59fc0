/**
 * SELECT -> plan. Order of evaluation as in PostgreSQL: FROM, WHERE, GROUP BY / aggregates, HAVING,
 * select list, DISTINCT, ORDER BY, OFFSET/LIMIT; set operations combine whole SELECTs.
 */
import { type Value, T } from '@heliosdb/types';
import type { AnalyzeContext, Grouping } from '../analyzer/analyze-context.js';
import { analyzeExpr, coerceBoolean } from '../analyzer/analyze-expression.js';
import { coerceExpr } from '../analyzer/coerce.js';
import { selectCommonType } from '../analyzer/common-type.js';
import { fingerprint } from '../analyzer/fingerprint.js';
import { figureColname } from '../analyzer/figure-colname.js';
import { Scope, type ScopeColumn } from '../analyzer/scope.js';
import { type SqlType, isUnknown } from '../analyzer/sql-type.js';
import { notSupported, undefinedTable } from '../errors/analysis-errors.js';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import { aggregateRows } from '../executor/aggregate-rows.js';
import { distinctRows, filterRows, limitRows, projectRows, setOperation, sortRows, type SortKey } from '../executor/operators.js';
import { comparatorFor, hashKeyFor, mapKeyFor } from '../expressions/compare.js';
import type { EvalContext, Evaluate, Expr, Row } from '../expressions/expr.js';
import { isAggregateName } from '../functions/registry.js';
import { type Node, type NodeBody, type SelectStmt, nodeAs, stringOf, tagOf } from '../parser/ast.js';
import type { SourceText } from '../parser/source-text.js';
import type { OutputColumn, PlanNode } from './plan-node.js';
import type { RelationCatalog } from './relation-source.js';
import { crossJoin, planFromItem, pushableSide } from './plan-from.js';
import { chooseIndexAccess } from './index-access.js';
import { type BoundSrf, bindSetReturning, isSetReturning } from './set-returning.js';

export interface PlanEnv {
  readonly catalog: RelationCatalog;
  readonly source: SourceText;
  readonly ctes: ReadonlyMap<string, PlanNode>;
  readonly params?: readonly Value[];
  /** A generic plan's parameter types (see AnalyzeContext.paramTypes). */
  readonly paramTypes?: readonly SqlType[];
  /** Index access chosen for a FROM item (a RangeVar node), filled in by chooseIndexAccess. */
  readonly access?: Map<object, IndexAccess>;
  /** EXPLAIN: the scans chosen, in planning order. */
  readonly explain?: string[];
  /**
   * Every name a column reference of the statement being planned could resolve to ('all' when it has `*`, a
   * NATURAL join or the like): table scans decode only the columns named here (see referencedNames).
   */
  readonly columnNames?: ReadonlySet<string> | 'all';
}

export interface IndexAccess {
  readonly index: string;
  /** Every index column fixed: a point lookup with `key`; else a range (see accessRange). */
  readonly point: boolean;
  /** The access returns exactly the rows the whole WHERE accepts (see chooseIndexAccess): no filter needed. */
  readonly covers: boolean;
  /** Values fixed by equality, for the index's leading columns. */
  readonly key: (ctx: EvalContext) => Value[];
  /** Bounds on the index column after those. */
  readonly lower?: { readonly value: (ctx: EvalContext) => Value; readonly inclusive: boolean };
  readonly upper?: { readonly value: (ctx: EvalContext) => Value; readonly inclusive: boolean };
}

export interface SelectOptions {
  /** Leave untyped literals in the select list as `unknown` (set-operation leaves resolve them together). */
  readonly keepUnknown?: boolean;
}

export function planSelect(stmt: SelectStmt, outer: Scope | undefined, env: PlanEnv, options: SelectOptions = {}): PlanNode {
  // Worked out once, for the outermost SELECT planned with this env; nested ones (subqueries, CTEs) are in it.
  if (env.columnNames === undefined) env = { ...env, columnNames: referencedNames(stmt) };
  if (stmt.withClause) env = planWith(stmt.withClause, outer, env);
  if (stmt.op && stmt.op !== 'SETOP_NONE') return planSetOperation(stmt, outer, env);
  if (stmt.valuesLists) return finishValues(stmt, outer, env);
  return planSimpleSelect(stmt, outer, env, options);
}

export function analyzeCtx(scope: Scope, env: PlanEnv, clause: string, grouping?: Grouping): AnalyzeContext {
  return {
    scope,
    source: env.source,
    clause,
    ...(grouping ? { grouping } : {}),
    planSubquery: (s, o) => planSelect(s, o, env),
    ...(env.params ? { params: env.params } : {}),
    ...(env.paramTypes ? { paramTypes: env.paramTypes } : {}),
  };
}

function planWith(w: NonNullable<SelectStmt['withClause']>, outer: Scope | undefined, env: PlanEnv): PlanEnv {
  const ctes = new Map(env.ctes);
  for (const c of w.ctes ?? []) {
    const cte = nodeAs(c, 'CommonTableExpr')!;
    const select = nodeAs(cte.ctequery, 'SelectStmt');
    if (!select) throw notSupported('data-modifying statements in WITH');
    const plan = w.recursive && select.op === 'SETOP_UNION' && referencesName(select.rarg, cte.ctename!)
      ? planRecursive(select, cte, outer, { ...env, ctes })
      : planSelect(select, outer, { ...env, ctes });
    const names = (cte.aliascolnames ?? []).map(stringOf);
    const columns = plan.columns.map((col, i) => ({ ...col, name: names[i] ?? col.name }));
    // A CTE is evaluated once per statement and its rows reused by every reference.
    const cache = new WeakMap<object, Row[]>();
    ctes.set(cte.ctename!, {
      columns,
      rows(ctx) {
        let rows = cache.get(ctx);
        if (!rows) {
          rows = [...plan.rows(ctx)];
          cache.set(ctx, rows);
        }
        return rows;
      },
    });
  }
  return { ...env, ctes };
}

/**
 * The names column references in `node` may resolve to: each unqualified ColumnRef's column name (which may
 * also be a whole-row reference to a table of that name or alias, see neededColumns), `t.name` for references
 * qualified by t, USING lists. 'all' when the statement has `*` (also `t.*`) or a NATURAL join, which read
 * columns it does not name.
 */
export function referencedNames(node: unknown): ReadonlySet<string> | 'all' {
  const names = new Set<string>();
  let all = false;
  const walk = (v: unknown): void => {
    if (all || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    const o = v as Record<string, unknown>;
    if ('A_Star' in o) {
      all = true;
      return;
    }
    const ref = nodeAs(o as Node, 'ColumnRef');
    if (ref) {
      const fields = ref.fields ?? [];
      const last = fields[fields.length - 1];
      // `t.*` or `*`; else the column name, as `name` when unqualified (a one-name reference may also be a whole
      // row: `to_json(t)`) and as `t.name` when qualified by t (only a relation exposed as t has it).
      if (!last || !nodeAs(last, 'String')) all = true;
      else if (fields.length === 1) names.add(stringOf(last));
      else {
        const qualifier = fields[fields.length - 2]!;
        names.add(nodeAs(qualifier, 'String') ? `${stringOf(qualifier)}.${stringOf(last)}` : stringOf(last));
      }
      return;
    }
    const j = nodeAs(o as Node, 'JoinExpr');
    if (j?.isNatural) {
      all = true;
      return;
    }
    if (j) for (const u of j.usingClause ?? []) names.add(stringOf(u));
    // `j.x` for a join aliased j may be a column of any relation inside it.
    if (j?.alias?.aliasname) joinAliases.add(j.alias.aliasname);
    for (const x of Object.values(o)) walk(x);
  };
  const joinAliases = new Set<string>();
  walk(node);
  if (all) return 'all';
  for (const a of joinAliases) for (const n of [...names]) if (n.startsWith(`${a}.`)) names.add(n.slice(a.length + 1));
  return names;
}

function referencesName(node: unknown, name: string): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some((n) => referencesName(n, name));
  const rv = nodeAs(node as Node, 'RangeVar');
  if (rv && rv.relname === name && !rv.schemaname) return true;
  return Object.values(node).some((v) => referencesName(v, name));
}

/** WITH RECURSIVE name AS (base UNION [ALL] step): iterate step over the last round's rows until none are new. */
function planRecursive(select: SelectStmt, cte: NodeBody<'CommonTableExpr'>, outer: Scope | undefined, env: PlanEnv): PlanNode {
  const base = planSelect(select.larg!, outer, env);
  const names = (cte.aliascolnames ?? []).map(stringOf);
  const columns = base.columns.map((col, i) => ({ name: names[i] ?? col.name, type: col.type }));
  let working: Row[] = [];
  const workTable: PlanNode = { columns, rows: () => working };
  const step = planSelect(select.rarg!, outer, { ...env, ctes: new Map(env.ctes).set(cte.ctename!, workTable) });
  if (step.columns.length !== columns.length) {
    throw new SqlError(SqlState.syntaxError, 'each UNION query must have the same number of columns');
  }
  const conform = step.columns.map((c, i) => coerceExpr({ type: c.type, evaluate: (r) => r[i]! }, columns[i]!.type, 'implicit').evaluate);
  const keys = columns.map((c) => hashKeyFor(c.type));
  const keyOf = (r: Row) => r.map((v, i) => keys[i]!(v)).join('\u0001');
  const all = select.all ?? false;
  return {
    columns,
    *rows(ctx) {
      const seen = new Set<string>();
      const fresh = (rows: Iterable<Row>): Row[] => {
        const out: Row[] = [];
        for (const r of rows) {
          if (!all) {
            const k = keyOf(r);
            if (seen.has(k)) continue;
            seen.add(k);
          }
          out.push(r);
        }
        return out;
      };
      let round = fresh(base.rows(ctx));
      while (round.length > 0) {
        yield* round;
        working = round;
        round = fresh([...step.rows(ctx)].map((r) => conform.map((e) => e(r, ctx))));
      }
    },
  };
}

function planSetOperation(stmt: SelectStmt, outer: Scope | undefined, env: PlanEnv): PlanNode {
  const left = planSelect(stmt.larg!, outer, env, { keepUnknown: true });
  const right = planSelect(stmt.rarg!, outer, env, { keepUnknown: true });
  const opName = stmt.op === 'SETOP_UNION' ? 'UNION' : stmt.op === 'SETOP_INTERSECT' ? 'INTERSECT' : 'EXCEPT';
  if (left.columns.length !== right.columns.length) {
    throw new SqlError(SqlState.syntaxError, `each ${opName} query must have the same number of columns`);
  }
  const types = left.columns.map((c, i) => {
    const t = selectCommonType([c.type, right.columns[i]!.type], opName);
    return isUnknown(t) ? T.text : t;
  });
  const conform = (p: PlanNode): PlanNode => {
    const exprs = p.columns.map((c, i) => coerceExpr({ type: c.type, evaluate: (r) => r[i]! }, types[i]!, 'implicit').evaluate);
    return { columns: p.columns, rows: (ctx) => projectRows(p.rows(ctx), exprs, ctx) };
  };
  const l = conform(left);
  const r = conform(right);
  const keys = types.map(hashKeyFor);
  const key = (row: Row) => row.map((v, i) => keys[i]!(v)).join('\u0001');
  const op = opName.toLowerCase() as 'union' | 'intersect' | 'except';
  const all = stmt.all ?? false;
  const columns: OutputColumn[] = left.columns.map((c, i) => ({ name: c.name, type: types[i]! }));
  let plan: PlanNode = { columns, rows: (ctx) => setOperation(op, all, l.rows(ctx), r.rows(ctx), key) };
  plan = applyOrderByOutput(stmt, plan, env);
  return applyLimit(stmt, plan, env);
}

/** ORDER BY over a result whose columns are all that is visible (set operations, VALUES). */
function applyOrderByOutput(stmt: SelectStmt, plan: PlanNode, env: PlanEnv): PlanNode {
  if (!stmt.sortClause?.length) return plan;
  const scope = new Scope(plan.columns.map((c) => ({ name: c.name, type: c.type })));
  const keys = stmt.sortClause.map((s) => {
    const sb = nodeAs(s, 'SortBy')!;
    const idx = ordinal(sb.node!, plan.columns.length, env);
    const expr = idx !== undefined
      ? { type: plan.columns[idx]!.type, evaluate: (r: Row) => r[idx]! }
      : analyzeExpr(sb.node!, analyzeCtx(scope, env, 'ORDER BY'));
    return sortKey(expr, sb);
  });
  return { columns: plan.columns, rows: (ctx) => sortRows(plan.rows(ctx), keys, ctx) };
}

function sortKey(expr: Expr, sb: NodeBody<'SortBy'>): SortKey {
  const descending = sb.sortby_dir === 'SORTBY_DESC';
  const nullsFirst = sb.sortby_nulls === 'SORTBY_NULLS_FIRST' || (sb.sortby_nulls !== 'SORTBY_NULLS_LAST' && descending);
  const type = isUnknown(expr.type) ? T.text : expr.type;
  return { evaluate: expr.evaluate, compare: comparatorFor(type), descending, nullsFirst };
}

function ordinal(node: Node, count: number, env: PlanEnv): number | undefined {
  const c = nodeAs(node, 'A_Const');
  if (!c?.ival && !(c && 'ival' in c)) return undefined;
  const n = c.ival?.ival ?? 0;
  if (n < 1 || n > count) {
    throw new SqlError(SqlState.invalidColumnReference, `ORDER BY position ${n} is not in select list`, { position: env.source.position(c.location) });
  }
  return n - 1;
}

function constantCount(node: Node | undefined, env: PlanEnv, what: 'LIMIT' | 'OFFSET'): (ctx: EvalContext) => number | undefined {
  if (!node) return () => undefined;
  const e = coerceExpr(analyzeExpr(node, analyzeCtx(new Scope([]), env, what)), T.int8, 'implicit');
  return (ctx) => {
    const v = e.evaluate([], ctx);
    if (v === null) return undefined;
    if ((v as bigint) < 0n) {
      throw new SqlError(what === 'LIMIT' ? SqlState.invalidRowCountInLimit : SqlState.invalidRowCountInOffset, `${what} must not be negative`);
    }
    return Number(v);
  };
}

function applyLimit(stmt: SelectStmt, plan: PlanNode, env: PlanEnv): PlanNode {
  if (!stmt.limitCount && !stmt.limitOffset) return plan;
  const limit = constantCount(stmt.limitCount, env, 'LIMIT');
  const offset = constantCount(stmt.limitOffset, env, 'OFFSET');
  return { columns: plan.columns, rows: (ctx) => limitRows(plan.rows(ctx), offset(ctx) ?? 0, limit(ctx)), ...(plan.fresh ? { fresh: true } : {}) };
}

function finishValues(stmt: SelectStmt, outer: Scope | undefined, env: PlanEnv): PlanNode {
  const ctx = analyzeCtx(Scope.empty(outer), env, 'VALUES');
  const rows = (stmt.valuesLists ?? []).map((l) => (nodeAs(l, 'List')?.items ?? []).map((n) => analyzeExpr(n, ctx)));
  const width = rows[0]?.length ?? 0;
  if (rows.some((r) => r.length !== width)) {
    throw new SqlError(SqlState.syntaxError, 'VALUES lists must all be the same length', { position: rows.find((r) => r.length !== width)?.[0]?.position });
  }
  const types = Array.from({ length: width }, (_, i) => {
    const t = selectCommonType(rows.map((r) => r[i]!.type), 'VALUES', rows.map((r) => r[i]!.position));
    return isUnknown(t) ? T.text : t;
  });
  const evs = rows.map((r) => r.map((e, i) => coerceExpr(e, types[i]!, 'implicit').evaluate));
  const columns = types.map((type, i) => ({ name: `column${i + 1}`, type }));
  let plan: PlanNode = {
    columns,
    *rows(ectx) {
      const empty: Row = [];
      for (const r of evs) yield r.map((e) => e(empty, ectx));
    },
  };
  plan = applyOrderByOutput(stmt, plan, env);
  return applyLimit(stmt, plan, env);
}

/** Does the subtree call an aggregate (not counting aggregates inside subqueries)? */
function containsAggregate(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(containsAggregate);
  const [kind, body] = tagOf(node as Node);
  if (kind === 'SubLink') return false;
  if (kind === 'FuncCall') {
    const f = body as NodeBody<'FuncCall'>;
    const names = (f.funcname ?? []).map(stringOf);
    if (isAggregateName(names[names.length - 1]!) && !f.over) return true;
  }
  if (body && typeof body === 'object') return Object.values(body).some(containsAggregate);
  return false;
}

/** The FROM clause's plan; `covers`: an index access returns exactly the rows WHERE accepts. */
function planFrom(stmt: SelectStmt, outer: Scope | undefined, env: PlanEnv): { plan: PlanNode; covers: boolean } {
  const items = stmt.fromClause ?? [];
  if (items.length === 0) return { plan: { columns: [], rows: () => [[]] }, covers: false };
  if (items.length === 1 && stmt.whereClause) env = chooseIndexAccess(items[0]!, stmt.whereClause, outer, env);
  let plan = planFromItem(items[0]!, outer, env);
  for (const item of items.slice(1)) plan = crossJoin(plan, item, outer, env);
  return { plan, covers: items.length === 1 && env.access?.get(items[0]!)?.covers === true };
}

/**
 * Gives the conjuncts of WHERE that read only the inner side of an inner hash join (no subqueries, no outer
 * query's columns) to that side, and returns the test of the others (null when none is left), or undefined
 * when no conjunct moved. A conjunct moves when it analyses in a scope of the inner side's columns alone.
 */
function pushDownConjuncts(where: Node, side: NonNullable<ReturnType<typeof pushableSide>>, inputScope: Scope, env: PlanEnv): Evaluate | null | undefined {
  const and = nodeAs(where, 'BoolExpr');
  const conjuncts = and && and.boolop === 'AND_EXPR' ? (and.args ?? []) : [where];
  const kept: Node[] = [];
  const moved: Evaluate[] = [];
  for (const c of conjuncts) {
    let e: Evaluate | undefined;
    if (!containsSubLink(c)) {
      try {
        e = coerceBoolean(analyzeExpr(c, analyzeCtx(side.scope, env, 'WHERE')), 'WHERE').evaluate;
      } catch {
        e = undefined;
      }
    }
    if (e) moved.push(e);
    else kept.push(c);
  }
  if (moved.length === 0) return undefined;
  for (const e of moved) side.add(e);
  const rest = kept.map((c) => coerceBoolean(analyzeExpr(c, analyzeCtx(inputScope, env, 'WHERE')), 'WHERE').evaluate);
  if (rest.length === 0) return null;
  if (rest.length === 1) return rest[0]!;
  return (row, ctx) => {
    for (let i = 0; i < rest.length; i++) if (rest[i]!(row, ctx) !== true) return false;
    return true;
  };
}

function containsSubLink(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(containsSubLink);
  if ('SubLink' in (node as object)) return true;
  return Object.values(node as object).some(containsSubLink);
}

function planSimpleSelect(stmt: SelectStmt, outer: Scope | undefined, env: PlanEnv, options: SelectOptions): PlanNode {
  if (stmt.intoClause) throw notSupported('SELECT INTO');
  if (stmt.windowClause?.length) throw notSupported('WINDOW');
  const { plan: from, covers } = planFrom(stmt, outer, env);
  const inputScope = new Scope(from.columns.map((c): ScopeColumn => ({ table: c.table, name: c.name, type: c.type, ...(c.hidden ? { hidden: true } : {}) })), outer);
  const fromRows: (ctx: EvalContext) => Iterable<Row> = (ctx) => from.rows(ctx);
  let input = fromRows;
  /** WHERE, when it has to run per row. */
  let where: Evaluate | undefined;
  if (stmt.whereClause) {
    if (containsAggregate(stmt.whereClause)) {
      throw new SqlError(SqlState.groupingError, 'aggregate functions are not allowed in WHERE');
    }
    // Analysed even when the index access covers it: its errors are the statement's.
    let pred: Evaluate | null = coerceBoolean(analyzeExpr(stmt.whereClause, analyzeCtx(inputScope, env, 'WHERE')), 'WHERE').evaluate;
    const side = pushableSide(from);
    const rest = side ? pushDownConjuncts(stmt.whereClause, side, inputScope, env) : undefined;
    if (rest !== undefined) pred = rest;
    if (!covers && pred) {
      const test = pred;
      where = test;
      input = (ctx) => filterRows(fromRows(ctx), test, ctx);
    }
  }

  const targets = expandTargets(stmt.targetList ?? [], inputScope, env);
  const grouped = (stmt.groupClause?.length ?? 0) > 0 || targets.some((t) => t.node && containsAggregate(t.node)) || containsAggregate(stmt.havingClause) || containsAggregate(stmt.sortClause);

  let grouping: Grouping | undefined;
  let groupInput = input;
  if (grouped) {
    const keyNodes = (stmt.groupClause ?? []).map((g) => groupKeyNode(g, targets, inputScope, env));
    const keyExprs = keyNodes.map((n) => analyzeExpr(n, analyzeCtx(inputScope, env, 'GROUP BY')));
    grouping = {
      keys: keyNodes.map((n, i) => ({ fingerprint: fingerprint(n), type: keyExprs[i]!.type, label: keyExprs[i]!.label })),
      aggregates: [],
      inputScope,
    };
    const g = grouping;
    const keys = keyExprs.map((e) => ({ evaluate: e.evaluate, key: hashKeyFor(e.type), mapKey: mapKeyFor(e.type) }));
    // The aggregation tests WHERE itself: one generator fewer between the scan and the accumulators.
    const filter = where;
    // A FROM plan that pushes its rows (a hash join) feeds the aggregation without a generator step per row.
    const each = from.each?.bind(from);
    groupInput = each
      ? (ctx) => aggregateRows((sink) => each(ctx, sink), keys, g.aggregates, ctx, filter)
      : (ctx) => aggregateRows(fromRows(ctx), keys, g.aggregates, ctx, filter);
  }
  const scope = grouping ? new Scope([], outer) : inputScope;
  const ctxFor = (clause: string) => analyzeCtx(scope, env, clause, grouping);

  // Set-returning functions at the top of a select-list item (ProjectSet): each input row yields as many
  // rows as the longest function result, the shorter ones padded with NULL.
  const srfs = new Map<number, BoundSrf>();
  const outputs = targets.map((t, i) => {
    const srf = t.node ? selectListSrf(t.node, ctxFor('SELECT'), env) : undefined;
    if (srf) {
      if (grouping) throw notSupported('set-returning functions in an aggregated select list');
      srfs.set(i, srf);
      return { name: t.name ?? figureColname(t.node), expr: { type: srf.type, evaluate: () => null } as Expr };
    }
    const e = t.expr ?? analyzeExpr(t.node!, ctxFor('SELECT'));
    const typed = isUnknown(e.type) && !(options.keepUnknown && !stmt.sortClause?.length && !stmt.distinctClause) ? coerceExpr(e, T.text, 'implicit') : e;
    return { name: t.name ?? (t.node ? figureColname(t.node) : e.label ?? '?column?'), expr: typed };
  });
  if (grouping && outputs.some((o) => o.expr === undefined)) throw new Error('unreachable');

  let base = groupInput;
  if (stmt.havingClause) {
    if (!grouping) throw new Error('sql planner: HAVING without grouping');
    const pred = coerceBoolean(analyzeExpr(stmt.havingClause, ctxFor('HAVING')), 'HAVING').evaluate;
    const prev = base;
    base = (ctx) => filterRows(prev(ctx), pred, ctx);
  }

  const distinctOn = (stmt.distinctClause ?? []).filter((d) => Object.keys(d).length > 0);
  // ORDER BY items: an output column (by position or name) or an expression over the input.
  const sortExtras: Expr[] = [];
  const sortKeys: SortKey[] = (stmt.sortClause ?? []).map((s) => {
    const sb = nodeAs(s, 'SortBy')!;
    const idx = ordinal(sb.node!, outputs.length, env) ?? outputName(sb.node!, outputs, inputScope);
    const width = outputs.length;
    if (idx !== undefined) return sortKey({ type: outputs[idx]!.expr.type, evaluate: (r) => r[idx]! }, sb);
    if (stmt.distinctClause && distinctOn.length === 0) {
      throw new SqlError(SqlState.invalidColumnReference, 'for SELECT DISTINCT, ORDER BY expressions must appear in select list', { position: env.source.position(sb.location) });
    }
    const e = analyzeExpr(sb.node!, ctxFor('ORDER BY'));
    const slot = width + sortExtras.length;
    sortExtras.push(e);
    return sortKey({ type: e.type, evaluate: (r) => r[slot]! }, sb);
  });

  // DISTINCT ON keys: output columns or expressions; the first row of each run of equal keys is kept.
  const onKeys = distinctOn.map((d) => {
    const idx = ordinal(d, outputs.length, env) ?? outputName(d, outputs, inputScope);
    if (idx !== undefined) return { slot: idx, type: outputs[idx]!.expr.type };
    const e = analyzeExpr(d, ctxFor('DISTINCT ON'));
    sortExtras.push(e);
    return { slot: outputs.length + sortExtras.length - 1, type: e.type };
  });
  if (onKeys.length > 0 && sortKeys.length === 0) {
    for (const k of onKeys) sortKeys.push({ evaluate: (r) => r[k.slot]!, compare: comparatorFor(isUnknown(k.type) ? T.text : k.type), descending: false, nullsFirst: false });
  }
  const projections = [...outputs.map((o) => o.expr.evaluate), ...sortExtras.map((e) => e.evaluate)];
  const columns: OutputColumn[] = outputs.map((o) => ({ name: o.name, type: o.expr.type }));
  let rows = (ctx: EvalContext): Iterable<Row> => projectRows(base(ctx), projections, ctx);
  if (srfs.size > 0) {
    const inputs = base;
    const bound = [...srfs.entries()];
    rows = function* (ctx) {
      for (const input of inputs(ctx)) {
        const row = projections.map((p) => p(input, ctx));
        const series = bound.map(([slot, srf]) => {
          const args = srf.args.map((a) => a.evaluate(input, ctx));
          return { slot, values: args.some((v) => v === null) ? [] : [...srf.generate(args)] };
        });
        const n = Math.max(0, ...series.map((x) => x.values.length));
        for (let k = 0; k < n; k++) {
          const out = [...row];
          for (const x of series) out[x.slot] = x.values[k] ?? null;
          yield out;
        }
      }
    };
  }
  if (stmt.distinctClause && onKeys.length === 0) {
    const keys = columns.map((c) => hashKeyFor(c.type));
    const prev = rows;
    rows = (ctx) => distinctRows(prev(ctx), (r) => keys.map((k, i) => k(r[i]!)).join('\u0001'));
  }
  if (sortKeys.length > 0) {
    const prev = rows;
    rows = (ctx) => sortRows(prev(ctx), sortKeys.map((k) => ({ ...k, evaluate: k.evaluate })), ctx);
  }
  if (onKeys.length > 0) {
    const prev = rows;
    const keys = onKeys.map((k) => ({ slot: k.slot, key: hashKeyFor(k.type) }));
    rows = function* (ctx) {
      let last: string | undefined;
      for (const r of prev(ctx)) {
        const k = keys.map(({ slot, key }) => key(r[slot]!)).join('\u0001');
        if (k !== last) yield r;
        last = k;
      }
    };
  }
  if (sortExtras.length > 0) {
    const prev = rows;
    const n = columns.length;
    rows = function* (ctx) {
      for (const r of prev(ctx)) yield r.slice(0, n);
    };
  }
  // Every path above yields each projected row once, as a new array.
  return applyLimit(stmt, { columns, rows, fresh: true }, env);
}

/** A select-list item that is a call of a set-returning function (generate_series, unnest, ...). */
function selectListSrf(node: Node, ctx: AnalyzeContext, env: PlanEnv): BoundSrf | undefined {
  const call = nodeAs(node, 'FuncCall');
  if (!call || call.over || call.agg_star) return undefined;
  const names = (call.funcname ?? []).map(stringOf);
  const name = names[names.length - 1]!;
  if (!isSetReturning(name)) return undefined;
  const args = (call.args ?? []).map((a) => analyzeExpr(a, ctx));
  return bindSetReturning(name, args, env.source.position(call.location));
}

function outputName(node: Node, outputs: readonly { name: string }[], inputScope: Scope): number | undefined {
  const c = nodeAs(node, 'ColumnRef');
  if (!c || c.fields?.length !== 1 || !nodeAs(c.fields[0], 'String')) return undefined;
  const name = stringOf(c.fields[0]!);
  const hits = outputs.map((o, i) => (o.name === name ? i : -1)).filter((i) => i >= 0);
  if (hits.length === 0) return undefined;
  if (hits.length > 1 && inputScope.find(name).length === 0) {
    throw new SqlError(SqlState.ambiguousColumn, `ORDER BY "${name}" is ambiguous`);
  }
  return hits[0];
}

interface Target {
  readonly name?: string;
  readonly node?: Node;
  readonly expr?: Expr;
}

function expandTargets(list: readonly Node[], scope: Scope, env: PlanEnv): Target[] {
  const out: Target[] = [];
  for (const item of list) {
    const rt = nodeAs(item, 'ResTarget')!;
    const ref = nodeAs(rt.val, 'ColumnRef');
    const fields = ref?.fields ?? [];
    if (ref && fields.length > 0 && nodeAs(fields[fields.length - 1], 'A_Star')) {
      const table = fields.length === 2 ? stringOf(fields[0]!) : undefined;
      const cols = scope.columns.map((c, i) => ({ c, i })).filter(({ c }) => (table === undefined ? !c.hidden : c.table === table));
      if (table !== undefined && cols.length === 0) {
        throw new SqlError(SqlState.undefinedTable, `missing FROM-clause entry for table "${table}"`, { position: env.source.position(ref.location) });
      }
      if (table === undefined && scope.columns.length === 0) {
        throw new SqlError(SqlState.syntaxError, 'SELECT * with no tables specified is not valid', { position: env.source.position(ref.location) });
      }
      for (const { c, i } of cols) out.push({ name: c.name, expr: { type: c.type, evaluate: (r) => r[i]!, label: c.name } });
      continue;
    }
    out.push({ ...(rt.name !== undefined ? { name: rt.name } : {}), node: rt.val! });
  }
  return out;
}

/** GROUP BY items: a select-list position, an output column name (when no input column has it), or an expression. */
function groupKeyNode(g: Node, targets: readonly Target[], inputScope: Scope, env: PlanEnv): Node {
  const c = nodeAs(g, 'A_Const');
  if (c?.ival !== undefined || (c && !c.sval && !c.fval && !c.isnull && !c.boolval)) {
    const n = c.ival?.ival ?? 0;
    const t = targets[n - 1];
    if (!t?.node) throw new SqlError(SqlState.invalidColumnReference, `GROUP BY position ${n} is not in select list`, { position: env.source.position(c.location) });
    return t.node;
  }
  const ref = nodeAs(g, 'ColumnRef');
  if (ref && ref.fields?.length === 1 && nodeAs(ref.fields[0], 'String')) {
    const name = stringOf(ref.fields[0]!);
    if (inputScope.find(name).length === 0) {
      const t = targets.find((x) => x.name === name && x.node);
      if (t?.node) return t.node;
    }
  }
  return g;
}

export { undefinedTable };
export type { Value };
