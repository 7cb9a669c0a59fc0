/** String functions (PostgreSQL's "String Functions and Operators" chapter). Lengths count characters. */
import { createHash } from 'node:crypto';
import { type Value, T } from '@heliosdb/types';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import { castFunction } from '../expressions/cast.js';
import { type FunctionDef, fixed } from './function-def.js';
import { formatString } from './format.js';
import { compileRegex, regexpReplace } from './regex.js';

const text = T.text;
const int = T.int4;
const chars = (s: Value | undefined) => [...(s as string)];

function f(name: string, args: FunctionDef['args'], result: FunctionDef['result'], impl: (a: Value[]) => Value, strict = true): FunctionDef {
  return { name, args, result, impl: fixed(impl), strict };
}

function trimChars(s: string, set: string, left: boolean, right: boolean): string {
  const cs = new Set([...set]);
  const a = [...s];
  let i = 0;
  let j = a.length;
  if (left) while (i < j && cs.has(a[i]!)) i++;
  if (right) while (j > i && cs.has(a[j - 1]!)) j--;
  return a.slice(i, j).join('');
}

function substring(s: string, start: number, len?: number): string {
  const a = [...s];
  if (len !== undefined && len < 0) throw new SqlError(SqlState.substringError, 'negative substring length not allowed');
  const from = start - 1;
  const to = len === undefined ? a.length : from + len;
  return a.slice(Math.max(0, from), Math.max(0, to)).join('');
}

function pad(s: string, len: number, fill: string, left: boolean): string {
  const a = [...s];
  if (len <= a.length) return a.slice(0, Math.max(0, len)).join('');
  const f = [...fill];
  if (f.length === 0) return s;
  const padding: string[] = [];
  for (let i = 0; padding.length < len - a.length; i++) padding.push(f[i % f.length]!);
  return left ? padding.join('') + s : s + padding.join('');
}

function initcap(s: string): string {
  let out = '';
  let prevAlnum = false;
  for (const c of s) {
    const alnum = /[\p{L}\p{N}]/u.test(c);
    out += alnum ? (prevAlnum ? c.toLowerCase() : c.toUpperCase()) : c;
    prevAlnum = alnum;
  }
  return out;
}

function splitPart(s: string, sep: string, n: number): string {
  if (n === 0) throw new SqlError(SqlState.invalidParameterValue, 'field position must not be zero');
  const parts = sep === '' ? [s] : s.split(sep);
  const i = n > 0 ? n - 1 : parts.length + n;
  return parts[i] ?? '';
}

function lower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function upper(s: string): string {
  return s.replace(/[a-z]/g, (c) => c.toUpperCase());
}

/** concat/concat_ws take VARIADIC "any": each argument is printed with its own output function. */
function variadicText(name: string, withSeparator: boolean): FunctionDef {
  return {
    name,
    args: withSeparator ? [text] : [],
    variadic: 'any',
    result: text,
    strict: false,
    impl: (call) => {
      const outs = call.argTypes.map((t) => castFunction(t, T.text)!);
      return (args, ctx) => {
        const start = withSeparator ? 1 : 0;
        if (withSeparator && args[0] === null) return null;
        const parts: string[] = [];
        for (let i = start; i < args.length; i++) {
          const v = args[i]!;
          if (v !== null) parts.push(outs[i]!(v, ctx.timeZone) as string);
        }
        return parts.join(withSeparator ? (args[0] as string) : '');
      };
    },
  };
}

export const STRING_FUNCTIONS: readonly FunctionDef[] = [
  f('lower', [text], text, ([s]) => lower(s as string)),
  f('upper', [text], text, ([s]) => upper(s as string)),
  f('length', [text], int, ([s]) => chars(s).length),
  f('length', [T.bytea], int, ([s]) => (s as Uint8Array).length),
  f('char_length', [text], int, ([s]) => chars(s).length),
  f('character_length', [text], int, ([s]) => chars(s).length),
  f('octet_length', [text], int, ([s]) => Buffer.byteLength(s as string)),
  f('octet_length', [T.bytea], int, ([s]) => (s as Uint8Array).length),
  f('bit_length', [text], int, ([s]) => Buffer.byteLength(s as string) * 8),
  f('substring', [text, int], text, ([s, a]) => substring(s as string, a as number)),
  f('substring', [text, int, int], text, ([s, a, n]) => substring(s as string, a as number, n as number)),
  f('substr', [text, int], text, ([s, a]) => substring(s as string, a as number)),
  f('substr', [text, int, int], text, ([s, a, n]) => substring(s as string, a as number, n as number)),
  f('btrim', [text], text, ([s]) => trimChars(s as string, ' ', true, true)),
  f('btrim', [text, text], text, ([s, c]) => trimChars(s as string, c as string, true, true)),
  f('ltrim', [text], text, ([s]) => trimChars(s as string, ' ', true, false)),
  f('ltrim', [text, text], text, ([s, c]) => trimChars(s as string, c as string, true, false)),
  f('rtrim', [text], text, ([s]) => trimChars(s as string, ' ', false, true)),
  f('rtrim', [text, text], text, ([s, c]) => trimChars(s as string, c as string, false, true)),
  f('replace', [text, text, text], text, ([s, a, b]) => ((a as string) === '' ? (s as string) : (s as string).split(a as string).join(b as string))),
  f('position', [text, text], int, ([s, sub]) => strpos(s as string, sub as string)),
  f('strpos', [text, text], int, ([s, sub]) => strpos(s as string, sub as string)),
  f('split_part', [text, text, int], text, ([s, sep, n]) => splitPart(s as string, sep as string, n as number)),
  f('left', [text, int], text, ([s, n]) => { const a = chars(s); const k = n as number; return (k >= 0 ? a.slice(0, k) : a.slice(0, Math.max(0, a.length + k))).join(''); }),
  f('right', [text, int], text, ([s, n]) => { const a = chars(s); const k = n as number; return (k >= 0 ? a.slice(Math.max(0, a.length - k)) : a.slice(-k)).join(''); }),
  f('lpad', [text, int], text, ([s, n]) => pad(s as string, n as number, ' ', true)),
  f('lpad', [text, int, text], text, ([s, n, c]) => pad(s as string, n as number, c as string, true)),
  f('rpad', [text, int], text, ([s, n]) => pad(s as string, n as number, ' ', false)),
  f('rpad', [text, int, text], text, ([s, n, c]) => pad(s as string, n as number, c as string, false)),
  f('repeat', [text, int], text, ([s, n]) => (s as string).repeat(Math.max(0, n as number))),
  f('reverse', [text], text, ([s]) => chars(s).reverse().join('')),
  f('initcap', [text], text, ([s]) => initcap(s as string)),
  f('md5', [text], text, ([s]) => createHash('md5').update(s as string, 'utf8').digest('hex')),
  f('md5', [T.bytea], text, ([s]) => createHash('md5').update(s as Uint8Array).digest('hex')),
  f('starts_with', [text, text], T.bool, ([s, p]) => (s as string).startsWith(p as string)),
  f('ascii', [text], int, ([s]) => (s as string).codePointAt(0) ?? 0),
  f('chr', [int], text, ([n]) => {
    const c = n as number;
    if (c === 0) throw new SqlError(SqlState.programLimitExceeded, 'null character not permitted');
    if (c < 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) throw new SqlError(SqlState.invalidParameterValue, `requested character not valid for encoding: ${c}`);
    return String.fromCodePoint(c);
  }),
  f('octet_length', [{ name: 'bpchar', array: false }], int, ([s]) => Buffer.byteLength(s as string)),
  f('to_hex', [int], text, ([n]) => ((n as number) >>> 0).toString(16)),
  f('to_hex', [T.int8], text, ([n]) => BigInt.asUintN(64, n as bigint).toString(16)),
  f('quote_nullable', [text], text, ([s]) => (s === null ? 'NULL' : quoteLiteral(s as string)), false),
  f('overlay', [text, text, int, int], text, ([s, r, a, n]) => {
    const c = chars(s);
    const from = (a as number) - 1;
    if (from < 0 || (n as number) < 0) throw new SqlError(SqlState.substringError, 'negative substring length not allowed');
    return [...c.slice(0, from), r as string, ...c.slice(from + (n as number))].join('');
  }),
  f('overlay', [text, text, int], text, ([s, r, a]) => {
    const c = chars(s);
    const from = (a as number) - 1;
    return [...c.slice(0, Math.max(0, from)), r as string, ...c.slice(from + chars(r).length)].join('');
  }),
  f('regexp_replace', [text, text, text], text, ([s, p, r]) => regexpReplace(s as string, p as string, r as string)),
  f('regexp_replace', [text, text, text, text], text, ([s, p, r, fl]) => regexpReplace(s as string, p as string, r as string, fl as string)),
  f('regexp_like', [text, text], T.bool, ([s, p]) => compileRegex(p as string, '').test(s as string)),
  f('translate', [text, text, text], text, ([s, from, to]) => {
    const fa = chars(from);
    const ta = chars(to);
    return chars(s).map((c) => { const i = fa.indexOf(c); return i < 0 ? c : (ta[i] ?? ''); }).join('');
  }),
  f('quote_ident', [text], text, ([s]) => quoteIdent(s as string)),
  f('quote_literal', [text], text, ([s]) => quoteLiteral(s as string)),
  variadicText('concat', false),
  variadicText('concat_ws', true),
  {
    name: 'format',
    args: [text],
    variadic: 'any',
    result: text,
    strict: false,
    impl: (call) => {
      const outs = call.argTypes.map((t) => castFunction(t, T.text)!);
      return (args, ctx) => (args[0] === null ? null : formatString(args[0] as string, args.slice(1).map((v, i) => (v === null ? null : (outs[i + 1]!(v, ctx.timeZone) as string)))));
    },
  },
];

function strpos(s: string, sub: string): number {
  const i = s.indexOf(sub);
  return i < 0 ? 0 : [...s.slice(0, i)].length + 1;
}

export function quoteIdent(s: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(s) && !RESERVED.has(s) ? s : `"${s.replace(/"/g, '""')}"`;
}

export function quoteLiteral(s: string): string {
  const body = s.replace(/'/g, "''");
  return s.includes('\\') ? `E'${body.replace(/\\/g, '\\\\')}'` : `'${body}'`;
}

const RESERVED = new Set(['all', 'and', 'any', 'array', 'as', 'asc', 'case', 'cast', 'check', 'collate', 'column', 'constraint', 'create', 'default', 'desc', 'distinct', 'do', 'else', 'end', 'false', 'for', 'foreign', 'from', 'grant', 'group', 'having', 'in', 'into', 'is', 'join', 'limit', 'not', 'null', 'offset', 'on', 'or', 'order', 'primary', 'references', 'select', 'table', 'then', 'to', 'true', 'union', 'unique', 'user', 'using', 'when', 'where', 'with']);
