/**
 * Which casts PostgreSQL applies implicitly (pg_cast.castcontext = 'i') and by assignment ('a'),
 * restricted to the types Nano has. Unknown-typed literals coerce to anything.
 */
import type { BaseTypeName } from '@heliosdb/types';
import { type SqlType, isUnknown } from './sql-type.js';

const IMPLICIT: Partial<Record<BaseTypeName, readonly BaseTypeName[]>> = {
  int2: ['int4', 'int8', 'float4', 'float8', 'numeric'],
  int4: ['int8', 'float4', 'float8', 'numeric'],
  int8: ['float4', 'float8', 'numeric'],
  numeric: ['float4', 'float8'],
  float4: ['float8'],
  text: ['varchar', 'bpchar'],
  varchar: ['text', 'bpchar'],
  bpchar: ['text', 'varchar'],
  date: ['timestamp', 'timestamptz'],
  timestamp: ['timestamptz'],
  time: ['interval'],
};

const ASSIGNMENT: Partial<Record<BaseTypeName, readonly BaseTypeName[]>> = {
  int2: [],
  int4: ['int2'],
  int8: ['int2', 'int4'],
  numeric: ['int2', 'int4', 'int8'],
  float4: ['int2', 'int4', 'int8', 'numeric'],
  float8: ['int2', 'int4', 'int8', 'numeric', 'float4'],
  timestamp: ['date', 'time'],
  timestamptz: ['date', 'time', 'timestamp'],
  interval: ['time'],
  json: ['jsonb'],
  jsonb: ['json'],
};

/** can_coerce_type with COERCION_IMPLICIT. */
export function canImplicitlyCoerce(from: SqlType, to: SqlType): boolean {
  if (isUnknown(from)) return true;
  if (isUnknown(to)) return false;
  if (from.name === to.name && from.array === to.array) return true;
  if (from.array !== to.array) return false;
  if (from.array) return canImplicitlyCoerce({ ...from, array: false }, { ...to, array: false });
  return IMPLICIT[from.name]?.includes(to.name) ?? false;
}

/** Coercion allowed when storing into a column (INSERT/UPDATE): implicit, assignment, or any type to text. */
export function canAssign(from: SqlType, to: SqlType): boolean {
  if (canImplicitlyCoerce(from, to)) return true;
  if (isUnknown(to) || isUnknown(from) || from.array !== to.array) return false;
  if (to.name === 'text' || to.name === 'varchar' || to.name === 'bpchar') return true;
  return ASSIGNMENT[from.name]?.includes(to.name) ?? false;
}
