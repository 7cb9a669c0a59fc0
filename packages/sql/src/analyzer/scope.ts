/**
 * Name resolution: the columns visible to an expression, and the enclosing query's scope for
 * correlated subqueries (looked up one level at a time, as PostgreSQL does).
 */
import type { SqlType } from './sql-type.js';

export interface ScopeColumn {
  /** The range-table alias it belongs to (t in `t.x`), if any. */
  readonly table?: string;
  readonly name: string;
  readonly type: SqlType;
  /** A join's USING column on one side: reachable only qualified (t.x); the merged column answers to x. */
  readonly hidden?: boolean;
}

export class Scope {
  constructor(
    readonly columns: readonly ScopeColumn[],
    readonly parent?: Scope,
  ) {}

  static empty(parent?: Scope): Scope {
    return new Scope([], parent);
  }

  /** Indexes of columns matching `name` (and `table` when qualified). */
  find(name: string, table?: string): number[] {
    const out: number[] = [];
    this.columns.forEach((c, i) => {
      if (c.name === name && (table === undefined ? !c.hidden : c.table === table)) out.push(i);
    });
    return out;
  }

  hasTable(table: string): boolean {
    return this.columns.some((c) => c.table === table);
  }
}
