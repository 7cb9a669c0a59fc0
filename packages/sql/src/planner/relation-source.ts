/**
 * The seam where tables plug in: the planner asks a RelationCatalog for a name in FROM and gets a
 * RelationSource whose `scan` streams rows. A source may offer indexes; the planner uses one for
 * equality on all its columns (`lookup`), and EXPLAIN reports which access it chose.
 */
import type { Value } from '@heliosdb/types';
import type { Row, EvalContext } from '../expressions/expr.js';
import type { OutputColumn, PlanNode } from './plan-node.js';

export interface RelationIndex {
  readonly name: string;
  /** Positions in `columns`, in key order. */
  readonly columns: readonly number[];
  readonly unique: boolean;
}

/** Rows whose index columns equal `eq` (a prefix of them), then whose next column is within the bounds. */
export interface IndexRange {
  readonly eq: readonly Value[];
  readonly lower?: { readonly values: readonly Value[]; readonly inclusive: boolean };
  readonly upper?: { readonly values: readonly Value[]; readonly inclusive: boolean };
}

export interface RelationSource {
  /** The relation's name as EXPLAIN shows it. */
  readonly name?: string;
  readonly columns: readonly OutputColumn[];
  /**
   * The rows. `columns`: the only positions the query reads (the statement names no others); a source may
   * leave the other positions NULL.
   */
  scan(ctx: EvalContext, columns?: readonly number[]): Iterable<Row>;
  /**
   * `scan` in push form (see PlanNode.each): `sink` gets each row in one array refilled for every row, valid only
   * during the call.
   */
  scanEach?(ctx: EvalContext, columns: readonly number[] | undefined, sink: (row: Row) => void): void;
  readonly indexes?: readonly RelationIndex[];
  /** Rows whose index columns equal `key` (values of the index's column types, in key order). */
  lookup?(index: string, key: readonly Value[], ctx: EvalContext): Iterable<Row>;
  /** Rows within an index range, in index order (`columns` as for scan). */
  range?(index: string, range: IndexRange, ctx: EvalContext, columns?: readonly number[]): Iterable<Row>;
}

export interface RelationCatalog {
  /** The relation named `name` (schema-qualified when `schema` is given), or undefined. */
  lookup(name: string, schema?: string): RelationSource | undefined;
  /** A view's plan, or undefined when `name` is not a view. */
  view?(name: string, schema?: string): PlanNode | undefined;
}

export const EMPTY_CATALOG: RelationCatalog = { lookup: () => undefined };
