/** The built-in function catalog: name -> overloads. */
import type { AggregateDef } from './aggregate-def.js';
import { AGGREGATES } from './aggregates.js';
import { STATISTICS_AGGREGATES } from './statistics-aggregates.js';
import { ARRAY_FUNCTIONS } from './array-functions.js';
import { DATETIME_FUNCTIONS } from './datetime-functions.js';
import type { FunctionDef } from './function-def.js';
import { JSON_FUNCTIONS } from './json-functions.js';
import { MATH_FUNCTIONS } from './math-functions.js';
import { STRING_FUNCTIONS } from './string-functions.js';
import { SYSTEM_FUNCTIONS } from './system-functions.js';
import { CATALOG_FUNCTIONS } from '../system-catalog/catalog-functions.js';

let functions: Map<string, FunctionDef[]> | undefined;
let aggregates: Map<string, AggregateDef[]> | undefined;

function group<T extends { name: string }>(defs: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const d of defs) m.set(d.name, [...(m.get(d.name) ?? []), d]);
  return m;
}

export function lookupFunction(name: string): FunctionDef[] {
  functions ??= group([...STRING_FUNCTIONS, ...MATH_FUNCTIONS, ...DATETIME_FUNCTIONS, ...JSON_FUNCTIONS, ...ARRAY_FUNCTIONS, ...SYSTEM_FUNCTIONS, ...CATALOG_FUNCTIONS]);
  return functions.get(name) ?? [];
}

export function lookupAggregate(name: string): AggregateDef[] {
  aggregates ??= group([...AGGREGATES, ...STATISTICS_AGGREGATES]);
  return aggregates.get(name) ?? [];
}

export function isAggregateName(name: string): boolean {
  return lookupAggregate(name).length > 0;
}

/** Every built-in function and aggregate, for pg_proc. */
export function allRoutines(): { readonly functions: readonly FunctionDef[]; readonly aggregates: readonly AggregateDef[] } {
  lookupFunction('');
  lookupAggregate('');
  return { functions: [...functions!.values()].flat(), aggregates: [...aggregates!.values()].flat() };
}
