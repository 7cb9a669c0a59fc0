/** A value's PostgreSQL text rendering (what psql prints and the conformance runner compares). */
import type { Value } from '@heliosdb/types';
import { T } from '@heliosdb/types';
import { type SqlType, isUnknown } from '../analyzer/sql-type.js';
import { castFunction } from '../expressions/cast.js';

export function textRenderer(type: SqlType, timeZone = 'UTC'): (v: Value) => string | null {
  if (isUnknown(type)) return (v) => (v === null ? null : String(v));
  if (type.name === 'bool' && !type.array) return (v) => (v === null ? null : v ? 't' : 'f');
  const out = castFunction(type, T.text);
  if (!out) throw new Error(`sql output: no text output for ${type.name}`);
  return (v) => (v === null ? null : (out(v, timeZone) as string));
}
