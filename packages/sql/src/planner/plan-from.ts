/** FROM items: subqueries, VALUES, set-returning functions, CTE references, relations from the catalog, joins. */
import { T } from '@heliosdb/types';
import { analyzeExpr, coerceBoolean } from '../analyzer/analyze-expression.js';
import { Scope } from '../analyzer/scope.js';
import { notSupported, undefinedFunction, undefinedTable } from '../errors/analysis-errors.js';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import type { Row } from '../expressions/expr.js';
import { type Alias, type Node, type SelectStmt, nodeAs, stringOf, tagOf } from '../parser/ast.js';
import type { OutputColumn, PlanNode } from './plan-node.js';
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
  return { columns, rows: (ctx) => plan.rows(ctx) };
}

export function planFromItem(item: Node, outer: Scope | undefined, env: PlanEnv): PlanNode {
  const [kind, body] = tagOf(item);
  switch (kind) {
    case 'RangeSubselect': {
      const rs = nodeAs(item, 'RangeSubselect')!;
      const select = nodeAs(rs.subquery, 'SelectStmt')!;
      return renamed(planSelect(select, rs.lateral ? outer : outer, env), rs.alias);
    }
    case 'RangeVar': {
      const rv = nodeAs(item, 'RangeVar')!;
      const name = rv.relname!;
      const cte = rv.schemaname ? undefined : env.ctes.get(name);
      if (cte) return renamed(cte, rv.alias, name);
      const rel = env.catalog.lookup(name, rv.schemaname);
      if (!rel) throw undefinedTable(rv.schemaname ? `${rv.schemaname}.${name}` : name, env.source.position(rv.location));
      return renamed({ columns: rel.columns, rows: (ctx) => rel.scan(ctx) }, rv.alias, name);
    }
    case 'RangeFunction':
      return planFunctionScan(nodeAs(item, 'RangeFunction')!, outer, env);
    case 'JoinExpr':
      return planJoin(nodeAs(item, 'JoinExpr')!, outer, env);
    default:
      throw notSupported(`FROM item ${kind}`, undefined) ?? body;
  }
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

function planJoin(j: NonNullable<ReturnType<typeof nodeAs<'JoinExpr'>>>, outer: Scope | undefined, env: PlanEnv): PlanNode {
  const left = planFromItem(j.larg!, outer, env);
  const right = planFromItem(j.rarg!, outer, env);
  if (j.usingClause?.length || j.isNatural) throw notSupported('JOIN USING / NATURAL JOIN');
  const columns = [...left.columns, ...right.columns];
  const scope = new Scope(columns.map((c) => ({ table: c.table, name: c.name, type: c.type })), outer);
  const quals = j.quals
    ? coerceBoolean(analyzeExpr(j.quals, analyzeCtx(scope, env, 'JOIN conditions')), 'JOIN/ON').evaluate
    : undefined;
  const kind = j.jointype ?? 'JOIN_INNER';
  if (kind !== 'JOIN_INNER' && kind !== 'JOIN_LEFT') throw notSupported(`${kind.replace('JOIN_', '')} JOIN`);
  const rightNulls: Row = right.columns.map(() => null);
  const plan: PlanNode = {
    columns,
    *rows(ctx) {
      const buffered = [...right.rows(ctx)];
      for (const l of left.rows(ctx)) {
        let matched = false;
        for (const r of buffered) {
          const row = [...l, ...r];
          if (!quals || quals(row, ctx) === true) {
            matched = true;
            yield row;
          }
        }
        if (!matched && kind === 'JOIN_LEFT') yield [...l, ...rightNulls];
      }
    },
  };
  return j.alias ? renamedJoin(plan, j.alias) : plan;
}

function renamedJoin(plan: PlanNode, alias: Alias): PlanNode {
  return { columns: plan.columns.map((c) => ({ ...c, table: alias.aliasname })), rows: plan.rows };
}
