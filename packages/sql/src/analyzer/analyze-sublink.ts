/** Subqueries in expressions: scalar (x), EXISTS, IN / op ANY / op ALL (subquery), ARRAY(subquery). */
import { type PgType, type Value, T, arrayOf } from '@heliosdb/types';
import { notSupported } from '../errors/analysis-errors.js';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import type { EvalContext, Expr, Row } from '../expressions/expr.js';
import { type NodeBody, nodeAs, stringOf } from '../parser/ast.js';
import type { PlanNode } from '../planner/plan-node.js';
import type { AnalyzeContext } from './analyze-context.js';
import { analyzeExpr, position } from './analyze-expression.js';
import { resolveOperator } from './analyze-operator.js';
import { Scope } from './scope.js';

function* runCorrelated(plan: PlanNode, row: Row, ctx: EvalContext): Generator<Row> {
  ctx.outerRows.push(row);
  try {
    yield* plan.rows(ctx);
  } finally {
    ctx.outerRows.pop();
  }
}

export function analyzeSubLink(s: NodeBody<'SubLink'>, ctx: AnalyzeContext): Expr {
  const pos = position(ctx, s.location);
  const select = nodeAs(s.subselect, 'SelectStmt');
  if (!select) throw notSupported('this subquery', pos);
  const outer = ctx.grouping ? new Scope([], ctx.grouping.inputScope.parent) : ctx.scope;
  if (ctx.grouping) throw notSupported('subqueries in an aggregated select list', pos);
  const plan = ctx.planSubquery(select, outer);
  const first = plan.columns[0];
  switch (s.subLinkType) {
    case 'EXPR_SUBLINK': {
      if (plan.columns.length !== 1) throw new SqlError(SqlState.syntaxError, 'subquery must return only one column', { position: pos });
      return {
        type: first!.type,
        label: first!.name === '?column?' ? undefined : first!.name,
        position: pos,
        evaluate: (row, ectx) => {
          let result: Value = null;
          let n = 0;
          for (const r of runCorrelated(plan, row, ectx)) {
            if (++n > 1) throw new SqlError(SqlState.cardinalityViolation, 'more than one row returned by a subquery used as an expression');
            result = r[0]!;
          }
          return result;
        },
      };
    }
    case 'EXISTS_SUBLINK':
      return {
        type: T.bool,
        label: 'exists',
        position: pos,
        evaluate: (row, ectx) => {
          for (const _ of runCorrelated(plan, row, ectx)) return true;
          return false;
        },
      };
    case 'ARRAY_SUBLINK':
      return {
        type: arrayOf(first!.type as PgType),
        label: 'array',
        position: pos,
        evaluate: (row, ectx) => [...runCorrelated(plan, row, ectx)].map((r) => r[0]!),
      };
    case 'ANY_SUBLINK':
    case 'ALL_SUBLINK': {
      const any = s.subLinkType === 'ANY_SUBLINK';
      const names = (s.operName ?? []).map(stringOf);
      const op = names[names.length - 1] ?? '=';
      const lhs = analyzeExpr(s.testexpr!, ctx);
      if (plan.columns.length !== 1) throw new SqlError(SqlState.syntaxError, 'subquery has too many columns', { position: pos });
      const cmp = resolveOperator(op, { type: lhs.type, evaluate: (r) => r[0]! }, { type: first!.type, evaluate: (r) => r[1]! }, pos);
      return {
        type: T.bool,
        position: pos,
        evaluate: (row, ectx) => {
          const x = lhs.evaluate(row, ectx);
          let sawNull = false;
          for (const r of runCorrelated(plan, row, ectx)) {
            const v = x === null || r[0] === null ? null : cmp.evaluate([x, r[0]!], ectx);
            if (v === null) sawNull = true;
            else if (v === any) return any;
          }
          return sawNull ? null : !any;
        },
      };
    }
    default:
      throw notSupported(`subquery kind ${s.subLinkType}`, pos);
  }
}
