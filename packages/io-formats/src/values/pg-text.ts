import * as types from '@heliosdb/types';
import type { PgType, Value } from '@heliosdb/types';

/**
 * PostgreSQL text input/output, delegated to @heliosdb/types (textIn/textOut), so CSV and SQL values are
 * exactly what PostgreSQL's COPY and psql produce and accept.
 */
type TextOut = (type: PgType, value: Value) => string;
type TextIn = (type: PgType, text: string) => Value;

const lib = types as unknown as Record<string, unknown>;

export function formatText(type: PgType, value: Value): string {
  return (lib.textOut as TextOut)(type, value);
}

export function parseText(type: PgType, text: string): Value {
  return (lib.textIn as TextIn)(type, text);
}
