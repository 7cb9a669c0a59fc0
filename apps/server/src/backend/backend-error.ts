/** An error to report as ErrorResponse: SQLSTATE, PostgreSQL's wording, and the optional fields. */
import type { NoticeFields } from '../protocol/backend-messages.js';

export class BackendError extends Error {
  override readonly name = 'BackendError';
  constructor(
    readonly code: string,
    message: string,
    readonly fields: { readonly detail?: string; readonly hint?: string; readonly position?: number; readonly severity?: string } = {},
  ) {
    super(message);
  }

  toNotice(): NoticeFields {
    return {
      severity: this.fields.severity ?? 'ERROR',
      code: this.code,
      message: this.message,
      detail: this.fields.detail,
      hint: this.fields.hint,
      position: this.fields.position,
    };
  }
}

/** Anything thrown by the engine as a BackendError; errors without a SQLSTATE become XX000 internal_error. */
export function toBackendError(e: unknown, positionOffset = 0): BackendError {
  if (e instanceof BackendError) return e;
  const err = e as { code?: unknown; message?: unknown; detail?: unknown; hint?: unknown; position?: unknown };
  const code = typeof err?.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code) ? err.code : 'XX000';
  const message = typeof err?.message === 'string' ? err.message : String(e);
  const fields: { detail?: string; hint?: string; position?: number } = {};
  if (typeof err?.detail === 'string') fields.detail = err.detail;
  if (typeof err?.hint === 'string') fields.hint = err.hint;
  if (typeof err?.position === 'number') fields.position = err.position + positionOffset;
  return new BackendError(code, message, fields);
}

export const queryCanceled = (): BackendError => new BackendError('57014', 'canceling statement due to user request');
