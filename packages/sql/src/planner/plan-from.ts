/** FROM items: subqueries, VALUES, set-returning functions, CTE references, relations from the catalog, joins. */
import { T } from '@heliosdb/types';
import { analyzeExpr, coerceBoolean } from '../analyzer/analyze-expression.js';
import { Scope } from '../analyzer/scope.js';
import { notSupported, undefinedFunction, undefinedTable } from '../errors/analysis-errors.js';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import { type EvalContext, type Row, withOuterRow } from '../expressions/expr.js';
import { resolveOperator } from '../analyzer/analyze-operator.js';
import { coerceExpr } from '../analyzer/coerce.js';
import { selectCommonType } from '../analyzer/common-type.js';
import { type SqlType, isUnknown } from '../analyzer/sql-type.js';
import { hashKeyFor, mapKeyFor } from '../expressions/compare.js';
import type { Value } from '@heliosdb/types';
import { type Alias, type Node, type SelectStmt, nodeAs, stringOf, tagOf } from '../parser/ast.js';
import type { OutputColumn, PlanNode } from './plan-node.js';
import { accessRange } from './index-access.js';
import { type PlanEnv, analyzeCtx, planSelect } from './plan-select.js';
import { bindSetReturning } from './set-returning.js';
import { displayName } from '../analyzer/sql-type.js';

function renamed(plan: PlanNode, alias: Alias | undefined, fallbackTable?: string): PlanNode {
  const names = (alias?.colnames ?? []).map(stringOf);
  const table = alias?.aliasname ?? fallbackTable;
  if (names.length > plan.columns.length) {
    throw new SqlError(SqlState.invalidColumnReference, `table "${table}" has ${plan.columns.length} columns available but ${names.length} columns specified`);
  }
  const columns: OutputColumn[] = plan.columns.map((c, i) => ({ name: names[i] ?? c.name, type: c.type, ...(table !== undefined ? { table } : {}) }));
  const each = plan.each?.bind(plan);
  return { columns, rows: (ctx) => plan.rows(ctx), ...(each && { each }) };
}

export function planFromItem(item: Node, outer: Scope | undefined, env: PlanEnv): PlanNode {
  const [kind, body] = tagOf(item);
  switch (kind) {
    case 'RangeSubselect': {
      const rs = nodeAs(item, 'RangeSubselect')!;
      const select = nodeAs(rs.subquery, 'SelectStmt')!;
      return renamed(planSelect(select, outer, env), rs.alias);
    }
    case 'RangeVar': {
      const rv = nodeAs(item, 'RangeVar')!;
      const name = rv.relname!;
      const cte = rv.schemaname ? undefined : env.ctes.get(name);
      if (cte) return renamed(cte, rv.alias, name);
      const view = env.catalog.view?.(name, rv.schemaname);
      if (view) return renamed(view, rv.alias, name);
      const rel = env.catalog.lookup(name, rv.schemaname);
      if (!rel) throw undefinedTable(rv.schemaname ? `${rv.schemaname}.${name}` : name, env.source.position(rv.location));
      const access = env.access?.get(item);
      // Columns renamed by the alias (`t AS x(a, b)`) are referenced by their new names: all are read.
      const columns = rv.alias?.colnames?.length ? undefined : neededColumns(rel.columns, rv.alias?.aliasname ?? name, env.columnNames);
      if (access && access.point && rel.lookup) {
        env.explain?.push(`Index Scan using ${access.index} on ${rel.name ?? name}`);
        const lookup = rel.lookup.bind(rel);
        return renamed({ columns: rel.columns, rows: (ctx) => lookup(access.index, access.key(ctx), ctx) }, rv.alias, name);
      }
      if (access && !access.point && rel.range) {
        env.explain?.push(`Index Scan using ${access.index} on ${rel.name ?? name}`);
        const range = rel.range.bind(rel);
        return renamed(
          {
            columns: rel.columns,
            rows: (ctx) => {
              const r = accessRange(access, ctx);
              return r ? range(access.index, r, ctx, columns) : [];
            },
          },
          rv.alias,
          name,
        );
      }
      env.explain?.push(`Seq Scan on ${rel.name ?? name}`);
      const scanEach = rel.scanEach?.bind(rel);
      return renamed({ columns: rel.columns, rows: (ctx) => rel.scan(ctx, columns), ...(scanEach && { each: (ctx: EvalContext, sink: (row: Row) => void) => scanEach(ctx, columns, sink) }) }, rv.alias, name);
    }
    case 'RangeFunction':
      return planFunctionScan(nodeAs(item, 'RangeFunction')!, outer, env);
    case 'JoinExpr':
      return planJoin(nodeAs(item, 'JoinExpr')!, outer, env);
    default:
      throw notSupported(`FROM item ${kind}`, undefined) ?? body;
  }
}

/**
 * The positions of a relation's columns that the statement can read: those it references by name, unqualified
 * or qualified by the name the relation is exposed as (see referencedNames); undefined (all) when it reads every
 * one, has `*`, or names the relation itself (a whole-row reference such as `to_json(t)`).
 */
function neededColumns(columns: readonly OutputColumn[], relName: string, names: PlanEnv['columnNames']): number[] | undefined {
  if (names === undefined || names === 'all' || names.has(relName)) return undefined;
  const needed: number[] = [];
  columns.forEach((c, i) => {
    if (names.has(c.name) || names.has(`${relName}.${c.name}`)) needed.push(i);
  });
  return needed.length === columns.length ? undefined : needed;
}

function planFunctionScan(rf: NonNullable<ReturnType<typeof nodeAs<'RangeFunction'>>>, outer: Scope | undefined, env: PlanEnv): PlanNode {
  if ((rf.functions?.length ?? 0) !== 1) throw notSupported('ROWS FROM with several functions');
  const pair = nodeAs(rf.functions![0], 'List')?.items ?? [];
  const call = nodeAs(pair[0], 'FuncCall');
  if (!call) throw notSupported('this function in FROM');
  const names = (call.funcname ?? []).map(stringOf);
  const name = names[names.length - 1]!;
  const position = env.source.position(call.location);
  const ctx = analyzeCtx(Scope.empty(outer), env, 'functions in FROM');
  const args = (call.args ?? []).map((a) => analyzeExpr(a, ctx));
  const srf = bindSetReturning(name, args, position);
  if (!srf) {
    throw undefinedFunction(`${name}(${args.map((a) => displayName(a.type)).join(', ')})`, position);
  }
  const alias = rf.alias;
  const colName = alias?.colnames?.[0] ? stringOf(alias.colnames[0]) : alias?.aliasname ?? name;
  const columns: OutputColumn[] = [{ name: colName, type: srf.type, table: alias?.aliasname ?? name }];
  if (rf.ordinality) columns.push({ name: alias?.colnames?.[1] ? stringOf(alias.colnames[1]) : 'ordinality', type: T.int8, table: alias?.aliasname ?? name });
  const evs = srf.args.map((a) => a.evaluate);
  return {
    columns,
    *rows(ectx) {
      const vals = evs.map((e) => e([], ectx));
      if (vals.some((v) => v === null)) return;
      let n = 0n;
      for (const v of srf.generate(vals)) yield rf.ordinality ? [v, ++n] : [v];
    },
  };
}

/** Is a FROM item evaluated per row of the items to its left (LATERAL subqueries, functions)? */
function isLateral(item: Node): boolean {
  const rs = nodeAs(item, 'RangeSubselect');
  if (rs) return rs.lateral === true;
  return nodeAs(item, 'RangeFunction') !== undefined;
}

function scopeOf(columns: readonly OutputColumn[], outer: Scope | undefined): Scope {
  return new Scope(columns.map((c) => ({ table: c.table, name: c.name, type: c.type, ...(c.hidden ? { hidden: true } : {}) })), outer);
}

/**
 * The right side of a join: planned once; a lateral item sees the left columns as an enclosing scope
 * and is re-run for each left row (the row is pushed as an outer row, as for a correlated subquery).
 */
function rightSide(left: PlanNode, item: Node, outer: Scope | undefined, env: PlanEnv): { plan: PlanNode; lateral: boolean } {
  if (!isLateral(item)) return { plan: planFromItem(item, outer, env), lateral: false };
  return { plan: planFromItem(item, scopeOf(left.columns, outer), env), lateral: true };
}

function rightRows(right: { plan: PlanNode; lateral: boolean }, ctx: EvalContext): (l: Row) => readonly Row[] {
  if (right.lateral) return (l) => [...right.plan.rows(withOuterRow(ctx, l))];
  const buffered = [...right.plan.rows(ctx)];
  return () => buffered;
}

/**
 * Inner hash joins whose inner (build) side takes filters: a WHERE conjunct that reads only that side's columns
 * is applied to its rows before they are hashed, not to every joined row (PostgreSQL too applies such a
 * restriction at the scan). `columns`: the inner side's, in its rows' order.
 */
const pushable = new WeakMap<PlanNode, { readonly columns: readonly OutputColumn[]; add(filter: (row: Row, ctx: EvalContext) => Value): void }>();

/** The inner side of `plan` that takes pushed-down WHERE conjuncts, when it is an inner hash join (see pushable). */
export function pushableSide(plan: PlanNode): { readonly scope: Scope; add(filter: (row: Row, ctx: EvalContext) => Value): void } | undefined {
  const p = pushable.get(plan);
  // No enclosing scope: a name the inner side lacks must fail to resolve (it is the other side's), not find an outer query's.
  return p && { scope: scopeOf(p.columns, undefined), add: p.add };
}

export function crossJoin(left: PlanNode, item: Node, outer: Scope | undefined, env: PlanEnv): PlanNode {
  const right = rightSide(left, item, outer, env);
  return {
    columns: [...left.columns, ...right.plan.columns],
    *rows(ctx) {
      const rowsFor = rightRows(right, ctx);
      for (const l of left.rows(ctx)) for (const r of rowsFor(l)) yield [...l, ...r];
    },
  };
}

function planJoin(j: NonNullable<ReturnType<typeof nodeAs<'JoinExpr'>>>, outer: Scope | undefined, env: PlanEnv): PlanNode {
  const left = planFromItem(j.larg!, outer, env);
  const right = rightSide(left, j.rarg!, outer, env);
  const kind = j.jointype ?? 'JOIN_INNER';
  if (kind !== 'JOIN_INNER' && kind !== 'JOIN_LEFT' && kind !== 'JOIN_RIGHT' && kind !== 'JOIN_FULL') throw notSupported(`${kind.replace('JOIN_', '')} JOIN`);
  if (right.lateral && (kind === 'JOIN_RIGHT' || kind === 'JOIN_FULL')) {
    throw new SqlError(SqlState.invalidColumnReference, `The combining JOIN type must be INNER or LEFT for a LATERAL reference.`);
  }
  const lcols = left.columns;
  const rcols = right.plan.columns;
  const joined = [...lcols, ...rcols];

  // USING / NATURAL: pairs of same-named columns, merged into one output column each.
  let usingNames: string[] = (j.usingClause ?? []).map(stringOf);
  if (j.isNatural) usingNames = lcols.filter((c) => !c.hidden && rcols.some((r) => !r.hidden && r.name === c.name)).map((c) => c.name);
  const pairs = usingNames.map((name) => {
    const li = visibleIndex(lcols, name, 'left');
    const ri = visibleIndex(rcols, name, 'right');
    const type = selectCommonType([lcols[li]!.type, rcols[ri]!.type], 'JOIN/USING');
    return { name, li, ri, type: isUnknown(type) ? T.text : type };
  });
  const eqs = pairs.map((p) => {
    const l = coerceExpr({ type: lcols[p.li]!.type, evaluate: (r: Row) => r[p.li]! }, p.type, 'implicit');
    const r = coerceExpr({ type: rcols[p.ri]!.type, evaluate: (row: Row) => row[lcols.length + p.ri]! }, p.type, 'implicit');
    return resolveOperator('=', l, r).evaluate;
  });
  let quals: ((row: Row, ctx: EvalContext) => boolean) | undefined;
  let hashKeys: HashKeys | undefined;
  if (eqs.length > 0) {
    quals = (row, ctx) => eqs.every((e) => e(row, ctx) === true);
    hashKeys = usingHashKeys(pairs, lcols, rcols);
  } else if (j.quals) {
    if (!right.lateral) hashKeys = equiJoinKeys(j.quals, lcols, rcols);
    const scope = scopeOf(joined, outer);
    const q = coerceBoolean(analyzeExpr(j.quals, analyzeCtx(scope, env, 'JOIN conditions')), 'JOIN/ON').evaluate;
    quals = (row, ctx) => q(row, ctx) === true;
  }
  // Equal map keys of these types are equal values (and NULL keys never match): the hash probe is the whole ON.
  if (hashKeys?.exact && !right.lateral) quals = undefined;

  const leftNulls: Row = lcols.map(() => null);
  const rightNulls: Row = rcols.map(() => null);
  /** WHERE conjuncts over the inner side's columns alone, pushed below an inner hash join (see pushableSide). */
  const rightFilters: ((row: Row, ctx: EvalContext) => Value)[] = [];
  /** The probe of a hash table of the inner side's rows, built now. */
  const hashProbe = (keys: HashKeys, rowsFor: (l: Row) => readonly Row[], ctx: EvalContext): ((l: Row) => readonly Row[]) => {
    const table = new Map<unknown, Row[]>();
    // Small non-negative integer keys index an array (cheaper than hashing; the same keys either way).
    const dense: (Row[] | undefined)[] = [];
    rows: for (const r of rowsFor([])) {
      for (let i = 0; i < rightFilters.length; i++) if (rightFilters[i]!(r, ctx) !== true) continue rows;
      const k = keys.right(r, ctx);
      if (k === undefined) continue;
      const small = typeof k === 'number' && (k & 0xffff) === k;
      const bucket = small ? dense[k] : table.get(k);
      if (bucket) bucket.push(r);
      else if (small) dense[k] = [r];
      else table.set(k, [r]);
    }
    const none: Row[] = [];
    return (l) => {
      const k = keys.left(l, ctx);
      if (k === undefined) return none;
      if (typeof k === 'number' && (k & 0xffff) === k) return dense[k] ?? none;
      return table.get(k) ?? none;
    };
  };
  const inner: PlanNode = {
    columns: joined,
    *rows(ctx) {
      const rowsFor = rightRows(right, ctx);
      const matchedRight = new Set<Row>();
      // Only RIGHT and FULL joins emit the inner rows nothing matched.
      const keepMatched = kind === 'JOIN_RIGHT' || kind === 'JOIN_FULL';
      let allRight: Row[] | undefined;
      // Equi-joins probe a hash table of the inner side; every other join scans it per outer row.
      const probe = hashKeys && !right.lateral ? hashProbe(hashKeys, rowsFor, ctx) : undefined;
      for (const l of left.rows(ctx)) {
        let matched = false;
        if ((kind === 'JOIN_RIGHT' || kind === 'JOIN_FULL') && !allRight) allRight = rowsFor(l) as Row[];
        const rs = probe ? probe(l) : rowsFor(l);
        for (let i = 0; i < rs.length; i++) {
          const r = rs[i]!;
          const row = concatRows(l, r);
          if (!quals || quals(row, ctx)) {
            matched = true;
            if (keepMatched) matchedRight.add(r);
            yield row;
          }
        }
        if (!matched && (kind === 'JOIN_LEFT' || kind === 'JOIN_FULL')) yield [...l, ...rightNulls];
      }
      if (kind === 'JOIN_RIGHT' || kind === 'JOIN_FULL') {
        for (const r of allRight ?? [...rowsFor([])]) if (!matchedRight.has(r)) yield [...leftNulls, ...r];
      }
    },
  };
  if (hashKeys && !right.lateral && (kind === 'JOIN_INNER' || kind === 'JOIN_LEFT')) {
    // Pushed rows share one array, refilled for each pair (see PlanNode.each).
    const keys = hashKeys;
    const nl = lcols.length;
    const nr = rcols.length;
    // The outer side pushes its rows too when it can (a table scan): its array is read here, never kept.
    const leftEach = left.each?.bind(left);
    inner.each = (ctx, sink) => {
      const probe = hashProbe(keys, rightRows(right, ctx), ctx);
      const row: Value[] = new Array(nl + nr);
      const pair = (l: Row): void => {
        let matched = false;
        const rs = probe(l);
        for (let i = 0; i < rs.length; i++) {
          const r = rs[i]!;
          for (let c = 0; c < nl; c++) row[c] = l[c]!;
          for (let c = 0; c < nr; c++) row[nl + c] = r[c]!;
          if (!quals || quals(row, ctx)) {
            matched = true;
            sink(row);
          }
        }
        if (!matched && kind === 'JOIN_LEFT') {
          for (let c = 0; c < nl; c++) row[c] = l[c]!;
          for (let c = 0; c < nr; c++) row[nl + c] = null;
          sink(row);
        }
      };
      if (leftEach) leftEach(ctx, pair);
      else for (const l of left.rows(ctx)) pair(l);
    };
  }
  if (pairs.length === 0 && !j.alias && kind === 'JOIN_INNER' && hashKeys && !right.lateral) {
    pushable.set(inner, { columns: rcols, add: (f) => rightFilters.push(f) });
  }
  if (pairs.length === 0) return j.alias ? renamedJoin(inner, j.alias) : inner;

  // Merged columns first (COALESCE(l, r) for FULL), then the remaining columns of each side; the
  // originals stay reachable qualified.
  const merged: OutputColumn[] = pairs.map((p) => ({ name: p.name, type: p.type }));
  const mergedEval = pairs.map((p) => {
    const l = coerceExpr({ type: lcols[p.li]!.type, evaluate: (r: Row) => r[p.li]! }, p.type, 'implicit').evaluate;
    const r = coerceExpr({ type: rcols[p.ri]!.type, evaluate: (row: Row) => row[lcols.length + p.ri]! }, p.type, 'implicit').evaluate;
    if (kind === 'JOIN_RIGHT') return r;
    if (kind === 'JOIN_FULL') return (row: Row, ctx: EvalContext) => l(row, ctx) ?? r(row, ctx);
    return l;
  });
  const usedLeft = new Set(pairs.map((p) => p.li));
  const usedRight = new Set(pairs.map((p) => p.ri));
  const columns: OutputColumn[] = [
    ...merged,
    ...lcols.map((c, i) => (usedLeft.has(i) ? { ...c, hidden: true } : c)),
    ...rcols.map((c, i) => (usedRight.has(i) ? { ...c, hidden: true } : c)),
  ];
  const plan: PlanNode = {
    columns,
    *rows(ctx) {
      for (const row of inner.rows(ctx)) yield [...mergedEval.map((e) => e(row, ctx)), ...row];
    },
  };
  return j.alias ? renamedJoin(plan, j.alias) : plan;
}

/** A joined row: the left row's values, then the right's. */
function concatRows(l: Row, r: Row): Row {
  const nl = l.length;
  const n = r.length;
  const out: Value[] = new Array(nl + n);
  for (let i = 0; i < nl; i++) out[i] = l[i]!;
  for (let i = 0; i < n; i++) out[nl + i] = r[i]!;
  return out;
}

/** Hash keys of a join row's two sides; undefined when a key column is NULL (such rows never match). */
interface HashKeys {
  readonly left: (row: Row, ctx: EvalContext) => unknown;
  readonly right: (row: Row, ctx: EvalContext) => unknown;
  /** Equal keys are exactly the pairs `=` accepts (one column of a type mapKeyFor keeps as its value). */
  readonly exact?: boolean;
}

/** Types whose `=` accepts exactly the pairs with the same mapKeyFor key (the ON need not run per pair). */
const EXACT_JOIN_TYPES = new Set(['int2', 'int4', 'int8', 'text', 'bool']);

function keysOf(parts: { l: (r: Row) => Value; r: (r: Row) => Value; key: (v: Value) => string; type: SqlType }[]): HashKeys {
  if (parts.length === 1) {
    // One key column: the value itself is the map key where mapKeyFor allows, no string per row.
    const p = parts[0]!;
    const key = mapKeyFor(p.type);
    const exact = !isUnknown(p.type) && !p.type.array && EXACT_JOIN_TYPES.has(p.type.name);
    return {
      left: (row) => {
        const v = p.l(row);
        return v === null ? undefined : key(v);
      },
      right: (row) => {
        const v = p.r(row);
        return v === null ? undefined : key(v);
      },
      exact,
    };
  }
  const make = (side: 'l' | 'r') => (row: Row): string | undefined => {
    let k = '';
    for (const p of parts) {
      const v = p[side](row);
      if (v === null) return undefined;
      k += p.key(v) + '\u0001';
    }
    return k;
  };
  return { left: make('l'), right: make('r') };
}

function usingHashKeys(pairs: readonly { li: number; ri: number; type: SqlType }[], lcols: readonly OutputColumn[], rcols: readonly OutputColumn[]): HashKeys | undefined {
  if (pairs.some((p) => !sameType(lcols[p.li]!.type, rcols[p.ri]!.type))) return undefined;
  return keysOf(pairs.map((p) => ({ l: (r: Row) => r[p.li]!, r: (r: Row) => r[p.ri]!, key: hashKeyFor(p.type), type: p.type })));
}

function sameType(a: SqlType, b: SqlType): boolean {
  return !isUnknown(a) && a.name === b.name && a.array === b.array;
}

function conjunctsOf(node: Node): Node[] {
  const b = nodeAs(node, 'BoolExpr');
  if (b && b.boolop === 'AND_EXPR') return (b.args ?? []).flatMap(conjunctsOf);
  return [node];
}

/** `left.a = right.b` conjuncts of ON between columns of the same type, one side each. */
function equiJoinKeys(quals: Node, lcols: readonly OutputColumn[], rcols: readonly OutputColumn[]): HashKeys | undefined {
  const ls = scopeOf(lcols, undefined);
  const rs = scopeOf(rcols, undefined);
  const resolve = (n: Node | undefined, scope: Scope): { index: number; type: SqlType } | undefined => {
    const ref = n && nodeAs(n, 'ColumnRef');
    const fields = ref?.fields ?? [];
    if (!ref || fields.length === 0 || fields.length > 2 || fields.some((f) => !nodeAs(f, 'String'))) return undefined;
    const names = fields.map(stringOf);
    const hits = scope.find(names[names.length - 1]!, names.length === 2 ? names[0] : undefined);
    return hits.length === 1 ? { index: hits[0]!, type: scope.columns[hits[0]!]!.type } : undefined;
  };
  const parts: { l: (r: Row) => Value; r: (r: Row) => Value; key: (v: Value) => string; type: SqlType }[] = [];
  let conjuncts = 0;
  for (const c of conjunctsOf(quals)) {
    conjuncts++;
    const a = nodeAs(c, 'A_Expr');
    if (!a || a.kind !== 'AEXPR_OP' || (a.name ?? []).map(stringOf).join('.') !== '=') continue;
    let l = resolve(a.lexpr, ls);
    let r = resolve(a.rexpr, rs);
    if (!l || !r) {
      l = resolve(a.rexpr, ls);
      r = resolve(a.lexpr, rs);
    }
    if (!l || !r || !sameType(l.type, r.type)) continue;
    const li = l.index;
    const ri = r.index;
    parts.push({ l: (row) => row[li]!, r: (row) => row[ri]!, key: hashKeyFor(l.type), type: l.type });
  }
  if (parts.length === 0) return undefined;
  const keys = keysOf(parts);
  // The probe is the whole ON only when ON is nothing but this one equality.
  return keys.exact && conjuncts === 1 ? keys : { left: keys.left, right: keys.right };
}

function visibleIndex(cols: readonly OutputColumn[], name: string, side: string): number {
  const hits = cols.map((c, i) => (!c.hidden && c.name === name ? i : -1)).filter((i) => i >= 0);
  if (hits.length === 0) throw new SqlError(SqlState.undefinedColumn, `column "${name}" specified in USING clause does not exist in ${side} table`);
  if (hits.length > 1) throw new SqlError(SqlState.ambiguousColumn, `common column name "${name}" appears more than once in ${side} table`);
  return hits[0]!;
}

function renamedJoin(plan: PlanNode, alias: Alias): PlanNode {
  return { columns: plan.columns.map((c) => ({ ...c, table: alias.aliasname })), rows: plan.rows, ...(plan.each ? { each: plan.each } : {}) };
}
