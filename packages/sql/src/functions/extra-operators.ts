/**
 * Operators beyond arithmetic and comparison: integer bitwise (& | # ~ << >>), prefix @ |/ ||/, the pattern
 * operators (~~ ~~* !~~ !~~* for LIKE, ~ ~* !~ !~* for regular expressions), array containment and overlap
 * (@> <@ &&), and jsonb deletion (jsonb - text, jsonb - integer).
 */
import { type BaseTypeName, type PgType, type Value, T } from '@heliosdb/types';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import { hashKeyFor } from '../expressions/compare.js';
import { checkInt, checkInt8 } from '../expressions/integer-arithmetic.js';
import { likeMatcher } from '../expressions/like.js';
import { type FunctionDef, fixed } from './function-def.js';
import { jsonbText, parseJson } from './json-values.js';
import { compileRegex } from './regex.js';

const t = (n: BaseTypeName): PgType => ({ name: n, array: false });
const op = (name: string, args: FunctionDef['args'], result: FunctionDef['result'], impl: (a: Value[]) => Value): FunctionDef => ({ name, args, result, impl: fixed(impl) });

function bitwise(): FunctionDef[] {
  const defs: FunctionDef[] = [];
  for (const n of ['int2', 'int4'] as const) {
    const ty = t(n);
    const c = (v: number) => checkInt(n, v);
    defs.push(op('&', [ty, ty], ty, ([a, b]) => (a as number) & (b as number)));
    defs.push(op('|', [ty, ty], ty, ([a, b]) => (a as number) | (b as number)));
    defs.push(op('#', [ty, ty], ty, ([a, b]) => (a as number) ^ (b as number)));
    defs.push(op('~', [ty], ty, ([a]) => ~(a as number)));
    // int2/int4 shifts work in the type's width and wrap, as C does.
    const bits = n === 'int2' ? 16 : 32;
    const wrap = (v: number) => (bits === 16 ? (v << 16) >> 16 : v | 0);
    defs.push(op('<<', [ty, T.int4], ty, ([a, b]) => c(wrap((a as number) << ((b as number) & (bits - 1))))));
    defs.push(op('>>', [ty, T.int4], ty, ([a, b]) => c(wrap((a as number) >> ((b as number) & (bits - 1))))));
    defs.push(op('@', [ty], ty, ([a]) => c(Math.abs(a as number))));
  }
  const w = (v: bigint) => BigInt.asIntN(64, v);
  defs.push(op('&', [T.int8, T.int8], T.int8, ([a, b]) => (a as bigint) & (b as bigint)));
  defs.push(op('|', [T.int8, T.int8], T.int8, ([a, b]) => (a as bigint) | (b as bigint)));
  defs.push(op('#', [T.int8, T.int8], T.int8, ([a, b]) => (a as bigint) ^ (b as bigint)));
  defs.push(op('~', [T.int8], T.int8, ([a]) => ~(a as bigint)));
  defs.push(op('<<', [T.int8, T.int4], T.int8, ([a, b]) => w((a as bigint) << BigInt((b as number) & 63))));
  defs.push(op('>>', [T.int8, T.int4], T.int8, ([a, b]) => (a as bigint) >> BigInt((b as number) & 63)));
  defs.push(op('@', [T.int8], T.int8, ([a]) => checkInt8((a as bigint) < 0n ? -(a as bigint) : (a as bigint))));
  defs.push(op('@', [T.float8], T.float8, ([a]) => Math.abs(a as number)));
  defs.push(op('@', [T.numeric()], T.numeric(), ([a]) => (a as string).replace(/^-/, '')));
  defs.push(op('|/', [T.float8], T.float8, ([a]) => {
    if ((a as number) < 0) throw new SqlError(SqlState.invalidArgumentForPower, 'cannot take square root of a negative number');
    return Math.sqrt(a as number);
  }));
  defs.push(op('||/', [T.float8], T.float8, ([a]) => Math.cbrt(a as number)));
  return defs;
}

function patterns(): FunctionDef[] {
  const defs: FunctionDef[] = [];
  const likeOps: [string, boolean, boolean][] = [['~~', false, false], ['!~~', true, false], ['~~*', false, true], ['!~~*', true, true]];
  for (const [name, negate, insensitive] of likeOps) {
    for (const s of [T.text, t("bpchar")]) {
      defs.push({
        name, args: [s, T.text], result: T.bool,
        impl: () => {
          const cache = new Map<string, (s: string) => boolean>();
          return ([a, p]) => {
            let m = cache.get(p as string);
            if (!m) cache.set(p as string, (m = likeMatcher(p as string, '\\', insensitive)));
            return m(a as string) !== negate;
          };
        },
      });
    }
  }
  const regexOps: [string, boolean, string][] = [['~', false, ''], ['!~', true, ''], ['~*', false, 'i'], ['!~*', true, 'i']];
  for (const [name, negate, flags] of regexOps) {
    for (const s of [T.text, t("bpchar")]) defs.push(op(name, [s, T.text], T.bool, ([a, p]) => compileRegex(p as string, flags).test(a as string) !== negate));
  }
  return defs;
}

function arrays(): FunctionDef[] {
  const contains = (call: { argTypes: readonly { name: string }[] }) => {
    const key = hashKeyFor({ ...(call.argTypes[0] as PgType), array: false });
    return (a: Value[], b: Value[]) => {
      const set = new Set(a.filter((x) => x !== null).map(key));
      // A NULL element is never contained (NULL = NULL is not true).
      return b.every((x) => x !== null && set.has(key(x)));
    };
  };
  return [
    { name: '@>', args: ['anyarray', 'anyarray'], result: T.bool, impl: (call) => { const c = contains(call); return ([a, b]) => c(a as Value[], b as Value[]); } },
    { name: '<@', args: ['anyarray', 'anyarray'], result: T.bool, impl: (call) => { const c = contains(call); return ([a, b]) => c(b as Value[], a as Value[]); } },
    {
      name: '&&', args: ['anyarray', 'anyarray'], result: T.bool,
      impl: (call) => {
        const key = hashKeyFor({ ...(call.argTypes[0] as PgType), array: false });
        return ([a, b]) => {
          const set = new Set((a as Value[]).filter((x) => x !== null).map(key));
          return (b as Value[]).some((x) => x !== null && set.has(key(x)));
        };
      },
    },
  ];
}

function jsonbDelete(): FunctionDef[] {
  return [
    op('-', [T.jsonb, T.text], T.jsonb, ([doc, k]) => {
      const n = parseJson(doc as string);
      if (n.kind === 'object') return jsonbText({ ...n, entries: n.entries.filter(([key]) => key !== k) });
      if (n.kind === 'array') return jsonbText({ ...n, items: n.items.filter((i) => !(i.kind === 'string' && i.value === k)) });
      throw new SqlError(SqlState.invalidParameterValue, 'cannot delete from scalar');
    }),
    op('-', [T.jsonb, T.int4], T.jsonb, ([doc, i]) => {
      const n = parseJson(doc as string);
      if (n.kind === 'object') throw new SqlError(SqlState.invalidParameterValue, 'cannot delete from object using integer index');
      if (n.kind !== 'array') throw new SqlError(SqlState.invalidParameterValue, 'cannot delete from scalar');
      const at = (i as number) < 0 ? n.items.length + (i as number) : (i as number);
      return jsonbText({ ...n, items: n.items.filter((_, j) => j !== at) });
    }),
  ];
}

export const EXTRA_OPERATORS: readonly FunctionDef[] = [...bitwise(), ...patterns(), ...arrays(), ...jsonbDelete()];
