/** Function calls: built-in functions, aggregates (registered in the grouping), and SQL value functions. */
import { type Value, T } from '@heliosdb/types';
import { ambiguousFunction, notSupported, undefinedFunction } from '../errors/analysis-errors.js';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import type { Evaluate, Expr } from '../expressions/expr.js';
import { lookupAggregate, lookupFunction } from '../functions/registry.js';
import { sqlValueFunction } from '../functions/system-functions.js';
import { type NodeBody, nodeAs, stringOf } from '../parser/ast.js';
import type { AnalyzeContext } from './analyze-context.js';
import { analyzeExpr, coerceBoolean, position } from './analyze-expression.js';
import { asSqlError, coerceExpr } from './coerce.js';
import { resolveOverload } from './resolve-overload.js';
import { displayName } from './sql-type.js';

/** Names the grammar writes as pg_catalog.x for SQL-standard syntax (EXTRACT, SUBSTRING ... FROM, TRIM, ...). */
function functionName(f: NodeBody<'FuncCall'>): string {
  const names = (f.funcname ?? []).map(stringOf);
  return names[names.length - 1]!;
}

export function analyzeFuncCall(f: NodeBody<'FuncCall'>, ctx: AnalyzeContext): Expr {
  const pos = position(ctx, f.location);
  const name = functionName(f);
  if (f.over) throw notSupported('window functions', pos);
  const aggregates = lookupAggregate(name);
  if (aggregates.length > 0) return analyzeAggregate(f, name, ctx, pos);
  if (f.agg_star) throw new SqlError(SqlState.wrongObjectType, `${name}(*) specified, but ${name} is not an aggregate function`, { position: pos });
  const args = (f.args ?? []).map((a) => analyzeExpr(a, ctx));
  const candidates = lookupFunction(name);
  const sig = `${name}(${args.map((a) => displayName(a.type)).join(', ')})`;
  if (candidates.length === 0) throw undefinedFunction(sig, pos);
  const found = resolveOverload(candidates, args.map((a) => a.type));
  if (!found) throw undefinedFunction(sig, pos);
  if ('ambiguous' in found) throw ambiguousFunction(sig, pos);
  const def = found.signature;
  const coerced = args.map((a, i) => coerceExpr(a, found.params[i]!, 'implicit'));
  const impl = def.impl({ argTypes: found.params, resultType: found.result });
  const evs = coerced.map((c) => c.evaluate);
  const strict = def.strict !== false;
  const evaluate: Evaluate = (row, ectx) => {
    const values: Value[] = new Array(evs.length);
    for (let i = 0; i < evs.length; i++) {
      const v = evs[i]!(row, ectx);
      if (v === null && strict) return null;
      values[i] = v;
    }
    try {
      return impl(values, ectx);
    } catch (e) {
      throw asSqlError(e, pos);
    }
  };
  const constant = !def.volatile && coerced.every((c) => c.constant);
  return { type: found.result, evaluate, label: name, position: pos, constant };
}

function analyzeAggregate(f: NodeBody<'FuncCall'>, name: string, ctx: AnalyzeContext, pos?: number): Expr {
  const g = ctx.grouping;
  if (!g && ctx.clause === 'aggregate function calls') {
    throw new SqlError(SqlState.groupingError, 'aggregate function calls cannot be nested', { position: pos });
  }
  if (!g) {
    throw new SqlError(SqlState.groupingError, `aggregate functions are not allowed in ${ctx.clause}`, { position: pos });
  }
  const inner: AnalyzeContext = { ...ctx, scope: g.inputScope, grouping: undefined, clause: 'aggregate function calls' };
  const args = f.agg_star ? [] : (f.args ?? []).map((a) => analyzeExpr(a, inner));
  const candidates = lookupAggregate(name);
  const sig = `${name}(${f.agg_star ? '*' : args.map((a) => displayName(a.type)).join(', ')})`;
  const found = resolveOverload(candidates, args.map((a) => a.type));
  if (!found) throw undefinedFunction(sig, pos);
  if ('ambiguous' in found) throw ambiguousFunction(sig, pos);
  const coerced = args.map((a, i) => coerceExpr(a, found.params[i]!, 'implicit'));
  const filter = f.agg_filter ? coerceBoolean(analyzeExpr(f.agg_filter, inner), 'FILTER') : undefined;
  const order = (f.agg_order ?? []).map((o) => {
    const s = nodeAs(o, 'SortBy')!;
    const descending = s.sortby_dir === 'SORTBY_DESC';
    const nullsFirst = s.sortby_nulls === 'SORTBY_NULLS_FIRST' || (s.sortby_nulls !== 'SORTBY_NULLS_LAST' && descending);
    return { expr: analyzeExpr(s.node!, inner), descending, nullsFirst };
  });
  const slot = g.keys.length + g.aggregates.length;
  g.aggregates.push({
    def: found.signature,
    args: coerced,
    distinct: f.agg_distinct ?? false,
    ...(filter ? { filter } : {}),
    ...(order.length > 0 ? { order } : {}),
  });
  return { type: found.result, evaluate: (row) => row[slot]!, label: name, position: pos };
}

export function analyzeSqlValueFunction(s: NodeBody<'SQLValueFunction'>, ctx: AnalyzeContext): Expr {
  const pos = position(ctx, s.location);
  const fn = sqlValueFunction(s.op ?? '', s.typmod ?? -1);
  if (!fn) throw notSupported(`SQL value function ${s.op}`, pos);
  return { ...fn, position: pos };
}

export const BOOL = T.bool;
