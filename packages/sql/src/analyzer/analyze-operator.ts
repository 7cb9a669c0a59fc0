/** Operators, boolean logic, NULL tests, LIKE, BETWEEN, IN, ANY/ALL, IS DISTINCT FROM, NULLIF. */
import { type PgType, type Value, T, elementType } from '@heliosdb/types';
import { ambiguousFunction, notSupported, undefinedFunction } from '../errors/analysis-errors.js';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import type { Evaluate, Expr } from '../expressions/expr.js';
import { likeMatcher } from '../expressions/like.js';
import { operatorsNamed } from '../functions/operators.js';
import { type Node, type NodeBody, nodeAs, stringOf } from '../parser/ast.js';
import type { AnalyzeContext } from './analyze-context.js';
import { analyzeExpr, coerceBoolean, position } from './analyze-expression.js';
import { asSqlError, coerceExpr } from './coerce.js';
import { resolveOverload } from './resolve-overload.js';
import { type SqlType, UNKNOWN, displayName, isUnknown } from './sql-type.js';

/** Resolves and compiles `l op r` (or prefix `op r` when l is undefined). */
export function resolveOperator(name: string, l: Expr | undefined, r: Expr, pos?: number): Expr {
  const args = l ? [l, r] : [r];
  const types = args.map((a) => a.type);
  const found = resolveOverload(operatorsNamed(name), types, args.length === 2);
  const sig = l ? `${displayName(l.type)} ${name} ${displayName(r.type)}` : `${name} ${displayName(r.type)}`;
  if (!found) throw undefinedFunction(sig, pos, true);
  if ('ambiguous' in found) throw ambiguousFunction(sig, pos, true);
  const coerced = args.map((a, i) => coerceExpr(a, found.params[i]!, 'implicit'));
  const impl = found.signature.impl({ argTypes: found.params, resultType: found.result });
  const strict = found.signature.strict !== false;
  const evs = coerced.map((c) => c.evaluate);
  let evaluate: Evaluate;
  if (evs.length === 2) {
    const [a, b] = evs as [Evaluate, Evaluate];
    evaluate = (row, ctx) => {
      const x = a(row, ctx);
      const y = b(row, ctx);
      if (strict && (x === null || y === null)) return null;
      try {
        return impl([x, y], ctx);
      } catch (e) {
        throw asSqlError(e, pos);
      }
    };
  } else {
    const a = evs[0]!;
    evaluate = (row, ctx) => {
      const x = a(row, ctx);
      if (x === null) return null;
      try {
        return impl([x], ctx);
      } catch (e) {
        throw asSqlError(e, pos);
      }
    };
  }
  const constant = coerced.every((c) => c.constant);
  return fold({ type: found.result, evaluate, position: pos }, constant);
}

/** Evaluates a constant expression once (errors surface at analysis, as PG's constant folding does). */
export function fold(e: Expr, constant: boolean | undefined): Expr {
  if (!constant) return e;
  return { ...e, constant: true };
}

function opName(a: NodeBody<'A_Expr'>): string {
  const names = (a.name ?? []).map(stringOf);
  return names[names.length - 1] ?? '';
}

export function analyzeAExpr(a: NodeBody<'A_Expr'>, ctx: AnalyzeContext): Expr {
  const pos = position(ctx, a.location);
  const name = opName(a);
  switch (a.kind) {
    case 'AEXPR_OP': {
      const lr = nodeAs(a.lexpr, 'RowExpr');
      const rr = nodeAs(a.rexpr, 'RowExpr');
      if (lr && rr) return rowComparison(name, lr.args ?? [], rr.args ?? [], ctx, pos);
      const r = analyzeExpr(a.rexpr!, ctx);
      const l = a.lexpr ? analyzeExpr(a.lexpr, ctx) : undefined;
      return resolveOperator(name, l, r, pos);
    }
    case 'AEXPR_OP_ANY':
    case 'AEXPR_OP_ALL':
      return quantified(name, analyzeExpr(a.lexpr!, ctx), analyzeExpr(a.rexpr!, ctx), a.kind === 'AEXPR_OP_ANY', pos);
    case 'AEXPR_DISTINCT':
    case 'AEXPR_NOT_DISTINCT':
      return distinctFrom(analyzeExpr(a.lexpr!, ctx), analyzeExpr(a.rexpr!, ctx), a.kind === 'AEXPR_NOT_DISTINCT', pos);
    case 'AEXPR_NULLIF': {
      const l = analyzeExpr(a.lexpr!, ctx);
      const r = analyzeExpr(a.rexpr!, ctx);
      const eq = resolveOperator('=', l, r, pos);
      const lt = isUnknown(l.type) ? coerceExpr(l, T.text, 'implicit') : l;
      return {
        type: lt.type,
        label: 'nullif',
        position: pos,
        evaluate: (row, ectx) => (eq.evaluate(row, ectx) === true ? null : lt.evaluate(row, ectx)),
      };
    }
    case 'AEXPR_IN':
      return inList(name, a, ctx, pos);
    case 'AEXPR_LIKE':
    case 'AEXPR_ILIKE':
      return like(a, ctx, name, pos);
    case 'AEXPR_BETWEEN':
    case 'AEXPR_NOT_BETWEEN':
    case 'AEXPR_BETWEEN_SYM':
    case 'AEXPR_NOT_BETWEEN_SYM':
      return between(a, ctx, pos);
    case 'AEXPR_SIMILAR':
      throw notSupported('SIMILAR TO', pos);
    default:
      throw notSupported(`operator kind ${a.kind}`, pos);
  }
}

/** Row constructor comparison (row-wise, as PostgreSQL's make_row_comparison_op). */
function rowComparison(name: string, left: readonly Node[], right: readonly Node[], ctx: AnalyzeContext, pos?: number): Expr {
  if (left.length !== right.length) throw new SqlError(SqlState.syntaxError, 'unequal number of entries in row expressions', { position: pos });
  if (!['=', '<>', '<', '<=', '>', '>='].includes(name)) throw notSupported(`row comparison with operator ${name}`, pos);
  const eqs = left.map((l, i) => resolveOperator('=', analyzeExpr(l, ctx), analyzeExpr(right[i]!, ctx), pos).evaluate);
  const ops = left.map((l, i) => resolveOperator(name === '<>' ? '=' : name, analyzeExpr(l, ctx), analyzeExpr(right[i]!, ctx), pos).evaluate);
  const evaluate: Evaluate = (row, ectx) => {
    if (name === '=' || name === '<>') {
      // = is AND over the columns, <> is OR of their inequality; NULL unless decided.
      let sawNull = false;
      for (const e of eqs) {
        const v = e(row, ectx);
        if (v === null) sawNull = true;
        else if (v === false) return name === '<>';
      }
      return sawNull ? null : name === '=';
    }
    // Ordering: decided by the first pair that is not equal.
    for (let i = 0; i < eqs.length; i++) {
      const eq = eqs[i]!(row, ectx);
      if (eq === null) return null;
      if (eq === false) return ops[i]!(row, ectx);
    }
    return name === '<=' || name === '>=';
  };
  return { type: T.bool, evaluate, position: pos };
}

function quantified(name: string, l: Expr, r: Expr, any: boolean, pos?: number): Expr {
  const arrayType = isUnknown(r.type) ? { ...(isUnknown(l.type) ? T.text : (l.type as PgType)), array: true } : r.type;
  if (!arrayType.array) throw new SqlError(SqlState.wrongObjectType, `op ANY/ALL (array) requires array on right side`, { position: pos });
  const arr = coerceExpr(r, arrayType, 'implicit');
  const elem: Expr = { type: elementType(arrayType as PgType), evaluate: (row) => row[1]! };
  const cmp = resolveOperator(name, { type: l.type, evaluate: (row) => row[0]! }, elem, pos);
  const lv = l.evaluate;
  return {
    type: T.bool,
    label: any ? 'any' : 'all',
    position: pos,
    evaluate: (row, ectx) => {
      const x = lv(row, ectx);
      const items = arr.evaluate(row, ectx) as Value[] | null;
      if (items === null) return null;
      let sawNull = false;
      for (const item of items) {
        const c = x === null || item === null ? null : cmp.evaluate([x, item], ectx);
        if (c === null) sawNull = true;
        else if (c === any) return any;
      }
      return sawNull ? null : !any;
    },
  };
}

function distinctFrom(l: Expr, r: Expr, notDistinct: boolean, pos?: number): Expr {
  const eq = resolveOperator('=', l, r, pos);
  const le = l.evaluate;
  const re = r.evaluate;
  return {
    type: T.bool,
    position: pos,
    evaluate: (row, ectx) => {
      const x = le(row, ectx);
      const y = re(row, ectx);
      let same: boolean;
      if (x === null || y === null) same = x === y;
      else same = eq.evaluate(row, ectx) === true;
      return notDistinct ? same : !same;
    },
  };
}

function inList(name: string, a: NodeBody<'A_Expr'>, ctx: AnalyzeContext, pos?: number): Expr {
  const l = analyzeExpr(a.lexpr!, ctx);
  const items = (nodeAs(a.rexpr, 'List')?.items ?? []).map((n: Node) => analyzeExpr(n, ctx));
  const negate = name === '<>';
  const tests = items.map((it) => resolveOperator('=', l, it, pos).evaluate);
  return {
    type: T.bool,
    position: pos,
    evaluate: (row, ectx) => {
      let sawNull = false;
      for (const t of tests) {
        const v = t(row, ectx);
        if (v === true) return !negate;
        if (v === null) sawNull = true;
      }
      return sawNull ? null : negate;
    },
  };
}

function like(a: NodeBody<'A_Expr'>, ctx: AnalyzeContext, name: string, pos?: number): Expr {
  const negate = name.startsWith('!');
  const insensitive = a.kind === 'AEXPR_ILIKE';
  const subject = coerceExpr(analyzeExpr(a.lexpr!, ctx), T.text, 'implicit');
  let patternNode = a.rexpr!;
  let escape: Expr | undefined;
  const fn = nodeAs(patternNode, 'FuncCall');
  if (fn && fn.funcname && stringOf(fn.funcname[fn.funcname.length - 1]!) === 'like_escape') {
    patternNode = fn.args![0]!;
    escape = coerceExpr(analyzeExpr(fn.args![1]!, ctx), T.text, 'implicit');
  }
  const pattern = analyzeExpr(patternNode, ctx);
  if (!isUnknown(pattern.type) && pattern.type.name !== 'text' && pattern.type.name !== 'varchar' && pattern.type.name !== 'bpchar') {
    throw new SqlError(SqlState.undefinedFunction, `operator does not exist: ${displayName(subject.type)} ${name} ${displayName(pattern.type)}`, {
      hint: 'No operator matches the given name and argument types. You might need to add explicit type casts.',
      position: pos,
    });
  }
  const pat = coerceExpr(pattern, T.text, 'implicit');
  const cache = new Map<string, (s: string) => boolean>();
  const se = subject.evaluate;
  const pe = pat.evaluate;
  const ee = escape?.evaluate;
  return {
    type: T.bool,
    position: pos,
    evaluate: (row, ectx) => {
      const s = se(row, ectx);
      const p = pe(row, ectx);
      const esc = ee ? ee(row, ectx) : '\\';
      if (s === null || p === null || esc === null) return null;
      const key = `${esc as string}\u0000${p as string}`;
      let m = cache.get(key);
      if (!m) {
        try {
          m = likeMatcher(p as string, esc as string, insensitive);
        } catch (e) {
          throw asSqlError(e, pos);
        }
        if (cache.size < 64) cache.set(key, m);
      }
      return m(s as string) !== negate;
    },
  };
}

function between(a: NodeBody<'A_Expr'>, ctx: AnalyzeContext, pos?: number): Expr {
  const x = analyzeExpr(a.lexpr!, ctx);
  const [loN, hiN] = nodeAs(a.rexpr, 'List')?.items ?? [];
  const lo = analyzeExpr(loN!, ctx);
  const hi = analyzeExpr(hiN!, ctx);
  const negate = a.kind === 'AEXPR_NOT_BETWEEN' || a.kind === 'AEXPR_NOT_BETWEEN_SYM';
  const symmetric = a.kind === 'AEXPR_BETWEEN_SYM' || a.kind === 'AEXPR_NOT_BETWEEN_SYM';
  const ge = resolveOperator('>=', x, lo, pos).evaluate;
  const le = resolveOperator('<=', x, hi, pos).evaluate;
  const and3 = (p: Value, q: Value): Value => (p === false || q === false ? false : p === null || q === null ? null : true);
  const or3 = (p: Value, q: Value): Value => (p === true || q === true ? true : p === null || q === null ? null : false);
  const not3 = (p: Value): Value => (p === null ? null : !p);
  let evaluate: Evaluate = (row, ectx) => and3(ge(row, ectx), le(row, ectx));
  if (symmetric) {
    const ge2 = resolveOperator('>=', x, hi, pos).evaluate;
    const le2 = resolveOperator('<=', x, lo, pos).evaluate;
    const plain = evaluate;
    evaluate = (row, ectx) => or3(plain(row, ectx), and3(ge2(row, ectx), le2(row, ectx)));
  }
  const inner = evaluate;
  return { type: T.bool, position: pos, evaluate: negate ? (row, ectx) => not3(inner(row, ectx)) : inner };
}

export function analyzeBoolExpr(b: NodeBody<'BoolExpr'>, ctx: AnalyzeContext): Expr {
  const pos = position(ctx, b.location);
  const construct = b.boolop === 'AND_EXPR' ? 'AND' : b.boolop === 'OR_EXPR' ? 'OR' : 'NOT';
  const args = (b.args ?? []).map((n) => coerceBoolean(analyzeExpr(n, ctx), construct).evaluate);
  if (b.boolop === 'NOT_EXPR') {
    const a = args[0]!;
    return { type: T.bool, position: pos, evaluate: (row, ectx) => { const v = a(row, ectx); return v === null ? null : !v; } };
  }
  const isAnd = b.boolop === 'AND_EXPR';
  return {
    type: T.bool,
    position: pos,
    evaluate: (row, ectx) => {
      let sawNull = false;
      for (const a of args) {
        const v = a(row, ectx);
        if (v === null) sawNull = true;
        else if (v !== isAnd) return !isAnd;
      }
      return sawNull ? null : isAnd;
    },
  };
}

export function analyzeNullTest(n: NodeBody<'NullTest'>, ctx: AnalyzeContext): Expr {
  const arg = analyzeExpr(n.arg!, ctx).evaluate;
  const isNull = n.nulltesttype === 'IS_NULL';
  return { type: T.bool, position: position(ctx, n.location), evaluate: (row, ectx) => (arg(row, ectx) === null) === isNull };
}

export function analyzeBooleanTest(n: NodeBody<'BooleanTest'>, ctx: AnalyzeContext): Expr {
  const kind = n.booltesttype ?? 'IS_TRUE';
  const construct = kind.replace(/_/g, ' ').replace('UNKNOWN', 'UNKNOWN');
  const arg = coerceBoolean(analyzeExpr(n.arg!, ctx), construct).evaluate;
  const test: (v: Value) => boolean = {
    IS_TRUE: (v: Value) => v === true,
    IS_NOT_TRUE: (v: Value) => v !== true,
    IS_FALSE: (v: Value) => v === false,
    IS_NOT_FALSE: (v: Value) => v !== false,
    IS_UNKNOWN: (v: Value) => v === null,
    IS_NOT_UNKNOWN: (v: Value) => v !== null,
  }[kind as 'IS_TRUE'] ?? ((v: Value) => v === true);
  return { type: T.bool, position: position(ctx, n.location), evaluate: (row, ectx) => test(arg(row, ectx)) };
}

export const UNKNOWN_TYPE: SqlType = UNKNOWN;
