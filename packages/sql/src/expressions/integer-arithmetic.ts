/**
 * int2 / int4 / int8 arithmetic with PostgreSQL's overflow and division-by-zero errors.
 * int2 and int4 are JS numbers (exact below 2^53, so products are checked after the fact); int8 is bigint.
 */
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';

export type IntName = 'int2' | 'int4' | 'int8';

const RANGE_NAME: Record<IntName, string> = { int2: 'smallint', int4: 'integer', int8: 'bigint' };
const MIN: Record<'int2' | 'int4', number> = { int2: -32768, int4: -2147483648 };
const MAX: Record<'int2' | 'int4', number> = { int2: 32767, int4: 2147483647 };
const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;

export function outOfRange(t: IntName): SqlError {
  return new SqlError(SqlState.numericValueOutOfRange, `${RANGE_NAME[t]} out of range`);
}

export function divisionByZero(): SqlError {
  return new SqlError(SqlState.divisionByZero, 'division by zero');
}

export function checkInt(t: 'int2' | 'int4', v: number): number {
  if (v < MIN[t] || v > MAX[t] || Number.isNaN(v)) throw outOfRange(t);
  return v === 0 ? 0 : v; // no -0 for integers
}

export function checkInt8(v: bigint): bigint {
  if (v < INT8_MIN || v > INT8_MAX) throw outOfRange('int8');
  return v;
}

export type IntOp = '+' | '-' | '*' | '/' | '%';

export function smallIntOp(t: 'int2' | 'int4', op: IntOp): (a: number, b: number) => number {
  switch (op) {
    case '+':
      return (a, b) => checkInt(t, a + b);
    case '-':
      return (a, b) => checkInt(t, a - b);
    case '*':
      return (a, b) => checkInt(t, a * b);
    case '/':
      return (a, b) => {
        if (b === 0) throw divisionByZero();
        return checkInt(t, Math.trunc(a / b));
      };
    case '%':
      return (a, b) => {
        if (b === 0) throw divisionByZero();
        const r = a % b;
        return r === 0 ? 0 : r;
      };
  }
}

export function bigIntOp(op: IntOp): (a: bigint, b: bigint) => bigint {
  switch (op) {
    case '+':
      return (a, b) => checkInt8(a + b);
    case '-':
      return (a, b) => checkInt8(a - b);
    case '*':
      return (a, b) => checkInt8(a * b);
    case '/':
      return (a, b) => {
        if (b === 0n) throw divisionByZero();
        return checkInt8(a / b);
      };
    case '%':
      return (a, b) => {
        if (b === 0n) throw divisionByZero();
        return a % b;
      };
  }
}
