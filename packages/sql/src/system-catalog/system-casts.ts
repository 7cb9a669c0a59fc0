/**
 * Casts to and from the system types (name, oid, "char", regclass, regtype, regnamespace, regrole,
 * regproc, int2vector, oidvector): `'t'::regclass`, `'t'::regclass::oid`, `c.oid::regclass::text`,
 * `indkey::text`. reg* input and output look names up in the catalog of the current transaction.
 */
import { T, type Value } from '@heliosdb/types';
import { asSqlError, coerceExpr } from '../analyzer/coerce.js';
import { SYSTEM_TYPES, type SqlType, type SystemTypeName, isUnknown, systemType, systemTypeOf } from '../analyzer/sql-type.js';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import type { EvalContext, Expr } from '../expressions/expr.js';
import {
  needCatalog,
  regclassIn,
  regclassOut,
  regnamespaceIn,
  regnamespaceOut,
  regroleIn,
  regtypeIn,
  regtypeOut,
  roleName,
} from './catalog-access.js';

const NAMES: Readonly<Record<string, SystemTypeName>> = {
  name: 'name',
  char: 'char',
  oid: 'oid',
  xid: 'xid',
  regclass: 'regclass',
  regtype: 'regtype',
  regproc: 'regproc',
  regprocedure: 'regproc',
  regnamespace: 'regnamespace',
  regrole: 'regrole',
  int2vector: 'int2vector',
  oidvector: 'oidvector',
  pg_node_tree: 'pg_node_tree',
  aclitem: 'aclitem',
};

/** The system type a cast names (`x::pg_catalog.regclass`, `x::"char"`), or undefined. */
export function systemTypeNamed(names: readonly string[], array: boolean): SqlType | undefined {
  const last = names[names.length - 1];
  if (last === undefined || (names.length > 1 && names[0] !== 'pg_catalog')) return undefined;
  const sys = NAMES[last];
  return sys ? systemType(sys, array) : undefined;
}

/** Text output of a system-typed value (reg* names, vectors space-separated); other values unchanged. */
export function systemTypeOut(type: SqlType, v: Value, ctx: EvalContext): Value {
  const sys = systemTypeOf(type);
  if (v === null || !sys) return v;
  if (SYSTEM_TYPES[sys].vector) return (v as Value[]).join(' ');
  if (type.array) return (v as Value[]).map((e) => systemTypeOut({ ...type, array: false } as SqlType, e, ctx));
  const oid = v as number;
  if (oid === 0) return '-';
  switch (sys) {
    case 'regclass':
      return regclassOut(needCatalog(ctx.catalog), oid);
    case 'regtype':
      return regtypeOut(oid);
    case 'regnamespace':
      return regnamespaceOut(needCatalog(ctx.catalog), oid);
    case 'regrole':
      return roleName(needCatalog(ctx.catalog), oid) ?? String(oid);
    case 'regproc':
      return String(oid);
    default:
      return v;
  }
}

function systemTypeIn(sys: SystemTypeName, text: string, ctx: EvalContext): Value {
  switch (sys) {
    case 'regclass':
      return regclassIn(needCatalog(ctx.catalog), text);
    case 'regtype':
      return regtypeIn(text);
    case 'regnamespace':
      return regnamespaceIn(needCatalog(ctx.catalog), text);
    case 'regrole':
      return regroleIn(needCatalog(ctx.catalog), text);
    case 'regproc':
      if (text.trim() === '-') return 0;
      if (/^\s*\d+\s*$/.test(text)) return Number(text);
      throw new SqlError(SqlState.undefinedFunction, `function "${text}" does not exist`);
    case 'oid':
    case 'xid': {
      const n = Number(text.trim());
      if (!/^\s*-?\d+\s*$/.test(text) || n > 4294967295 || n < -2147483648) throw new SqlError(SqlState.invalidTextRepresentation, `invalid input syntax for type ${sys}: "${text}"`);
      return n;
    }
    case 'int2vector':
    case 'oidvector':
      return text.trim() === '' ? [] : text.trim().split(/\s+/).map(Number);
    case 'char':
      return [...text][0] ?? '';
    default:
      return text;
  }
}

const STRINGY = new Set(['text', 'varchar', 'bpchar']);

function evaluateWith(arg: Expr, type: SqlType, f: (v: Value, ctx: EvalContext) => Value): Expr {
  const inner = arg.evaluate;
  const position = arg.unknownLiteral !== undefined || arg.constant ? arg.position : undefined;
  return {
    type,
    evaluate: (row, ctx) => {
      const v = inner(row, ctx);
      if (v === null) return null;
      try {
        return f(v, ctx);
      } catch (e) {
        // PostgreSQL folds 'name'::regclass while parsing, so its errors point at the literal.
        throw asSqlError(e, position);
      }
    },
    ...(arg.label !== undefined ? { label: arg.label } : {}),
    ...(arg.position !== undefined ? { position: arg.position } : {}),
  };
}

/**
 * `arg::target` when either side is a system type; undefined leaves the cast to the ordinary rules.
 * Relabelling between types of one representation (oid <-> regclass <-> int4) keeps the value.
 */
export function systemCast(arg: Expr, target: SqlType): Expr | undefined {
  const to = systemTypeOf(target);
  const from = systemTypeOf(arg.type);
  if (!to && !from) return undefined;
  if (to) {
    const info = SYSTEM_TYPES[to];
    if (isUnknown(arg.type) || (STRINGY.has(arg.type.name) && !arg.type.array && !from)) {
      if (!target.array || info.vector) {
        if (arg.unknownLiteral !== undefined && !to.startsWith('reg')) {
          const v = arg.unknownLiteral === null ? null : systemTypeIn(to, arg.unknownLiteral, undefined as unknown as EvalContext);
          return { type: target, evaluate: () => v, constant: true, ...(arg.position !== undefined ? { position: arg.position } : {}) };
        }
        return evaluateWith(arg, target, (v, ctx) => systemTypeIn(to, v as string, ctx));
      }
    }
    if (from && SYSTEM_TYPES[from].base === info.base && (SYSTEM_TYPES[from].vector ?? false) === (info.vector ?? false) && arg.type.array === target.array) {
      return { ...arg, type: target };
    }
    if (from && SYSTEM_TYPES[from].base === 'text' && info.base === 'text') return evaluateWith(arg, target, (v) => (to === 'char' ? ([...(v as string)][0] ?? '') : v));
    // Through the carrying type: int8 -> oid, text -> name, ...
    const base = coerceExpr(arg, { name: info.base, array: target.array } as SqlType, 'explicit');
    if (to === 'char') return evaluateWith(base, target, (v) => [...(v as string)][0] ?? '');
    return { ...base, type: target };
  }
  // From a system type to an ordinary one.
  const info = SYSTEM_TYPES[from!];
  if (STRINGY.has(target.name) && !target.array && (from!.startsWith('reg') || info.vector)) {
    const text = evaluateWith(arg, T.text, (v, ctx) => systemTypeOut(arg.type, v, ctx));
    return coerceExpr(text, target, 'explicit');
  }
  const carried: Expr = { ...arg, type: { name: info.base, array: arg.type.array || info.vector === true } as SqlType };
  return coerceExpr(carried, target, 'explicit');
}
