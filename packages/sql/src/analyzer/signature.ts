/**
 * Function and operator signatures, including PostgreSQL's polymorphic pseudo-types.
 * A polymorphic parameter is written as a string: 'anyelement', 'anyarray', 'anynonarray',
 * 'anycompatible', 'anycompatiblearray', or 'any' (VARIADIC "any": each argument keeps its own type).
 */
import type { SqlType } from './sql-type.js';

export type Polymorphic = 'anyelement' | 'anyarray' | 'anynonarray' | 'anycompatible' | 'anycompatiblearray' | 'any';
export type ParamType = SqlType | Polymorphic;

export interface Signature {
  readonly args: readonly ParamType[];
  /** Extra trailing arguments of this type (VARIADIC). */
  readonly variadic?: ParamType;
  /** The result type; polymorphic results are resolved from the arguments. */
  readonly result: ParamType;
}

export function isPolymorphic(p: ParamType): p is Polymorphic {
  return typeof p === 'string';
}

/** The parameter types a signature expects for `n` arguments (undefined when the arity does not fit). */
export function paramsFor(sig: Signature, n: number): readonly ParamType[] | undefined {
  if (n === sig.args.length) return sig.args;
  if (sig.variadic !== undefined && n > sig.args.length) {
    return [...sig.args, ...Array.from({ length: n - sig.args.length }, () => sig.variadic!)];
  }
  return undefined;
}
