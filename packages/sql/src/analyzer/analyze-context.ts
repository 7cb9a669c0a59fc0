/** What expression analysis needs to know about where the expression sits. */
import type { Value } from '@heliosdb/types';
import type { SelectStmt } from '../parser/ast.js';
import type { SourceText } from '../parser/source-text.js';
import type { Expr } from '../expressions/expr.js';
import type { PlanNode } from '../planner/plan-node.js';
import type { AggregateDef } from '../functions/aggregate-def.js';
import type { Scope } from './scope.js';
import type { SqlType } from './sql-type.js';

export interface AggregateCall {
  readonly def: AggregateDef;
  readonly args: readonly Expr[];
  readonly distinct: boolean;
  readonly filter?: Expr;
  /** ORDER BY inside the call (string_agg(x, ',' ORDER BY x)). */
  readonly order?: readonly { readonly expr: Expr; readonly descending: boolean; readonly nullsFirst: boolean }[];
}

/** The post-aggregation row: group keys first, then one slot per aggregate call. */
export interface Grouping {
  readonly keys: readonly { readonly fingerprint: string; readonly type: SqlType; readonly label?: string }[];
  readonly aggregates: AggregateCall[];
  readonly inputScope: Scope;
}

export interface AnalyzeContext {
  readonly scope: Scope;
  readonly source: SourceText;
  /** The clause being analysed, for "aggregate functions are not allowed in WHERE". */
  readonly clause: string;
  readonly grouping?: Grouping;
  /** Plans a subquery with `outer` as its enclosing scope (supplied by the planner). */
  readonly planSubquery: (stmt: SelectStmt, outer: Scope) => PlanNode;
  /** Bind parameter values ($1 ...); their JS types give the parameters' SQL types. */
  readonly params?: readonly Value[];
  /**
   * A generic plan (prepared statements): the parameters' types (unknown for untyped ones, resolved from
   * context at each use); their values are read from the EvalContext when the plan runs. Wins over `params`.
   */
  readonly paramTypes?: readonly SqlType[];
}
