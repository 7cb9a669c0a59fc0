/**
 * The value-model API of @heliosdb/types that the engine uses: text input/output, comparison and exact
 * numeric arithmetic. It is being written in parallel; this seam binds to it by name so the engine builds
 * before it lands, and is the one place to switch to plain named imports once it has.
 */
import * as types from '@heliosdb/types';
import type { PgType, Value } from '@heliosdb/types';

export interface TextOutOptions {
  readonly timeZone?: string;
}

interface TypesValueApi {
  textIn(type: PgType, text: string): Value;
  textOut(type: PgType, value: Value, options?: TextOutOptions): string;
  compare(type: PgType, a: Value, b: Value): number;
}

/** Exact decimal arithmetic on numeric's string representation. */
export interface NumericApi {
  add(a: string, b: string): string;
  sub(a: string, b: string): string;
  mul(a: string, b: string): string;
  div(a: string, b: string): string;
  mod(a: string, b: string): string;
  round(a: string, scale: number): string;
  trunc(a: string, scale: number): string;
}

const api = types as unknown as Partial<TypesValueApi> & Record<string, unknown>;

function need<K extends keyof TypesValueApi>(name: K): TypesValueApi[K] {
  const f = api[name];
  if (typeof f !== 'function') throw new Error(`@heliosdb/types: ${name}() is not available yet (rebuild packages/types)`);
  return f as TypesValueApi[K];
}

export const textIn: TypesValueApi['textIn'] = (type, text) => need('textIn')(type, text);
export const textOut: TypesValueApi['textOut'] = (type, value, options) => need('textOut')(type, value, options);
export const compareValues: TypesValueApi['compare'] = (type, a, b) => need('compare')(type, a, b);

function numericFn(name: keyof NumericApi): (...args: never[]) => string {
  const ns = api['numeric'] as Record<string, unknown> | undefined;
  const capital = `numeric${name[0]!.toUpperCase()}${name.slice(1)}`;
  const f = (ns && ns[name]) ?? api[capital];
  if (typeof f !== 'function') throw new Error(`@heliosdb/types: numeric ${name} is not available yet (rebuild packages/types)`);
  return f as (...args: never[]) => string;
}

export const numeric: NumericApi = {
  add: (a, b) => (numericFn('add') as NumericApi['add'])(a, b),
  sub: (a, b) => (numericFn('sub') as NumericApi['sub'])(a, b),
  mul: (a, b) => (numericFn('mul') as NumericApi['mul'])(a, b),
  div: (a, b) => (numericFn('div') as NumericApi['div'])(a, b),
  mod: (a, b) => (numericFn('mod') as NumericApi['mod'])(a, b),
  round: (a, s) => (numericFn('round') as NumericApi['round'])(a, s),
  trunc: (a, s) => (numericFn('trunc') as NumericApi['trunc'])(a, s),
};

/** A PgTypeError from @heliosdb/types (it carries a SQLSTATE `code` and optional `detail`). */
export function isPgTypeError(e: unknown): e is Error & { code: string; detail?: string } {
  const Ctor = api['PgTypeError'];
  if (typeof Ctor === 'function' && e instanceof (Ctor as new () => Error)) return true;
  return e instanceof Error && typeof (e as { code?: unknown }).code === 'string' && /^[0-9A-Z]{5}$/.test((e as unknown as { code: string }).code);
}
