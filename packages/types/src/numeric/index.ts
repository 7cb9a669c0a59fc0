/**
 * Exact numeric arithmetic on PostgreSQL numeric text ('12.50', 'NaN', 'Infinity'), following
 * numeric.c's result scales and special-value rules. Every function parses its inputs with
 * numeric_in's syntax and returns numeric_out's text. For tight loops use the Decimal forms
 * (parseDecimal, addDecimal, formatDecimal) and convert once at the end.
 */
import {
  type Decimal,
  NAN,
  NEG_INF,
  POS_INF,
  compareDecimal,
  formatDecimal,
  parseDecimal,
} from './decimal.js';
import {
  absDecimal,
  addDecimal,
  ceilDecimal,
  divDecimal,
  divTruncDecimal,
  floorDecimal,
  modDecimal,
  mulDecimal,
  negDecimal,
  roundDecimal,
  sqrtDecimal,
  subDecimal,
  truncDecimal,
} from './arithmetic.js';
import { powerDecimal } from './power.js';

export type { Decimal } from './decimal.js';
export { parseDecimal, formatDecimal, compareDecimal } from './decimal.js';
export {
  addDecimal,
  subDecimal,
  mulDecimal,
  divDecimal,
  modDecimal,
  negDecimal,
  absDecimal,
  roundDecimal,
  truncDecimal,
  ceilDecimal,
  floorDecimal,
  sqrtDecimal,
  divisionScale,
} from './arithmetic.js';
export { powerDecimal } from './power.js';

type Binary = (a: Decimal, b: Decimal) => Decimal;
const binary = (op: Binary) => (a: string, b: string): string => formatDecimal(op(parseDecimal(a), parseDecimal(b)));

/** a + b; scale max(scale a, scale b). */
export const add = binary(addDecimal);
/** a - b; scale max(scale a, scale b). */
export const sub = binary(subDecimal);
/** a * b, exact; scale a + scale b. */
export const mul = binary(mulDecimal);
/** a / b with PostgreSQL's division scale (at least 16 significant digits); 22012 on zero. */
export const div = binary(divDecimal);
/** div(a, b): the quotient truncated toward zero. */
export const divInt = binary(divTruncDecimal);
/** a % b; the sign follows a. */
export const mod = binary(modDecimal);
/** a ^ b for integral b (int32 range); 2201F for 0 ^ negative. */
export const power = binary(powerDecimal);

export function neg(a: string): string {
  return formatDecimal(negDecimal(parseDecimal(a)));
}
export function abs(a: string): string {
  return formatDecimal(absDecimal(parseDecimal(a)));
}
/** round(a, s): half away from zero; s may be negative. */
export function round(a: string, scale = 0): string {
  return formatDecimal(roundDecimal(parseDecimal(a), scale));
}
/** trunc(a, s): toward zero; s may be negative. */
export function trunc(a: string, scale = 0): string {
  return formatDecimal(truncDecimal(parseDecimal(a), scale));
}
export function ceil(a: string): string {
  return formatDecimal(ceilDecimal(parseDecimal(a)));
}
export function floor(a: string): string {
  return formatDecimal(floorDecimal(parseDecimal(a)));
}
/** sqrt with numeric_sqrt's scale; 2201F for negatives. */
export function sqrt(a: string): string {
  return formatDecimal(sqrtDecimal(parseDecimal(a)));
}
/** PostgreSQL's order: -Infinity < numbers < Infinity < NaN; equal values of different scale compare equal. */
export function compare(a: string, b: string): number {
  return compareDecimal(parseDecimal(a), parseDecimal(b));
}
/** Normalise numeric input text to numeric_out's form ('1e3' -> '1000', ' -0.50 ' -> '-0.50'). */
export function normalize(a: string): string {
  return formatDecimal(parseDecimal(a));
}
export function fromBigInt(n: bigint): string {
  return n.toString();
}
/** The shortest decimal that reads back as the same double (0.1 -> '0.1'); NaN and ±Infinity kept. */
export function fromNumber(n: number): string {
  if (Number.isNaN(n)) return formatDecimal(NAN);
  if (n === Infinity) return formatDecimal(POS_INF);
  if (n === -Infinity) return formatDecimal(NEG_INF);
  return formatDecimal(parseDecimal(String(n)));
}
/** The nearest double (the text's correctly rounded value). */
export function toNumber(a: string): number {
  return Number(formatDecimal(parseDecimal(a)));
}
