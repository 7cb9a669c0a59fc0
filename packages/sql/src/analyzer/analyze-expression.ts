/**
 * Expression analysis: an AST node becomes an Expr (type + closure). One function per node kind;
 * operators and function calls live in analyze-operator.ts and analyze-function.ts.
 */
import { type PgType, type Value, PgDate, PgInterval, PgTime, PgTimestamp, PgTimestampTz, T, arrayOf, elementType } from '@heliosdb/types';
import { undefinedColumn, notSupported } from '../errors/analysis-errors.js';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import type { Expr, Row } from '../expressions/expr.js';
import { type Node, type NodeBody, nodeAs, stringOf, tagOf } from '../parser/ast.js';
import type { AnalyzeContext } from './analyze-context.js';
import { analyzeAExpr, analyzeBoolExpr, analyzeBooleanTest, analyzeNullTest, resolveOperator } from './analyze-operator.js';
import { analyzeFuncCall, analyzeSqlValueFunction } from './analyze-function.js';
import { analyzeSubLink } from './analyze-sublink.js';
import { selectCommonType } from './common-type.js';
import { asSqlError, coerceExpr } from './coerce.js';
import { fingerprint } from './fingerprint.js';
import { resolveTypeName } from './type-name.js';
import { systemCast, systemTypeNamed } from '../system-catalog/system-casts.js';
import { type SqlType, UNKNOWN, displayName, isUnknown } from './sql-type.js';

export function analyzeExpr(node: Node, ctx: AnalyzeContext): Expr {
  const g = ctx.grouping;
  if (g) {
    const fp = fingerprint(node);
    const k = g.keys.findIndex((key) => key.fingerprint === fp);
    if (k >= 0) {
      const key = g.keys[k]!;
      return { type: key.type, evaluate: (row) => row[k]!, label: key.label ?? labelOfNode(node) };
    }
  }
  const [kind, body] = tagOf(node);
  switch (kind) {
    case 'A_Const':
      return analyzeConst(body as NodeBody<'A_Const'>, ctx);
    case 'ColumnRef':
      return analyzeColumnRef(body as NodeBody<'ColumnRef'>, ctx);
    case 'ParamRef':
      return analyzeParamRef(body as NodeBody<'ParamRef'>, ctx);
    case 'A_Expr':
      return analyzeAExpr(body as NodeBody<'A_Expr'>, ctx);
    case 'BoolExpr':
      return analyzeBoolExpr(body as NodeBody<'BoolExpr'>, ctx);
    case 'NullTest':
      return analyzeNullTest(body as NodeBody<'NullTest'>, ctx);
    case 'BooleanTest':
      return analyzeBooleanTest(body as NodeBody<'BooleanTest'>, ctx);
    case 'TypeCast':
      return analyzeTypeCast(body as NodeBody<'TypeCast'>, ctx);
    case 'FuncCall':
      return analyzeFuncCall(body as NodeBody<'FuncCall'>, ctx);
    case 'SQLValueFunction':
      return analyzeSqlValueFunction(body as NodeBody<'SQLValueFunction'>, ctx);
    case 'CaseExpr':
      return analyzeCase(body as NodeBody<'CaseExpr'>, ctx);
    case 'CoalesceExpr':
      return analyzeCoalesce(body as NodeBody<'CoalesceExpr'>, ctx);
    case 'MinMaxExpr':
      return analyzeMinMax(body as NodeBody<'MinMaxExpr'>, ctx);
    case 'A_ArrayExpr':
      return analyzeArray(body as NodeBody<'A_ArrayExpr'>, ctx);
    case 'A_Indirection':
      return analyzeIndirection(body as NodeBody<'A_Indirection'>, ctx);
    case 'SubLink':
      return analyzeSubLink(body as NodeBody<'SubLink'>, ctx);
    case 'CollateClause': {
      const c = body as NodeBody<'CollateClause'>;
      return analyzeExpr(c.arg!, ctx);
    }
    default:
      throw notSupported(`expression ${kind}`);
  }
}

export function position(ctx: AnalyzeContext, location: number | undefined): number | undefined {
  return ctx.source.position(location);
}

function analyzeConst(c: NodeBody<'A_Const'>, ctx: AnalyzeContext): Expr {
  const pos = position(ctx, c.location);
  if (c.isnull) return { type: UNKNOWN, evaluate: () => null, unknownLiteral: null, constant: true, position: pos };
  if (c.ival) return { type: T.int4, evaluate: () => c.ival!.ival ?? 0, constant: true, position: pos };
  if (c.boolval) {
    const v = c.boolval.boolval ?? false;
    return { type: T.bool, evaluate: () => v, constant: true, label: 'bool', position: pos };
  }
  if (c.fval) {
    const text = c.fval.fval ?? '0';
    if (/^-?\d+$/.test(text)) {
      const b = BigInt(text);
      // make_const: an integer that fits int4 (e.g. the folded "-2147483648") is int4.
      if (b >= -(2n ** 31n) && b < 2n ** 31n) return { type: T.int4, evaluate: () => Number(b), constant: true, position: pos };
      if (b >= -(2n ** 63n) && b < 2n ** 63n) return { type: T.int8, evaluate: () => b, constant: true, position: pos };
    }
    const value = normaliseNumericLiteral(text);
    return { type: T.numeric(), evaluate: () => value, constant: true, position: pos };
  }
  if (c.sval) {
    const s = c.sval.sval ?? '';
    return { type: UNKNOWN, evaluate: () => s, unknownLiteral: s, constant: true, position: pos };
  }
  if (c.bsval) throw notSupported('bit string literals', pos);
  throw notSupported('this constant', pos);
}

/** numeric_in of a literal: '1e3' -> '1000', '.5' -> '0.5'; the written scale is kept. */
function normaliseNumericLiteral(text: string): string {
  const m = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return text;
  const [, sign, int = '', frac = '', e = '0'] = m;
  const exp = Number(e);
  const scale = Math.max(0, frac.length - exp);
  let digits = (int || '0') + frac;
  let point = (int || '0').length + exp;
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const ip = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const fp = (digits.slice(point) + '0'.repeat(scale)).slice(0, scale);
  const out = scale > 0 ? `${ip}.${fp}` : ip;
  return /^[0.]+$/.test(out) ? out : sign + out;
}

function analyzeColumnRef(c: NodeBody<'ColumnRef'>, ctx: AnalyzeContext): Expr {
  const pos = position(ctx, c.location);
  const fields = (c.fields ?? []).map((f) => (nodeAs(f, 'A_Star') ? '*' : stringOf(f)));
  if (fields.includes('*')) throw new SqlError(SqlState.syntaxError, 'row expansion via "*" is not supported here', { position: pos });
  const name = fields[fields.length - 1]!;
  const table = fields.length >= 2 ? fields[fields.length - 2] : undefined;
  const display = fields.length >= 2 ? `${table}.${name}` : name;
  if (ctx.grouping) {
    // Inside an aggregated query only grouped columns are visible outside aggregate arguments.
    const found = ctx.grouping.inputScope.find(name, table);
    if (found.length > 0) {
      const col = ctx.grouping.inputScope.columns[found[0]!]!;
      throw new SqlError(
        SqlState.groupingError,
        `column "${col.table ? `${col.table}.` : ''}${name}" must appear in the GROUP BY clause or be used in an aggregate function`,
        { position: pos },
      );
    }
  }
  let scope = ctx.grouping ? ctx.grouping.inputScope.parent : ctx.scope;
  let depth = 0;
  while (scope) {
    const hits = scope.find(name, table);
    if (hits.length > 1) {
      throw new SqlError(SqlState.ambiguousColumn, `column reference "${display}" is ambiguous`, { position: pos });
    }
    if (hits.length === 1) {
      const i = hits[0]!;
      const col = scope.columns[i]!;
      const d = depth;
      const evaluate = d === 0
        ? (row: Row) => row[i]!
        : (_row: Row, ectx: { outerRows: Row[] }) => ectx.outerRows[ectx.outerRows.length - (ctx.grouping ? d + 1 : d)]![i]!;
      return { type: col.type, evaluate, label: name, position: pos };
    }
    if (table !== undefined && scope.hasTable(table)) break;
    scope = scope.parent;
    depth++;
  }
  if (table !== undefined && !hasTableAnywhere(ctx, table)) {
    throw new SqlError(SqlState.undefinedTable, `missing FROM-clause entry for table "${table}"`, { position: pos });
  }
  throw undefinedColumn(table !== undefined ? display : `"${display}"`, pos);
}

function hasTableAnywhere(ctx: AnalyzeContext, table: string): boolean {
  for (let s: typeof ctx.scope | undefined = ctx.grouping?.inputScope ?? ctx.scope; s; s = s.parent) if (s.hasTable(table)) return true;
  return false;
}

function analyzeParamRef(p: NodeBody<'ParamRef'>, ctx: AnalyzeContext): Expr {
  const n = p.number ?? 0;
  const pos = position(ctx, p.location);
  if (ctx.paramTypes) {
    if (n < 1 || n > ctx.paramTypes.length) throw new SqlError(SqlState.undefinedParameter, `there is no parameter $${n}`, { position: pos });
    // Not constant: an untyped value is converted where it is used, each time the plan runs.
    return { type: ctx.paramTypes[n - 1]!, evaluate: (_row, ectx) => ectx.params[n - 1] ?? null, position: pos, paramIndex: n - 1 };
  }
  const params = ctx.params ?? [];
  if (n < 1 || n > params.length) throw new SqlError(SqlState.undefinedParameter, `there is no parameter $${n}`, { position: pos });
  const v = params[n - 1]!;
  // A string (or NULL) parameter is untyped, like a literal or text-format bind value; others carry their type.
  if (v === null || typeof v === 'string') return { type: UNKNOWN, evaluate: () => v, unknownLiteral: v, constant: true, position: pos };
  return { type: typeOfValue(v, pos), evaluate: () => v, constant: true, position: pos };
}

export function typeOfValue(v: Value, pos: number | undefined): SqlType {
  if (typeof v === 'boolean') return T.bool;
  if (typeof v === 'bigint') return T.int8;
  if (typeof v === 'number') return Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31 ? T.int4 : T.float8;
  if (v instanceof Uint8Array) return T.bytea;
  if (v instanceof PgDate) return T.date;
  if (v instanceof PgTime) return T.time;
  if (v instanceof PgTimestamp) return T.timestamp;
  if (v instanceof PgTimestampTz) return T.timestamptz;
  if (v instanceof PgInterval) return T.interval;
  if (Array.isArray(v)) {
    const first = v.find((x) => x !== null);
    if (first === undefined || typeof first === 'string') return arrayOf(T.text);
    return arrayOf(typeOfValue(first, pos) as PgType);
  }
  throw new SqlError(SqlState.datatypeMismatch, `could not determine the type of a bind parameter value (${typeof v})`, { position: pos });
}

function analyzeTypeCast(c: NodeBody<'TypeCast'>, ctx: AnalyzeContext): Expr {
  const system = systemTypeNamed((c.typeName?.names ?? []).map(stringOf), (c.typeName?.arrayBounds?.length ?? 0) > 0);
  const target: SqlType = system ?? resolveTypeName(c.typeName!, position(ctx, c.typeName?.location));
  const emptyArray = nodeAs(c.arg, 'A_ArrayExpr');
  if (emptyArray && (emptyArray.elements ?? []).length === 0 && target.array) {
    // ARRAY[]::t[] takes its type from the cast (transformArrayExpr is given the target type).
    return { type: target, evaluate: () => [], constant: true, position: position(ctx, c.location) };
  }
  const arg = analyzeExpr(c.arg!, ctx);
  const pos = position(ctx, c.location) ?? arg.position;
  const at = arg.unknownLiteral !== undefined ? arg : { ...arg, position: pos };
  let out: Expr;
  try {
    out = systemCast(at, target) ?? coerceExpr(at, target, 'explicit');
  } catch (e) {
    throw asSqlError(e, pos);
  }
  const names = c.typeName?.names ?? [];
  const typeLabel = names.length > 0 ? stringOf(names[names.length - 1]!) : undefined;
  return { ...out, label: arg.label ?? labelForCast(typeLabel) };
}

function labelForCast(typeLabel: string | undefined): string | undefined {
  return typeLabel;
}

function analyzeCase(c: NodeBody<'CaseExpr'>, ctx: AnalyzeContext): Expr {
  const pos = position(ctx, c.location);
  const whens = (c.args ?? []).map((w) => nodeAs(w, 'CaseWhen')!);
  const arg = c.arg ? analyzeExpr(c.arg, ctx) : undefined;
  const conditions: Expr[] = whens.map((w) => {
    if (arg) {
      const rhs = analyzeExpr(w.expr!, ctx);
      return resolveOperator('=', arg, rhs, position(ctx, w.location));
    }
    return coerceBoolean(analyzeExpr(w.expr!, ctx), 'CASE/WHEN');
  });
  const results = whens.map((w) => analyzeExpr(w.result!, ctx));
  const otherwise = c.defresult ? analyzeExpr(c.defresult, ctx) : undefined;
  const all = otherwise ? [...results, otherwise] : results;
  const type = selectCommonType(all.map((r) => r.type), 'CASE', all.map((r) => r.position));
  const rs = results.map((r) => coerceExpr(r, type, 'implicit').evaluate);
  const conds = conditions.map((x) => x.evaluate);
  const def = otherwise ? coerceExpr(otherwise, type, 'implicit').evaluate : undefined;
  return {
    type,
    label: 'case',
    position: pos,
    evaluate: (row, ectx) => {
      for (let i = 0; i < conds.length; i++) if (conds[i]!(row, ectx) === true) return rs[i]!(row, ectx);
      return def ? def(row, ectx) : null;
    },
  };
}

export function coerceBoolean(e: Expr, construct: string): Expr {
  if (e.type.name === 'bool' && !e.type.array) return e;
  if (isUnknown(e.type)) return coerceExpr(e, T.bool, 'implicit');
  throw new SqlError(SqlState.datatypeMismatch, `argument of ${construct} must be type boolean, not type ${displayName(e.type)}`, { position: e.position });
}

function analyzeCoalesce(c: NodeBody<'CoalesceExpr'>, ctx: AnalyzeContext): Expr {
  const args = (c.args ?? []).map((a) => analyzeExpr(a, ctx));
  const type = selectCommonType(args.map((a) => a.type), 'COALESCE', args.map((a) => a.position));
  const evs = args.map((a) => coerceExpr(a, type, 'implicit').evaluate);
  return {
    type,
    label: 'coalesce',
    position: position(ctx, c.location),
    evaluate: (row, ectx) => {
      for (const e of evs) {
        const v = e(row, ectx);
        if (v !== null) return v;
      }
      return null;
    },
  };
}

function analyzeMinMax(c: NodeBody<'MinMaxExpr'>, ctx: AnalyzeContext): Expr {
  const greatest = c.op === 'IS_GREATEST';
  const name = greatest ? 'GREATEST' : 'LEAST';
  const args = (c.args ?? []).map((a) => analyzeExpr(a, ctx));
  const type = selectCommonType(args.map((a) => a.type), name, args.map((a) => a.position));
  const evs = args.map((a) => coerceExpr(a, type, 'implicit').evaluate);
  const first = evs.length > 0 ? args[0]! : undefined;
  const cmp = resolveOperator(greatest ? '>' : '<', { type, evaluate: (r) => r[0]! }, { type, evaluate: (r) => r[1]! }, first?.position);
  return {
    type,
    label: name.toLowerCase(),
    position: position(ctx, c.location),
    evaluate: (row, ectx) => {
      let best: Value = null;
      for (const e of evs) {
        const v = e(row, ectx);
        if (v === null) continue;
        if (best === null || cmp.evaluate([v, best], ectx) === true) best = v;
      }
      return best;
    },
  };
}

function analyzeArray(a: NodeBody<'A_ArrayExpr'>, ctx: AnalyzeContext): Expr {
  const pos = position(ctx, a.location);
  const elems = (a.elements ?? []).map((e) => analyzeExpr(e, ctx));
  if (elems.length === 0) {
    throw new SqlError(SqlState.indeterminateDatatype, 'cannot determine type of empty array', {
      hint: 'Explicitly cast to the desired type, for example ARRAY[]::integer[].',
      position: pos,
    });
  }
  if (elems.some((e) => e.type.array)) throw notSupported('multidimensional arrays', pos);
  const type = selectCommonType(elems.map((e) => e.type), 'ARRAY', elems.map((e) => e.position));
  const evs = elems.map((e) => coerceExpr(e, type, 'implicit').evaluate);
  return {
    type: arrayOf(type as PgType),
    label: 'array',
    position: pos,
    evaluate: (row, ectx) => evs.map((e) => e(row, ectx)),
  };
}

function analyzeIndirection(ind: NodeBody<'A_Indirection'>, ctx: AnalyzeContext): Expr {
  let e = analyzeExpr(ind.arg!, ctx);
  for (const step of ind.indirection ?? []) {
    const idx = nodeAs(step, 'A_Indices');
    if (!idx) throw notSupported('field selection', e.position);
    if (!e.type.array) {
      throw new SqlError(SqlState.datatypeMismatch, `cannot subscript type ${displayName(e.type)} because it does not support subscripting`, { position: e.position });
    }
    const arr = e;
    const elem = elementType(arr.type as PgType);
    const toInt = (n: Node) => coerceExpr(analyzeExpr(n, ctx), T.int4, 'implicit').evaluate;
    if (idx.is_slice) {
      const lo = idx.lidx ? toInt(idx.lidx) : undefined;
      const hi = idx.uidx ? toInt(idx.uidx) : undefined;
      e = {
        type: arr.type,
        label: arr.label,
        evaluate: (row, ectx) => {
          const a = arr.evaluate(row, ectx) as Value[] | null;
          if (a === null) return null;
          const l = lo ? lo(row, ectx) : 1;
          const h = hi ? hi(row, ectx) : a.length;
          if (l === null || h === null) return null;
          return a.slice(Math.max(1, l as number) - 1, Math.max(0, h as number));
        },
      };
    } else {
      const at = toInt(idx.uidx!);
      e = {
        type: elem,
        label: arr.label,
        evaluate: (row, ectx) => {
          const a = arr.evaluate(row, ectx) as Value[] | null;
          const i = at(row, ectx) as number | null;
          if (a === null || i === null) return null;
          return a[i - 1] ?? null;
        },
      };
    }
  }
  return e;
}

/** FigureColname for nodes analysed through the group-key shortcut. */
function labelOfNode(node: Node): string | undefined {
  const c = nodeAs(node, 'ColumnRef');
  if (c) {
    const last = c.fields?.[c.fields.length - 1];
    return last ? stringOf(last) : undefined;
  }
  const f = nodeAs(node, 'FuncCall');
  if (f?.funcname) return stringOf(f.funcname[f.funcname.length - 1]!);
  return undefined;
}

export function typeForError(t: SqlType): string {
  return displayName(t);
}
