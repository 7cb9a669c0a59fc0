/**
 * The aggregate functions with PostgreSQL's result types: count -> bigint, sum(int2/int4) -> bigint,
 * sum(int8/numeric) -> numeric, avg(integers/numeric) -> numeric, avg(floats) -> float8.
 */
import { type Value, T, arrayOf } from '@heliosdb/types';
import type { SqlType } from '../analyzer/sql-type.js';
import { castFunction } from '../expressions/cast.js';
import { comparatorFor } from '../expressions/compare.js';
import { checkInt8 } from '../expressions/integer-arithmetic.js';
import { floatOp } from '../expressions/float-arithmetic.js';
import { numeric } from '../values/types-api.js';
import type { Accumulator, AggregateDef } from './aggregate-def.js';
import { toJsonFor } from './to-json.js';
import { addIntervals } from '../values/interval-math.js';
import { multiplyInterval } from '../values/interval-math.js';
import { PgInterval } from '@heliosdb/types';

function agg(name: string, args: AggregateDef['args'], result: AggregateDef['result'], create: AggregateDef['create'], strict = true, keepsArgs = false): AggregateDef {
  return { name, args, result, create, strict, ...(keepsArgs ? { keepsArgs } : {}) };
}

function reduce(step: (acc: Value, v: Value) => Value, final: (acc: Value, n: number) => Value = (a) => a): () => Accumulator {
  return () => {
    let acc: Value = null;
    let n = 0;
    return {
      add(args) {
        n++;
        acc = n === 1 ? step(null, args[0]!) : step(acc, args[0]!);
      },
      result: () => (n === 0 ? null : final(acc, n)),
    };
  };
}

/** avg(numeric) display scale: max(input scale, 16 significant digits), as numeric_avg's division does. */
function numericAverage(sum: string, n: number): string {
  return numeric.div(sum, String(n));
}

function sums(): AggregateDef[] {
  const f8 = floatOp('+', false);
  const f4 = floatOp('+', true);
  return [
    agg('sum', [T.int2], T.int8, () => reduce((a, v) => checkInt8((a === null ? 0n : (a as bigint)) + BigInt(v as number)))),
    agg('sum', [T.int4], T.int8, () => reduce((a, v) => checkInt8((a === null ? 0n : (a as bigint)) + BigInt(v as number)))),
    agg('sum', [T.int8], T.numeric(), () => reduce((a, v) => (a === null ? 0n : (a as bigint)) + (v as bigint), (a) => String(a))),
    agg('sum', [T.numeric()], T.numeric(), () => reduce((a, v) => (a === null ? (v as string) : numeric.add(a as string, v as string)))),
    agg('sum', [T.float4], T.float4, () => reduce((a, v) => (a === null ? (v as number) : f4(a as number, v as number)))),
    agg('sum', [T.float8], T.float8, () => reduce((a, v) => (a === null ? (v as number) : f8(a as number, v as number)))),
    agg('sum', [T.interval], T.interval, () => reduce((a, v) => (a === null ? v : addIntervals(a as PgInterval, v as PgInterval)))),
    agg('avg', [T.int2], T.numeric(), () => reduce((a, v) => (a === null ? 0n : (a as bigint)) + BigInt(v as number), (a, n) => numericAverage(String(a), n))),
    agg('avg', [T.int4], T.numeric(), () => reduce((a, v) => (a === null ? 0n : (a as bigint)) + BigInt(v as number), (a, n) => numericAverage(String(a), n))),
    agg('avg', [T.int8], T.numeric(), () => reduce((a, v) => (a === null ? 0n : (a as bigint)) + (v as bigint), (a, n) => numericAverage(String(a), n))),
    agg('avg', [T.numeric()], T.numeric(), () => reduce((a, v) => (a === null ? (v as string) : numeric.add(a as string, v as string)), (a, n) => numericAverage(a as string, n))),
    agg('avg', [T.float4], T.float8, () => reduce((a, v) => (a === null ? (v as number) : (a as number) + (v as number)), (a, n) => (a as number) / n)),
    agg('avg', [T.float8], T.float8, () => reduce((a, v) => (a === null ? (v as number) : f8(a as number, v as number)), (a, n) => (a as number) / n)),
    agg('avg', [T.interval], T.interval, () => reduce((a, v) => (a === null ? v : addIntervals(a as PgInterval, v as PgInterval)), (a, n) => multiplyInterval(a as PgInterval, 1 / n))),
  ];
}

function minMax(name: 'min' | 'max'): AggregateDef {
  return agg(name, ['anyelement'], 'anyelement', (call) => {
    const cmp = comparatorFor(call.argTypes[0]!);
    const better = name === 'min' ? (c: number) => c < 0 : (c: number) => c > 0;
    return reduce((a, v) => (a === null || better(cmp(v, a)) ? v : a));
  });
}

function collect(name: string, final: (items: Value[], call: { argTypes: readonly SqlType[] }, tz: string) => Value, args: AggregateDef['args'], result: AggregateDef['result'], strict: boolean): AggregateDef {
  return agg(name, args, result, (call) => () => {
    const items: Value[][] = [];
    return {
      add: (a) => void items.push(a),
      result: () => (items.length === 0 ? null : final(items as unknown as Value[], call, 'UTC')),
    };
  }, strict, true);
}

export const AGGREGATES: readonly AggregateDef[] = [
  // A number counts exactly to 2^53 rows, and costs less per row than a bigint.
  agg('count', [], T.int8, () => () => {
    let n = 0;
    return { add: () => void n++, result: () => BigInt(n) };
  }),
  agg('count', ['any'], T.int8, () => () => {
    let n = 0;
    return { add: () => void n++, result: () => BigInt(n) };
  }),
  ...sums(),
  minMax('min'),
  minMax('max'),
  agg('bool_and', [T.bool], T.bool, () => reduce((a, v) => (a === null ? v : (a as boolean) && (v as boolean)))),
  agg('bool_or', [T.bool], T.bool, () => reduce((a, v) => (a === null ? v : (a as boolean) || (v as boolean)))),
  agg('every', [T.bool], T.bool, () => reduce((a, v) => (a === null ? v : (a as boolean) && (v as boolean)))),
  agg('string_agg', [T.text, T.text], T.text, () => () => {
    let out: string | null = null;
    return {
      add: ([v, sep]) => {
        out = out === null ? (v as string) : out + ((sep as string | null) ?? '') + (v as string);
      },
      result: () => out,
    };
  }),
  collect('array_agg', (items) => (items as unknown as Value[][]).map((a) => a[0]!), ['anynonarray'], 'anyarray', false),
  collect('json_agg', (items, call) => {
    const conv = toJsonFor(call.argTypes[0]!, false);
    return `[${(items as unknown as Value[][]).map((a) => conv(a[0]!, 'UTC')).join(', ')}]`;
  }, ['anyelement'], T.json, false),
  collect('jsonb_agg', (items, call) => {
    const conv = toJsonFor(call.argTypes[0]!, true);
    return `[${(items as unknown as Value[][]).map((a) => conv(a[0]!, 'UTC')).join(', ')}]`;
  }, ['anyelement'], T.jsonb, false),
];

export const ARRAY_OF_TEXT = arrayOf(T.text);
export const TEXT_CAST = castFunction;
