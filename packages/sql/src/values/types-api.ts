/**
 * The value-model API of @heliosdb/types that the engine uses: text input/output, comparison and exact
 * numeric arithmetic, re-exported under the names the engine uses.
 */
import { PgTypeError, compare, numeric as numericApi, textIn as typesTextIn, textOut as typesTextOut } from '@heliosdb/types';
import type { PgType, TextInOptions, TextOutOptions, Value } from '@heliosdb/types';

export type { TextInOptions, TextOutOptions };

export function textIn(type: PgType, text: string, options?: TextInOptions): Value {
  return typesTextIn(type, text, options);
}
export function textOut(type: PgType, value: Value, options?: TextOutOptions): string {
  return typesTextOut(type, value, options);
}
export function compareValues(type: PgType, a: Value, b: Value): number {
  return compare(type, a, b);
}

/** Exact decimal arithmetic on numeric's string representation (numeric.c's scales and special values). */
export const numeric = numericApi;

/** A PgTypeError from @heliosdb/types (it carries a SQLSTATE `code` and optional `detail`). */
export function isPgTypeError(e: unknown): e is PgTypeError {
  return e instanceof PgTypeError;
}
