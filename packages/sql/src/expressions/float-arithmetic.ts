/** float4 / float8 arithmetic with PostgreSQL's overflow, underflow and division-by-zero errors. */
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import { divisionByZero } from './integer-arithmetic.js';

export function floatOverflow(): SqlError {
  return new SqlError(SqlState.numericValueOutOfRange, 'value out of range: overflow');
}

export function floatUnderflow(): SqlError {
  return new SqlError(SqlState.numericValueOutOfRange, 'value out of range: underflow');
}

/** float8_pl & co: an infinite result from finite inputs is an overflow; a zero product of non-zeros an underflow. */
export function checkFloat(r: number, a: number, b: number, zeroOk: boolean, single: boolean): number {
  const v = single ? Math.fround(r) : r;
  if (!Number.isFinite(v) && Number.isFinite(a) && Number.isFinite(b) && !Number.isNaN(v)) throw floatOverflow();
  if (v === 0 && !zeroOk) throw floatUnderflow();
  return v;
}

export function floatOp(op: '+' | '-' | '*' | '/' | '^', single: boolean): (a: number, b: number) => number {
  switch (op) {
    case '+':
      return (a, b) => checkFloat(a + b, a, b, true, single);
    case '-':
      return (a, b) => checkFloat(a - b, a, b, true, single);
    case '*':
      return (a, b) => checkFloat(a * b, a, b, a === 0 || b === 0, single);
    case '/':
      return (a, b) => {
        if (b === 0 && !Number.isNaN(a)) throw divisionByZero();
        return checkFloat(a / b, a, b, a === 0 || !Number.isFinite(b), single);
      };
    case '^':
      return (a, b) => power(a, b);
  }
}

/** dpow: PG's errors for 0 ^ negative and negative ^ non-integer. */
export function power(a: number, b: number): number {
  if (a === 0 && b < 0) {
    throw new SqlError(SqlState.invalidArgumentForPower, 'zero raised to a negative power is undefined');
  }
  if (a < 0 && !Number.isInteger(b) && Number.isFinite(b)) {
    throw new SqlError(SqlState.invalidArgumentForPower, 'a negative number raised to a non-integer power yields a complex result');
  }
  if (a === 1 || b === 0) return 1;
  const r = Math.pow(a, b);
  return checkFloat(r, a, b, a === 0 || Math.abs(a) < 1 && b > 0 || Math.abs(a) > 1 && b < 0 || !Number.isFinite(b), false);
}
