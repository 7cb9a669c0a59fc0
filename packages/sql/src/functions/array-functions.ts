/** Array functions on one-dimensional arrays (lower bound 1). */
import { type Value, T } from '@heliosdb/types';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import { castFunction } from '../expressions/cast.js';
import { comparatorFor } from '../expressions/compare.js';
import { type FunctionDef, fixed } from './function-def.js';

const arr = (v: Value | undefined) => v as Value[];

function toText(name: string, withNull: boolean): FunctionDef {
  return {
    name,
    args: withNull ? ['anyarray', T.text, T.text] : ['anyarray', T.text],
    result: T.text,
    strict: !withNull,
    impl: (call) => {
      const out = castFunction({ ...call.argTypes[0]!, array: false }, T.text)!;
      return ([a, sep, nullText], ctx) => {
        if (a === null || sep === null) return null;
        const parts: string[] = [];
        for (const e of arr(a)) {
          if (e !== null) parts.push(out(e, ctx.timeZone) as string);
          else if (nullText !== null && nullText !== undefined) parts.push(nullText as string);
        }
        return parts.join(sep as string);
      };
    },
  };
}

function stringToArray(s: string, sep: string | null, nullText: string | null): Value[] {
  if (s === '') return [];
  const parts = sep === null ? [...s] : sep === '' ? [s] : s.split(sep);
  return parts.map((p) => (nullText !== null && p === nullText ? null : p));
}

export const ARRAY_FUNCTIONS: readonly FunctionDef[] = [
  {
    name: 'array_length',
    args: ['anyarray', T.int4],
    result: T.int4,
    impl: fixed(([a, d]) => (d === 1 && arr(a).length > 0 ? arr(a).length : null)),
  },
  { name: 'cardinality', args: ['anyarray'], result: T.int4, impl: fixed(([a]) => arr(a).length) },
  { name: 'array_lower', args: ['anyarray', T.int4], result: T.int4, impl: fixed(([a, d]) => (d === 1 && arr(a).length > 0 ? 1 : null)) },
  { name: 'array_upper', args: ['anyarray', T.int4], result: T.int4, impl: fixed(([a, d]) => (d === 1 && arr(a).length > 0 ? arr(a).length : null)) },
  { name: 'array_ndims', args: ['anyarray'], result: T.int4, impl: fixed(([a]) => (arr(a).length > 0 ? 1 : null)) },
  toText('array_to_string', false),
  toText('array_to_string', true),
  { name: 'string_to_array', args: [T.text, T.text], result: { name: 'text', array: true }, strict: false, impl: fixed(([s, sep]) => (s === null ? null : stringToArray(s as string, sep as string | null, null))) },
  { name: 'string_to_array', args: [T.text, T.text, T.text], result: { name: 'text', array: true }, strict: false, impl: fixed(([s, sep, n]) => (s === null ? null : stringToArray(s as string, sep as string | null, n as string | null))) },
  { name: 'array_append', args: ['anycompatiblearray', 'anycompatible'], result: 'anycompatiblearray', strict: false, impl: fixed(([a, e]) => [...(a === null ? [] : arr(a)), e!]) },
  { name: 'array_prepend', args: ['anycompatible', 'anycompatiblearray'], result: 'anycompatiblearray', strict: false, impl: fixed(([e, a]) => [e!, ...(a === null ? [] : arr(a))]) },
  {
    name: 'array_cat',
    args: ['anycompatiblearray', 'anycompatiblearray'],
    result: 'anycompatiblearray',
    strict: false,
    impl: fixed(([a, b]) => (a === null && b === null ? null : [...(a === null ? [] : arr(a)), ...(b === null ? [] : arr(b))])),
  },
  {
    name: 'array_position',
    args: ['anycompatiblearray', 'anycompatible'],
    result: T.int4,
    strict: false,
    impl: (call) => {
      const cmp = comparatorFor({ ...call.argTypes[0]!, array: false });
      return ([a, e]) => {
        if (a === null) return null;
        const i = arr(a).findIndex((x) => (x === null ? e === null : e !== null && cmp(x, e!) === 0));
        return i < 0 ? null : i + 1;
      };
    },
  },
  {
    name: 'array_remove',
    args: ['anycompatiblearray', 'anycompatible'],
    result: 'anycompatiblearray',
    strict: false,
    impl: (call) => {
      const cmp = comparatorFor({ ...call.argTypes[0]!, array: false });
      return ([a, e]) => (a === null ? null : arr(a).filter((x) => !(x === null ? e === null : e !== null && cmp(x, e!) === 0)));
    },
  },
  {
    name: 'array_fill',
    args: ['anyelement', { name: 'int4', array: true }],
    result: 'anyarray',
    strict: false,
    impl: fixed(([e, dims]) => {
      if (dims === null) throw new SqlError(SqlState.nullValueNotAllowed, 'dimension array or low bound array cannot be null');
      return Array.from({ length: (arr(dims)[0] as number) ?? 0 }, () => e!);
    }),
  },
  {
    name: 'array_replace',
    args: ['anycompatiblearray', 'anycompatible', 'anycompatible'],
    result: 'anycompatiblearray',
    strict: false,
    impl: (call) => {
      const cmp = comparatorFor({ ...call.argTypes[0]!, array: false });
      return ([a, from, to]) => (a === null ? null : arr(a).map((x) => ((x === null ? from === null : from !== null && cmp(x, from!) === 0) ? to! : x)));
    },
  },
  {
    name: 'array_positions',
    args: ['anycompatiblearray', 'anycompatible'],
    result: { name: 'int4', array: true },
    strict: false,
    impl: (call) => {
      const cmp = comparatorFor({ ...call.argTypes[0]!, array: false });
      return ([a, e]) => {
        if (a === null) return null;
        const out: number[] = [];
        arr(a).forEach((x, i) => { if (x === null ? e === null : e !== null && cmp(x, e!) === 0) out.push(i + 1); });
        return out;
      };
    },
  },
  { name: 'array_dims', args: ['anyarray'], result: T.text, impl: fixed(([a]) => (arr(a).length === 0 ? null : `[1:${arr(a).length}]`)) },
];
