/** Set-returning functions in FROM: generate_series (integers, numeric, timestamps) and unnest. */
import { type PgType, type Value, PgInterval, PgTimestamp, T, elementType } from '@heliosdb/types';
import { type SqlType, displayName, systemType, systemTypeOf } from '../analyzer/sql-type.js';
import { undefinedFunction } from '../errors/analysis-errors.js';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import type { Expr } from '../expressions/expr.js';
import { resolveOverload } from '../analyzer/resolve-overload.js';
import { coerceExpr } from '../analyzer/coerce.js';
import type { Signature } from '../analyzer/signature.js';
import { addIntervalToMicros } from '../values/interval-math.js';
import { numeric } from '../values/types-api.js';
import { intervalSpan } from '../expressions/compare.js';
import { type JsonNode, jsonbEntries, jsonbText, parseJson } from '../functions/json-values.js';

export interface SetReturning extends Signature {
  readonly name: string;
  readonly generate: (args: Value[]) => Iterable<Value>;
}

function* intSeries(start: number, stop: number, step: number): Generator<Value> {
  if (step === 0) throw new SqlError(SqlState.invalidParameterValue, 'step size cannot equal zero');
  for (let i = start; step > 0 ? i <= stop : i >= stop; i += step) yield i;
}

function* bigSeries(start: bigint, stop: bigint, step: bigint): Generator<Value> {
  if (step === 0n) throw new SqlError(SqlState.invalidParameterValue, 'step size cannot equal zero');
  for (let i = start; step > 0n ? i <= stop : i >= stop; i += step) yield i;
}

function* numericSeries(start: string, stop: string, step: string): Generator<Value> {
  if (/^-?0*\.?0*$/.test(step)) throw new SqlError(SqlState.invalidParameterValue, 'step size cannot equal zero');
  const up = !step.startsWith('-');
  for (let i = start; up ? Number(numeric.sub(stop, i)) >= 0 : Number(numeric.sub(i, stop)) >= 0; i = numeric.add(i, step)) yield i;
}

function* timestampSeries(start: bigint, stop: bigint, step: PgInterval, make: (m: bigint) => Value): Generator<Value> {
  const span = intervalSpan(step);
  if (span === 0n) throw new SqlError(SqlState.invalidParameterValue, 'step size cannot equal zero');
  for (let m = start; span > 0n ? m <= stop : m >= stop; m = addIntervalToMicros(m, step, 1)) yield make(m);
}

function subscripts(a: readonly Value[], dim: number, lower: number, reverse = false): Value[] {
  if (dim !== 1 || a.length === 0) return [];
  const out = a.map((_v, i) => lower + i);
  return reverse ? out.reverse() : out;
}

const SRFS: readonly SetReturning[] = [
  { name: 'generate_series', args: [T.int4, T.int4], result: T.int4, generate: ([a, b]) => intSeries(a as number, b as number, 1) },
  { name: 'generate_series', args: [T.int4, T.int4, T.int4], result: T.int4, generate: ([a, b, c]) => intSeries(a as number, b as number, c as number) },
  { name: 'generate_series', args: [T.int8, T.int8], result: T.int8, generate: ([a, b]) => bigSeries(a as bigint, b as bigint, 1n) },
  { name: 'generate_series', args: [T.int8, T.int8, T.int8], result: T.int8, generate: ([a, b, c]) => bigSeries(a as bigint, b as bigint, c as bigint) },
  { name: 'generate_series', args: [T.numeric(), T.numeric()], result: T.numeric(), generate: ([a, b]) => numericSeries(a as string, b as string, '1') },
  { name: 'generate_series', args: [T.numeric(), T.numeric(), T.numeric()], result: T.numeric(), generate: ([a, b, c]) => numericSeries(a as string, b as string, c as string) },
  {
    name: 'generate_series',
    args: [T.timestamp, T.timestamp, T.interval],
    result: T.timestamp,
    generate: ([a, b, c]) => timestampSeries((a as PgTimestamp).micros, (b as PgTimestamp).micros, c as PgInterval, (m) => new PgTimestamp(m)),
  },
  {
    name: 'generate_series',
    args: [T.timestamptz, T.timestamptz, T.interval],
    result: T.timestamptz,
    generate: ([a, b, c]) => timestampSeries((a as PgTimestamp).micros, (b as PgTimestamp).micros, c as PgInterval, (m) => ({ micros: m }) as Value),
  },
  { name: 'unnest', args: ['anyarray'], result: 'anyelement', generate: ([a]) => (a === null || a === undefined ? [] : (a as Value[])) },
  // A table that is not a partition is its own only ancestor (Nano has no partitioning).
  { name: 'generate_subscripts', args: ['anyarray', T.int4], result: T.int4, generate: ([a, d]) => subscripts(a as Value[], d as number, 1) },
  { name: 'generate_subscripts', args: ['anyarray', T.int4, T.bool], result: T.int4, generate: ([a, d, r]) => subscripts(a as Value[], d as number, 1, r === true) },
  // int2vector and oidvector are zero-based.
  { name: 'generate_subscripts', args: [systemType('int2vector'), T.int4], result: T.int4, generate: ([a, d]) => subscripts(a as Value[], d as number, 0) },
  { name: 'generate_subscripts', args: [systemType('oidvector'), T.int4], result: T.int4, generate: ([a, d]) => subscripts(a as Value[], d as number, 0) },
  { name: 'pg_partition_ancestors', args: [systemType('regclass')], result: systemType('regclass'), generate: ([a]) => [a ?? null] },
  { name: 'jsonb_array_elements', args: [T.jsonb], result: T.jsonb, generate: ([a]) => arrayItems(a as string, 'jsonb_array_elements').map(jsonbText) },
  { name: 'json_array_elements', args: [T.json], result: T.json, generate: ([a]) => arrayItems(a as string, 'json_array_elements').map((n) => n.src.trim()) },
  { name: 'jsonb_array_elements_text', args: [T.jsonb], result: T.text, generate: ([a]) => arrayItems(a as string, 'jsonb_array_elements_text').map((n) => elementText(n, true)) },
  { name: 'json_array_elements_text', args: [T.json], result: T.text, generate: ([a]) => arrayItems(a as string, 'json_array_elements_text').map((n) => elementText(n, false)) },
  { name: 'jsonb_object_keys', args: [T.jsonb], result: T.text, generate: ([a]) => objectKeys(a as string, 'jsonb_object_keys', true) },
  { name: 'json_object_keys', args: [T.json], result: T.text, generate: ([a]) => objectKeys(a as string, 'json_object_keys', false) },
];

function arrayItems(doc: string, fn: string): JsonNode[] {
  const n = parseJson(doc);
  if (n.kind !== 'array') throw new SqlError(SqlState.invalidParameterValue, n.kind === 'object' ? 'cannot extract elements from an object' : 'cannot extract elements from a scalar');
  return n.items;
}

function elementText(n: JsonNode, jsonb: boolean): Value {
  if (n.kind === 'null') return null;
  if (n.kind === 'string') return n.value;
  return jsonb ? jsonbText(n) : n.src.trim();
}

function objectKeys(doc: string, fn: string, jsonb: boolean): string[] {
  const n = parseJson(doc);
  if (n.kind !== 'object') throw new SqlError(SqlState.invalidParameterValue, `cannot call ${fn} on ${n.kind === 'array' ? 'an array' : 'a scalar'}`);
  return jsonb ? jsonbEntries(n).map(([k]) => k) : n.entries.map(([k]) => k);
}

export function isSetReturning(name: string): boolean {
  return SRFS.some((s) => s.name === name);
}

export interface BoundSrf {
  readonly type: SqlType;
  readonly args: readonly Expr[];
  readonly generate: (args: Value[]) => Iterable<Value>;
}

export function bindSetReturning(name: string, args: readonly Expr[], position?: number): BoundSrf | undefined {
  const candidates = SRFS.filter((s) => s.name === name);
  if (candidates.length === 0) return undefined;
  const sig = `${name}(${args.map((a) => displayName(a.type)).join(', ')})`;
  const found = resolveOverload(candidates, args.map((a) => a.type));
  if (!found || 'ambiguous' in found) throw undefinedFunction(sig, position);
  const coerced = args.map((a, i) => coerceExpr(a, found.params[i]!, 'implicit'));
  let type = found.result;
  if (name === 'unnest') {
    const p = found.params[0] as PgType;
    // int2vector / oidvector unnest to their element type (smallint, oid).
    const sys = systemTypeOf(p);
    type = sys === 'int2vector' ? T.int2 : sys === 'oidvector' ? systemType('oid') : elementType(p);
  }
  const gen = found.signature.generate;
  const generate = found.result.name === 'timestamptz'
    ? (vals: Value[]) => (function* () {
        for (const v of gen(vals)) yield new (vals[0]!.constructor as new (m: bigint) => Value)((v as unknown as { micros: bigint }).micros);
      })()
    : gen;
  return { type, args: coerced, generate };
}
