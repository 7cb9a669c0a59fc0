/** Aggregate functions: a signature plus an accumulator factory. */
import type { Value } from '@heliosdb/types';
import type { Signature } from '../analyzer/signature.js';
import type { CallInfo } from './function-def.js';

export interface Accumulator {
  /**
   * Called once per input row whose arguments pass the strictness and FILTER checks. `args` is reused for the
   * next row unless the aggregate's definition sets `keepsArgs`: copy what you keep.
   */
  add(args: Value[]): void;
  result(): Value;
}

export interface AggregateDef extends Signature {
  readonly name: string;
  /** Rows with a NULL argument are skipped (all aggregates but count(*) and array_agg/json_agg). */
  readonly strict?: boolean;
  /** The accumulator keeps the `args` arrays it is given (array_agg): each row gets a fresh one. */
  readonly keepsArgs?: boolean;
  readonly create: (call: CallInfo) => () => Accumulator;
}
