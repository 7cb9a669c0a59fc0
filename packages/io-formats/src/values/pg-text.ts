import { textIn, textOut, type PgType, type Value } from '@heliosdb/types';

/**
 * PostgreSQL text input/output from @heliosdb/types, so CSV, JSON and SQL values are exactly what PostgreSQL's
 * COPY and psql produce and accept (DateStyle ISO, bytea hex, timestamptz in UTC).
 */
export function formatText(type: PgType, value: Value): string {
  return textOut(type, value);
}

export function parseText(type: PgType, text: string): Value {
  return textIn(type, text);
}
