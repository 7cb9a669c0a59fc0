/**
 * Coercing an analysed expression to a type: untyped literals are converted once, at analysis time
 * (so '12' becomes the integer 12 and a bad literal fails with the literal's position); other
 * expressions get an implicit or explicit cast wrapped around their evaluator.
 */
import type { PgType, Value } from '@heliosdb/types';
import { castFunction, cannotCast } from '../expressions/cast.js';
import type { Expr } from '../expressions/expr.js';
import { SqlError, isSqlError } from '../errors/sql-error.js';
import { isPgTypeError } from '../values/types-api.js';
import { canImplicitlyCoerce, canAssign } from './implicit-casts.js';
import { type SqlType, displayName, isUnknown, systemTypeOf } from './sql-type.js';
import { systemCast } from '../system-catalog/system-casts.js';

export type CoercionKind = 'implicit' | 'assignment' | 'explicit';

/** Re-raises an error from the value layer as a SqlError at the given position. */
export function asSqlError(e: unknown, position?: number): unknown {
  if (isSqlError(e)) return e.at(position);
  if (isPgTypeError(e)) return new SqlError(e.code, e.message, { detail: e.detail, position });
  return e;
}

function sameWithModifiers(a: SqlType, b: SqlType): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A conversion of a generic plan's parameter, as analysis with the value would have made it (at analysis time). */
export interface ParamCast {
  readonly index: number;
  readonly cast: (v: Value, timeZone: string) => Value;
  readonly position: number | undefined;
}

let paramCasts: ParamCast[] | undefined;

/**
 * Runs `f` (analysing a statement with AnalyzeContext.paramTypes), collecting the casts applied to parameters
 * read as they are. Analysis with the values folds those casts, so a bad value fails before the statement
 * does anything; a generic plan repeats them on each execution's values first (prepared-dml.ts).
 */
export function recordParamCasts<T>(f: () => T): { result: T; casts: ParamCast[] } {
  const saved = paramCasts;
  const casts: ParamCast[] = [];
  paramCasts = casts;
  try {
    return { result: f(), casts };
  } finally {
    paramCasts = saved;
  }
}

/**
 * Repeats recorded parameter casts on an execution's values (a generic plan's, before it runs): a bad
 * value fails with the error, and at the position, analysis with the values would give. In UTC, as
 * coerceExpr folds a constant.
 */
export function checkParamCasts(casts: readonly ParamCast[], params: readonly (Value | null | undefined)[]): void {
  for (const c of casts) {
    const v = params[c.index] ?? null;
    if (v === null) continue;
    try {
      c.cast(v, 'UTC');
    } catch (e) {
      throw asSqlError(e, c.position);
    }
  }
}

export function coerceExpr(e: Expr, to: SqlType, kind: CoercionKind, what = 'expression'): Expr {
  if (sameWithModifiers(e.type, to) || isUnknown(to)) return e;
  // An untyped literal takes a system type's input function ('t' as a regclass is a table name).
  if (e.unknownLiteral !== undefined && systemTypeOf(to)) return systemCast(e, to)!;
  const target = to as PgType;
  if (kind === 'implicit' && !canImplicitlyCoerce(e.type, to)) {
    throw new SqlError('42804', `${what} is of type ${displayName(e.type)} but expression is of type ${displayName(to)}`, { position: e.position });
  }
  if (kind === 'assignment' && !canAssign(e.type, to)) {
    throw new SqlError('42804', `column is of type ${displayName(to)} but ${what} is of type ${displayName(e.type)}`, { position: e.position });
  }
  const cast = castFunction(e.type, target, kind === 'explicit');
  if (!cast) throw cannotCast(e.type, to).at(e.position);
  const label = e.label;
  const position = e.position;
  if (paramCasts && e.paramIndex !== undefined) paramCasts.push({ index: e.paramIndex, cast, position });
  if (e.unknownLiteral !== undefined || e.constant) {
    // Constant folding: an untyped literal is converted exactly once.
    let value;
    try {
      value = cast(e.evaluate([], CONST_CTX), 'UTC');
    } catch (err) {
      throw asSqlError(err, position);
    }
    if (!(e.unknownLiteral !== undefined && target.name === 'timestamptz')) {
      return { type: to, evaluate: () => value, constant: true, label, position };
    }
  }
  const inner = e.evaluate;
  if (e.paramIndex !== undefined) {
    // A generic plan's parameter: the same value for the whole execution (one EvalContext), so it is
    // converted once per execution rather than once per row.
    let lastCtx: EvalContext | undefined;
    let last: Value = null;
    return {
      type: to,
      evaluate: (row, ctx) => {
        if (ctx === lastCtx) return last;
        const v = inner(row, ctx);
        let out: Value = null;
        if (v !== null) {
          try {
            out = cast(v, ctx.timeZone);
          } catch (err) {
            throw asSqlError(err, position);
          }
        }
        last = out;
        lastCtx = ctx;
        return out;
      },
      label,
      position,
    };
  }
  return {
    type: to,
    evaluate: (row, ctx) => {
      const v = inner(row, ctx);
      if (v === null) return null;
      try {
        return cast(v, ctx.timeZone);
      } catch (err) {
        throw asSqlError(err, position);
      }
    },
    label,
    position,
  };
}

import type { EvalContext } from '../expressions/expr.js';
import { PgTimestampTz } from '@heliosdb/types';
const CONST_CTX: EvalContext = {
  transactionStart: new PgTimestampTz(0n),
  statementStart: new PgTimestampTz(0n),
  timeZone: 'UTC',
  user: '',
  database: '',
  outerRows: [],
  params: [],
};
