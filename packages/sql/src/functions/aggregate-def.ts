/** Aggregate functions: a signature plus an accumulator factory. */
import type { Value } from '@heliosdb/types';
import type { Signature } from '../analyzer/signature.js';
import type { CallInfo } from './function-def.js';

export interface Accumulator {
  /** Called once per input row whose arguments pass the strictness and FILTER checks. */
  add(args: Value[]): void;
  result(): Value;
}

export interface AggregateDef extends Signature {
  readonly name: string;
  /** Rows with a NULL argument are skipped (all aggregates but count(*) and array_agg/json_agg). */
  readonly strict?: boolean;
  readonly create: (call: CallInfo) => () => Accumulator;
}
