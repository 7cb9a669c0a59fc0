/**
 * The seam where tables plug in: the planner asks a RelationCatalog for a name in FROM and gets a
 * RelationSource whose `scan` streams rows. The table-free engine has an empty catalog; the storage
 * integration supplies one backed by table scans (and later, index ranges chosen from WHERE).
 */
import type { Row, EvalContext } from '../expressions/expr.js';
import type { OutputColumn } from './plan-node.js';

export interface RelationSource {
  readonly columns: readonly OutputColumn[];
  scan(ctx: EvalContext): Iterable<Row>;
}

export interface RelationCatalog {
  /** The relation named `name` (schema-qualified when `schema` is given), or undefined. */
  lookup(name: string, schema?: string): RelationSource | undefined;
}

export const EMPTY_CATALOG: RelationCatalog = { lookup: () => undefined };
