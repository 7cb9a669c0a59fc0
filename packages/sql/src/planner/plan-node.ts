/**
 * Plan nodes are pull-based: `rows(ctx)` returns a generator that produces one row at a time, so a
 * pipeline of filter/project/limit never holds more than one row; only sort, aggregate, distinct and
 * set operations buffer. Storage scans plug in as RelationSource (relation-source.ts).
 */
import type { SqlType } from '../analyzer/sql-type.js';
import type { EvalContext, Row } from '../expressions/expr.js';

export interface OutputColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly table?: string;
  /** Hidden by a join's USING merge: visible only qualified, not part of `*`. */
  readonly hidden?: boolean;
}

export interface ExecContext extends EvalContext {
  /** Materialised CTE results of the current statement. */
  readonly cteResults: Map<object, Row[]>;
}

export interface PlanNode {
  readonly columns: readonly OutputColumn[];
  rows(ctx: EvalContext): Iterable<Row>;
}
