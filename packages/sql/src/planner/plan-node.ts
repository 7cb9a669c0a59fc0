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
  /**
   * Optional push form of `rows`: calls `sink` with each row, in the same order. The row is valid only during
   * the call (the node may reuse the array for the next row), so a sink must not keep it; aggregation, which
   * keeps only values, uses it to skip a generator step and an array per row (hash joins offer it).
   */
  each?(ctx: EvalContext, sink: (row: Row) => void): void;
  /** Every row `rows` yields is a new array, yielded once and kept by nobody: a consumer may keep it as it is. */
  readonly fresh?: boolean;
}
