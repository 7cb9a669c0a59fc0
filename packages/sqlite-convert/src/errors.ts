/** Why a conversion or validation stopped. Every code leaves no output directory behind. */
export type SqliteConvertErrorCode =
  | 'NOT_FOUND'
  | 'NOT_SQLITE'
  | 'CORRUPT'
  | 'LOCKED'
  | 'MIXED_TYPES'
  | 'UNREPRESENTABLE'
  | 'OUTPUT_NOT_EMPTY'
  | 'VERIFY_FAILED'
  | 'BAD_OPTION';

/** A failure a caller can act on: `code`, a message naming the place, optional detail lines and a hint. */
export class SqliteConvertError extends Error {
  readonly code: SqliteConvertErrorCode;
  readonly detail: string | undefined;
  readonly hint: string | undefined;
  constructor(code: SqliteConvertErrorCode, message: string, opts: { detail?: string; hint?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'SqliteConvertError';
    this.code = code;
    this.detail = opts.detail;
    this.hint = opts.hint;
  }
}

export const LOCKED_MESSAGE = 'database is locked: close the other process or copy the file first';
