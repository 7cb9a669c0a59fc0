/**
 * An error as PostgreSQL reports it: SQLSTATE code, severity, message in PG's wording,
 * optional detail and hint, and a 1-based character position into the query text.
 */
export type Severity = 'ERROR' | 'FATAL' | 'PANIC' | 'WARNING' | 'NOTICE';

export interface SqlErrorFields {
  readonly detail?: string;
  readonly hint?: string;
  /** 1-based character offset into the original query string, like PG's cursor position. */
  readonly position?: number;
  readonly severity?: Severity;
}

export class SqlError extends Error {
  override readonly name = 'SqlError';
  readonly code: string;
  readonly severity: Severity;
  readonly detail?: string;
  readonly hint?: string;
  position?: number;

  constructor(code: string, message: string, fields: SqlErrorFields = {}) {
    super(message);
    this.code = code;
    this.severity = fields.severity ?? 'ERROR';
    if (fields.detail !== undefined) this.detail = fields.detail;
    if (fields.hint !== undefined) this.hint = fields.hint;
    if (fields.position !== undefined) this.position = fields.position;
  }

  /** Sets the position once (the innermost location wins). */
  at(position: number | undefined): this {
    if (this.position === undefined && position !== undefined) this.position = position;
    return this;
  }
}

export function isSqlError(e: unknown): e is SqlError {
  return e instanceof SqlError;
}
