/**
 * An analysed expression: its SQL type and a closure that evaluates it over a row. Analysis does the
 * name lookup, type resolution and overload choice once; evaluation is a plain function call per row.
 */
import type { PgTimestampTz, Value } from '@heliosdb/types';
import type { SqlType } from '../analyzer/sql-type.js';
import type { CatalogAccess, SettingsAccess } from '../system-catalog/catalog-access.js';

export type Row = readonly Value[];

/** What evaluation can see besides the row: the clock, settings, and outer rows of correlated subqueries. */
export interface EvalContext {
  /** now(), current_timestamp: the start of the current transaction. */
  readonly transactionStart: PgTimestampTz;
  /** statement_timestamp(): the start of the current statement. */
  readonly statementStart: PgTimestampTz;
  /** The session's TimeZone setting. */
  readonly timeZone: string;
  readonly user: string;
  readonly database: string;
  /** Rows of enclosing queries, innermost last (for correlated subqueries). */
  readonly outerRows: Row[];
  /** Bind parameters ($1 ...). */
  readonly params: readonly Value[];
  /** Sequence access for nextval/currval/setval (absent without storage). */
  readonly sequences?: SequenceAccess;
  /** The system catalogs of the current transaction (regclass, pg_get_*; absent without storage). */
  readonly catalog?: CatalogAccess;
  /** The session's settings (current_setting, set_config; absent without a session). */
  readonly settings?: SettingsAccess;
}

export interface SequenceAccess {
  nextval(name: string): bigint;
  currval(name: string): bigint;
  setval(name: string, value: bigint, isCalled: boolean): bigint;
}

export type Evaluate = (row: Row, ctx: EvalContext) => Value;

/**
 * `ctx` with `row` as the innermost outer row. The context's other members are read through it (a prototype), not
 * copied: a context may compute some lazily (the session's statement timestamps, read by few statements).
 */
export function withOuterRow(ctx: EvalContext, row: Row): EvalContext {
  const inner = Object.create(ctx) as { -readonly [K in keyof EvalContext]: EvalContext[K] };
  inner.outerRows = [...ctx.outerRows, row];
  return inner;
}

export interface Expr {
  readonly type: SqlType;
  readonly evaluate: Evaluate;
  /** The column name PostgreSQL gives this expression in a select list (FigureColname); undefined = '?column?'. */
  readonly label?: string;
  /** 1-based position of the expression in the query, for error messages. */
  readonly position?: number;
  /** Set for an untyped literal ('...' or NULL): its text (null for NULL), coerced once the context is known. */
  readonly unknownLiteral?: string | null;
  /** True when the value depends on neither the row nor volatile state. */
  readonly constant?: boolean;
  /** A generic plan's parameter $n (0-based n - 1) read as it is: conversions of it are recorded (see recordParamCasts). */
  readonly paramIndex?: number;
}

export function constantExpr(type: SqlType, value: Value, label?: string): Expr {
  return { type, evaluate: () => value, constant: true, ...(label !== undefined ? { label } : {}) };
}
