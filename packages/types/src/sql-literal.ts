import type { PgType } from './pg-type.js';
import type { Value } from './values.js';
import { textOut } from './text-out.js';
import { formatTypeName } from './type-name.js';

/**
 * A PostgreSQL literal for the value, for generated .sql files: "'it''s'::text",
 * "'\x0102'::bytea", "'{1,2}'::integer[]", or NULL. Quotes are doubled and backslashes left
 * alone (standard_conforming_strings is on); timestamptz is written in UTC with its offset.
 */
export function sqlLiteral(type: PgType, value: Value): string {
  if (value === null) return 'NULL';
  const text = textOut(type, value);
  return `'${text.replace(/'/g, "''")}'::${formatTypeName(type)}`;
}
