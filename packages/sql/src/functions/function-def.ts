/** The shape of a built-in function or operator: a signature plus an implementation. */
import type { Value } from '@heliosdb/types';
import type { Signature } from '../analyzer/signature.js';
import type { SqlType } from '../analyzer/sql-type.js';
import type { EvalContext } from '../expressions/expr.js';

export interface CallInfo {
  /** The concrete type of each argument after coercion. */
  readonly argTypes: readonly SqlType[];
  readonly resultType: SqlType;
}

/** Builds the per-row implementation once the argument types are known. */
export type Implementation = (call: CallInfo) => (args: Value[], ctx: EvalContext) => Value;

export interface FunctionDef extends Signature {
  readonly name: string;
  readonly impl: Implementation;
  /** Strict functions return NULL when any argument is NULL without being called (the default). */
  readonly strict?: boolean;
  /** Volatile functions (random(), gen_random_uuid()) are never folded to a constant. */
  readonly volatile?: boolean;
}

/** A function whose implementation does not depend on the argument types. */
export function fixed(f: (args: Value[], ctx: EvalContext) => Value): Implementation {
  return () => f;
}
