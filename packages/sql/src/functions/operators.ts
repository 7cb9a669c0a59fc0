/**
 * The built-in operators (pg_operator, restricted to Nano's types): arithmetic across the integer, float
 * and numeric types with PostgreSQL's cross-type variants, comparisons, ||, date/time arithmetic, json.
 * Resolution among them is analyzer/resolve-overload.ts.
 */
import { type BaseTypeName, type PgType, type Value, PgDate, PgInterval, PgTime, PgTimestamp, PgTimestampTz, T } from '@heliosdb/types';
import type { ParamType } from '../analyzer/signature.js';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import { comparatorFor } from '../expressions/compare.js';
import { floatOp, power } from '../expressions/float-arithmetic.js';
import { bigIntOp, checkInt, divisionByZero, type IntOp, smallIntOp } from '../expressions/integer-arithmetic.js';
import { addIntervals, addIntervalToMicros, multiplyInterval, negateInterval, subtractMicros } from '../values/interval-math.js';
import { checkDate, checkTimestamp } from '../values/temporal-range.js';
import { numeric } from '../values/types-api.js';
import { numericPower } from './numeric-math.js';
import { type FunctionDef, fixed } from './function-def.js';
import { jsonOperators } from './json-operators.js';
import { EXTRA_OPERATORS } from './extra-operators.js';
import { MICROS_PER_DAY } from '../values/temporal.js';
import { outputFunction } from '../expressions/cast.js';

const t = (n: BaseTypeName): PgType => ({ name: n, array: false });
const INTS = ['int2', 'int4', 'int8'] as const;
const RANK: Record<string, number> = { int2: 0, int4: 1, int8: 2 };

function op(name: string, args: ParamType[], result: ParamType, impl: FunctionDef['impl'], strict = true): FunctionDef {
  return { name, args, result, impl, strict };
}

function toBig(v: Value): bigint {
  return typeof v === 'bigint' ? v : BigInt(v as number);
}

function intArith(o: IntOp, l: (typeof INTS)[number], r: (typeof INTS)[number]): FunctionDef {
  const res = RANK[l]! >= RANK[r]! ? l : r;
  if (res === 'int8') {
    const f = bigIntOp(o);
    return op(o, [t(l), t(r)], t(res), fixed(([a, b]) => f(toBig(a!), toBig(b!))));
  }
  const f = smallIntOp(res, o);
  return op(o, [t(l), t(r)], t(res), fixed(([a, b]) => f(a as number, b as number)));
}

function numericArith(o: '+' | '-' | '*' | '/' | '%'): FunctionDef {
  const fns = { '+': numeric.add, '-': numeric.sub, '*': numeric.mul, '/': numeric.div, '%': numeric.mod };
  const f = fns[o];
  return op(o, [T.numeric(), T.numeric()], T.numeric(), fixed(([a, b]) => {
    if ((o === '/' || o === '%') && /^-?0*\.?0*$/.test(b as string)) throw divisionByZero();
    return f(a as string, b as string);
  }));
}

const CMP_OPS = ['=', '<>', '<', '>', '<=', '>='] as const;
function cmpResult(o: (typeof CMP_OPS)[number], c: number): boolean {
  switch (o) {
    case '=': return c === 0;
    case '<>': return c !== 0;
    case '<': return c < 0;
    case '>': return c > 0;
    case '<=': return c <= 0;
    case '>=': return c >= 0;
  }
}

function comparison(o: (typeof CMP_OPS)[number], l: ParamType, r: ParamType, as?: PgType): FunctionDef {
  return op(o, [l, r], T.bool, (call) => {
    const type = as ?? (call.argTypes[0] as PgType);
    const cmp = comparatorFor(type);
    if (as && (as.name === 'int8')) return ([a, b]) => cmpResult(o, cmp(toBig(a!), toBig(b!)));
    return ([a, b]) => cmpResult(o, cmp(a!, b!));
  });
}

function arithmetic(): FunctionDef[] {
  const defs: FunctionDef[] = [];
  for (const o of ['+', '-', '*', '/'] as const) {
    for (const l of INTS) for (const r of INTS) defs.push(intArith(o, l, r));
    const f4 = floatOp(o, true);
    const f8 = floatOp(o, false);
    defs.push(op(o, [T.float4, T.float4], T.float4, fixed(([a, b]) => f4(a as number, b as number))));
    defs.push(op(o, [T.float8, T.float8], T.float8, fixed(([a, b]) => f8(a as number, b as number))));
    defs.push(op(o, [T.float4, T.float8], T.float8, fixed(([a, b]) => f8(a as number, b as number))));
    defs.push(op(o, [T.float8, T.float4], T.float8, fixed(([a, b]) => f8(a as number, b as number))));
    defs.push(numericArith(o));
  }
  for (const i of INTS) defs.push(intArith('%', i, i));
  defs.push(numericArith('%'));
  defs.push(op('^', [T.float8, T.float8], T.float8, fixed(([a, b]) => power(a as number, b as number))));
  defs.push(op('^', [T.numeric(), T.numeric()], T.numeric(), fixed(([a, b]) => numericPower(a as string, b as string))));
  // Unary minus and plus.
  defs.push(op('-', [T.int2], T.int2, fixed(([a]) => checkInt('int2', -(a as number)))));
  defs.push(op('-', [T.int4], T.int4, fixed(([a]) => checkInt('int4', -(a as number)))));
  defs.push(op('-', [T.int8], T.int8, fixed(([a]) => bigIntOp('-')(0n, a as bigint))));
  defs.push(op('-', [T.float4], T.float4, fixed(([a]) => -(a as number))));
  defs.push(op('-', [T.float8], T.float8, fixed(([a]) => -(a as number))));
  defs.push(op('-', [T.numeric()], T.numeric(), fixed(([a]) => negateNumeric(a as string))));
  defs.push(op('-', [T.interval], T.interval, fixed(([a]) => negateInterval(a as PgInterval))));
  for (const n of ['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'interval'] as const) {
    defs.push(op('+', [t(n)], t(n), fixed(([a]) => a!)));
  }
  return defs;
}

export function negateNumeric(s: string): string {
  if (s === 'NaN' || /^-?0*\.?0*$/.test(s)) return s.replace(/^-/, '');
  if (s === 'Infinity') return '-Infinity';
  return s.startsWith('-') ? s.slice(1) : `-${s}`;
}

function comparisons(): FunctionDef[] {
  const defs: FunctionDef[] = [];
  for (const o of CMP_OPS) {
    for (const l of INTS) for (const r of INTS) {
      const wide = RANK[l]! >= RANK[r]! ? l : r;
      defs.push(comparison(o, t(l), t(r), l === r ? undefined : t(wide === 'int8' ? 'int8' : 'int4')));
    }
    defs.push(comparison(o, T.float4, T.float4), comparison(o, T.float8, T.float8));
    defs.push(comparison(o, T.float4, T.float8, T.float8), comparison(o, T.float8, T.float4, T.float8));
    for (const n of ['numeric', 'text', 'bpchar', 'bool', 'date', 'time', 'timestamp', 'timestamptz', 'interval', 'uuid', 'bytea', 'jsonb'] as const) {
      defs.push(comparison(o, t(n), t(n)));
    }
    defs.push(comparison(o, 'anyarray', 'anyarray'));
  }
  return defs;
}

function dateTime(): FunctionDef[] {
  const day = MICROS_PER_DAY;
  return [
    op('+', [T.date, T.int4], T.date, fixed(([a, b]) => checkDate((a as PgDate).days + (b as number)))),
    op('+', [T.int4, T.date], T.date, fixed(([a, b]) => checkDate((b as PgDate).days + (a as number)))),
    op('-', [T.date, T.int4], T.date, fixed(([a, b]) => checkDate((a as PgDate).days - (b as number)))),
    op('-', [T.date, T.date], T.int4, fixed(([a, b]) => {
      const d = (a as PgDate).days - (b as PgDate).days;
      if (!Number.isFinite(d)) throw new SqlError(SqlState.datetimeFieldOverflow, 'cannot subtract infinite dates');
      return d;
    })),
    op('+', [T.date, T.interval], T.timestamp, fixed(([a, b]) => new PgTimestamp(checkTimestamp(addIntervalToMicros(BigInt((a as PgDate).days) * day, b as PgInterval, 1))))),
    op('-', [T.date, T.interval], T.timestamp, fixed(([a, b]) => new PgTimestamp(checkTimestamp(addIntervalToMicros(BigInt((a as PgDate).days) * day, b as PgInterval, -1))))),
    op('+', [T.interval, T.date], T.timestamp, fixed(([a, b]) => new PgTimestamp(checkTimestamp(addIntervalToMicros(BigInt((b as PgDate).days) * day, a as PgInterval, 1))))),
    op('+', [T.date, T.time], T.timestamp, fixed(([a, b]) => new PgTimestamp(BigInt((a as PgDate).days) * day + BigInt((b as PgTime).micros)))),
    op('+', [T.timestamp, T.interval], T.timestamp, fixed(([a, b]) => new PgTimestamp(checkTimestamp(addIntervalToMicros((a as PgTimestamp).micros, b as PgInterval, 1))))),
    op('+', [T.interval, T.timestamp], T.timestamp, fixed(([a, b]) => new PgTimestamp(checkTimestamp(addIntervalToMicros((b as PgTimestamp).micros, a as PgInterval, 1))))),
    op('-', [T.timestamp, T.interval], T.timestamp, fixed(([a, b]) => new PgTimestamp(checkTimestamp(addIntervalToMicros((a as PgTimestamp).micros, b as PgInterval, -1))))),
    op('+', [T.timestamptz, T.interval], T.timestamptz, fixed(([a, b]) => new PgTimestampTz(checkTimestamp(addIntervalToMicros((a as PgTimestampTz).micros, b as PgInterval, 1))))),
    op('+', [T.interval, T.timestamptz], T.timestamptz, fixed(([a, b]) => new PgTimestampTz(checkTimestamp(addIntervalToMicros((b as PgTimestampTz).micros, a as PgInterval, 1))))),
    op('-', [T.timestamptz, T.interval], T.timestamptz, fixed(([a, b]) => new PgTimestampTz(checkTimestamp(addIntervalToMicros((a as PgTimestampTz).micros, b as PgInterval, -1))))),
    op('-', [T.timestamp, T.timestamp], T.interval, fixed(([a, b]) => subtractMicros((a as PgTimestamp).micros, (b as PgTimestamp).micros))),
    op('-', [T.timestamptz, T.timestamptz], T.interval, fixed(([a, b]) => subtractMicros((a as PgTimestampTz).micros, (b as PgTimestampTz).micros))),
    op('+', [T.time, T.interval], T.time, fixed(([a, b]) => new PgTime(Number(((BigInt((a as PgTime).micros) + (b as PgInterval).micros) % day + day) % day)))),
    op('-', [T.time, T.interval], T.time, fixed(([a, b]) => new PgTime(Number(((BigInt((a as PgTime).micros) - (b as PgInterval).micros) % day + day) % day)))),
    op('-', [T.time, T.time], T.interval, fixed(([a, b]) => new PgInterval(0, 0, BigInt((a as PgTime).micros - (b as PgTime).micros)))),
    op('+', [T.interval, T.interval], T.interval, fixed(([a, b]) => addIntervals(a as PgInterval, b as PgInterval))),
    op('-', [T.interval, T.interval], T.interval, fixed(([a, b]) => addIntervals(a as PgInterval, negateInterval(b as PgInterval)))),
    op('*', [T.interval, T.float8], T.interval, fixed(([a, b]) => multiplyInterval(a as PgInterval, b as number))),
    op('*', [T.float8, T.interval], T.interval, fixed(([a, b]) => multiplyInterval(b as PgInterval, a as number))),
    op('/', [T.interval, T.float8], T.interval, fixed(([a, b]) => {
      if (b === 0) throw divisionByZero();
      return multiplyInterval(a as PgInterval, 1 / (b as number));
    })),
  ];
}

function concatenation(): FunctionDef[] {
  return [
    op('||', [T.text, T.text], T.text, fixed(([a, b]) => (a as string) + (b as string))),
    op('||', ['anyarray', 'anyarray'], 'anyarray', fixed(([a, b]) => (a === null ? (b ?? null) : b === null ? a! : [...(a as Value[]), ...(b as Value[])])), false),
    op('||', ['anyarray', 'anyelement'], 'anyarray', fixed(([a, b]) => (a === null ? [b!] : [...(a as Value[]), b!])), false),
    op('||', ['anyelement', 'anyarray'], 'anyarray', fixed(([a, b]) => (b === null ? [a!] : [a!, ...(b as Value[])])), false),
    op('||', [T.bytea, T.bytea], T.bytea, fixed(([a, b]) => Buffer.concat([a as Uint8Array, b as Uint8Array]))),
    // textanycat / anytextcat: the non-text side is converted with its output function.
    op('||', [T.text, 'anynonarray'], T.text, (call) => {
      const out = outputFunction(call.argTypes[1]!);
      return ([a, b], ctx) => (a as string) + out(b!, ctx.timeZone);
    }),
    op('||', ['anynonarray', T.text], T.text, (call) => {
      const out = outputFunction(call.argTypes[0]!);
      return ([a, b], ctx) => out(a!, ctx.timeZone) + (b as string);
    }),
  ];
}

export const OPERATORS: readonly FunctionDef[] = [
  ...arithmetic(),
  ...comparisons(),
  ...dateTime(),
  ...concatenation(),
  ...jsonOperators(),
  ...EXTRA_OPERATORS,
];


export function operatorsNamed(name: string): FunctionDef[] {
  return OPERATORS.filter((o) => o.name === name);
}
