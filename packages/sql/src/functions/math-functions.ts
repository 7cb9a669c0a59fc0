/** Mathematical functions, one overload per numeric type as in pg_proc. */
import { type BaseTypeName, type Value, T } from '@heliosdb/types';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import { floatOp, power } from '../expressions/float-arithmetic.js';
import { bigIntOp, checkInt, checkInt8, divisionByZero } from '../expressions/integer-arithmetic.js';
import { roundHalfEven } from '../expressions/cast.js';
import { numeric } from '../values/types-api.js';
import { type FunctionDef, fixed } from './function-def.js';
import { numericExp, numericLn, numericLog, numericLog10, numericPower, numericSqrt } from './numeric-math.js';
import { negateNumeric } from './operators.js';

const t = (n: BaseTypeName) => ({ name: n, array: false }) as const;
function f(name: string, args: FunctionDef['args'], result: FunctionDef['result'], impl: (a: Value[]) => Value, extra: Partial<FunctionDef> = {}): FunctionDef {
  return { name, args, result, impl: fixed(impl), ...extra };
}

const isZero = (s: string) => /^-?0*\.?0*$/.test(s);
const isNeg = (s: string) => s.startsWith('-') && !isZero(s);

const numericFloor = (s: string) => numeric.floor(s);
const numericCeil = (s: string) => numeric.ceil(s);

function logDomain(x: number): void {
  if (x === 0) throw new SqlError(SqlState.invalidArgumentForLog, 'cannot take logarithm of zero');
  if (x < 0) throw new SqlError(SqlState.invalidArgumentForLog, 'cannot take logarithm of a negative number');
}

export const MATH_FUNCTIONS: readonly FunctionDef[] = [
  f('abs', [T.int2], T.int2, ([a]) => checkInt('int2', Math.abs(a as number))),
  f('abs', [T.int4], T.int4, ([a]) => checkInt('int4', Math.abs(a as number))),
  f('abs', [T.int8], T.int8, ([a]) => checkInt8((a as bigint) < 0n ? -(a as bigint) : (a as bigint))),
  f('abs', [T.float4], T.float4, ([a]) => Math.abs(a as number)),
  f('abs', [T.float8], T.float8, ([a]) => Math.abs(a as number)),
  f('abs', [T.numeric()], T.numeric(), ([a]) => numeric.abs(a as string)),
  f('round', [T.float8], T.float8, ([a]) => roundHalfEven(a as number)),
  f('round', [T.numeric()], T.numeric(), ([a]) => numeric.round(a as string, 0)),
  f('round', [T.numeric(), T.int4], T.numeric(), ([a, s]) => numeric.round(a as string, s as number)),
  f('trunc', [T.float8], T.float8, ([a]) => Math.trunc(a as number)),
  f('trunc', [T.numeric()], T.numeric(), ([a]) => numeric.trunc(a as string, 0)),
  f('trunc', [T.numeric(), T.int4], T.numeric(), ([a, s]) => numeric.trunc(a as string, s as number)),
  f('ceil', [T.float8], T.float8, ([a]) => Math.ceil(a as number) || 0 * (a as number)),
  f('ceil', [T.numeric()], T.numeric(), ([a]) => numericCeil(a as string)),
  f('ceiling', [T.float8], T.float8, ([a]) => Math.ceil(a as number)),
  f('ceiling', [T.numeric()], T.numeric(), ([a]) => numericCeil(a as string)),
  f('floor', [T.float8], T.float8, ([a]) => Math.floor(a as number)),
  f('floor', [T.numeric()], T.numeric(), ([a]) => numericFloor(a as string)),
  f('sign', [T.float8], T.float8, ([a]) => Math.sign(a as number)),
  f('sign', [T.numeric()], T.numeric(), ([a]) => (isZero(a as string) ? '0' : isNeg(a as string) ? '-1' : '1')),
  f('mod', [T.int2, T.int2], T.int2, ([a, b]) => { if (b === 0) throw divisionByZero(); return (a as number) % (b as number) || 0; }),
  f('mod', [T.int4, T.int4], T.int4, ([a, b]) => { if (b === 0) throw divisionByZero(); return (a as number) % (b as number) || 0; }),
  f('mod', [T.int8, T.int8], T.int8, ([a, b]) => bigIntOp('%')(a as bigint, b as bigint)),
  f('mod', [T.numeric(), T.numeric()], T.numeric(), ([a, b]) => { if (isZero(b as string)) throw divisionByZero(); return numeric.mod(a as string, b as string); }),
  f('div', [T.numeric(), T.numeric()], T.numeric(), ([a, b]) => { if (isZero(b as string)) throw divisionByZero(); return numeric.trunc(numeric.div(a as string, b as string), 0); }),
  f('power', [T.float8, T.float8], T.float8, ([a, b]) => power(a as number, b as number)),
  f('power', [T.numeric(), T.numeric()], T.numeric(), ([a, b]) => numericPower(a as string, b as string)),
  f('pow', [T.float8, T.float8], T.float8, ([a, b]) => power(a as number, b as number)),
  f('pow', [T.numeric(), T.numeric()], T.numeric(), ([a, b]) => numericPower(a as string, b as string)),
  f('sqrt', [T.float8], T.float8, ([a]) => {
    if ((a as number) < 0) throw new SqlError(SqlState.invalidArgumentForPower, 'cannot take square root of a negative number');
    return Math.sqrt(a as number);
  }),
  f('sqrt', [T.numeric()], T.numeric(), ([a]) => numericSqrt(a as string)),
  f('cbrt', [T.float8], T.float8, ([a]) => Math.cbrt(a as number)),
  f('exp', [T.float8], T.float8, ([a]) => floatOp('*', false)(Math.exp(a as number), 1)),
  f('exp', [T.numeric()], T.numeric(), ([a]) => numericExp(a as string)),
  f('ln', [T.float8], T.float8, ([a]) => { logDomain(a as number); return Math.log(a as number); }),
  f('ln', [T.numeric()], T.numeric(), ([a]) => numericLn(a as string)),
  f('log', [T.float8], T.float8, ([a]) => { logDomain(a as number); return Math.log10(a as number); }),
  f('log', [T.numeric()], T.numeric(), ([a]) => numericLog10(a as string)),
  f('log', [T.numeric(), T.numeric()], T.numeric(), ([b, a]) => numericLog(b as string, a as string)),
  f('log10', [T.numeric()], T.numeric(), ([a]) => numericLog10(a as string)),
  f('scale', [T.numeric()], T.int4, ([a]) => { const s = a as string; const i = s.indexOf('.'); return /^-?\d/.test(s) ? (i < 0 ? 0 : s.length - i - 1) : null; }),
  f('factorial', [T.int8], T.numeric(), ([a]) => {
    const n = a as bigint;
    if (n < 0n) throw new SqlError(SqlState.invalidParameterValue, 'factorial of a negative number is undefined');
    if (n > 32177n) throw new SqlError(SqlState.numericValueOutOfRange, 'value overflows numeric format');
    let r = 1n;
    for (let i = 2n; i <= n; i++) r *= i;
    return r.toString();
  }),
  f('lcm', [T.int4, T.int4], T.int4, ([a, b]) => {
    const x = a as number; const y = b as number;
    if (x === 0 || y === 0) return 0;
    let g = Math.abs(x); let h = Math.abs(y);
    while (h) [g, h] = [h, g % h];
    return checkInt('int4', Math.abs((x / g) * y));
  }),
  f('lcm', [T.int8, T.int8], T.int8, ([a, b]) => {
    const x = a as bigint; const y = b as bigint;
    if (x === 0n || y === 0n) return 0n;
    let g = x < 0n ? -x : x; let h = y < 0n ? -y : y;
    while (h) [g, h] = [h, g % h];
    const r = (x / g) * y;
    return checkInt8(r < 0n ? -r : r);
  }),
  f('gcd', [T.int8, T.int8], T.int8, ([a, b]) => { let x = a as bigint; let y = b as bigint; x = x < 0n ? -x : x; y = y < 0n ? -y : y; while (y) [x, y] = [y, x % y]; return checkInt8(x); }),
  f('log10', [T.float8], T.float8, ([a]) => { logDomain(a as number); return Math.log10(a as number); }),
  f('pi', [], T.float8, () => Math.PI),
  f('random', [], T.float8, () => Math.random(), { volatile: true }),
  f('degrees', [T.float8], T.float8, ([a]) => ((a as number) * 180) / Math.PI),
  f('radians', [T.float8], T.float8, ([a]) => ((a as number) * Math.PI) / 180),
  f('gcd', [T.int4, T.int4], T.int4, ([a, b]) => { let x = Math.abs(a as number); let y = Math.abs(b as number); while (y) [x, y] = [y, x % y]; return x; }),
  f('negate_numeric', [T.numeric()], T.numeric(), ([a]) => negateNumeric(a as string)),
  f('width_bucket', [T.float8, T.float8, T.float8, T.int4], T.int4, ([x, lo, hi, n]) => {
    const v = x as number; const l = lo as number; const h = hi as number; const c = n as number;
    if (v < l) return 0;
    if (v >= h) return c + 1;
    return Math.floor(((v - l) / (h - l)) * c) + 1;
  }),
].filter((d) => d.name !== 'negate_numeric');

export const INT_TYPES = [t('int2'), t('int4'), t('int8')];
