/**
 * Overload resolution as in PostgreSQL's func_select_candidate / oper_select_candidate
 * (docs: "Type Conversion" chapter, sections 10.2 and 10.3).
 */
import { arrayOf, elementType } from '@heliosdb/types';
import { selectCommonType } from './common-type.js';
import { canImplicitlyCoerce } from './implicit-casts.js';
import { type ParamType, type Signature, isPolymorphic, paramsFor } from './signature.js';
import { type SqlType, categoryOf, isPreferred, isUnknown, sameBase } from './sql-type.js';

export interface Resolved<S extends Signature> {
  readonly signature: S;
  /** The concrete type each argument must be coerced to ('any' keeps the argument's type). */
  readonly params: readonly SqlType[];
  readonly result: SqlType;
}

export type Resolution<S extends Signature> = Resolved<S> | { readonly ambiguous: true } | undefined;

function accepts(p: ParamType, a: SqlType): boolean {
  if (!isPolymorphic(p)) return canImplicitlyCoerce(a, p);
  if (isUnknown(a)) return true;
  switch (p) {
    case 'anyarray':
    case 'anycompatiblearray':
      return a.array;
    case 'anynonarray':
      return !a.array;
    default:
      return true;
  }
}

/** check_generic_type_consistency: every anyelement argument and anyarray element must be one type. */
function consistent(params: readonly ParamType[], args: readonly SqlType[]): boolean {
  let elem: SqlType | undefined;
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    const a = args[i]!;
    if (isUnknown(a)) continue;
    let e: SqlType | undefined;
    if (p === 'anyelement' || p === 'anynonarray') e = a;
    else if (p === 'anyarray') e = elementType(a);
    if (!e) continue;
    if (elem && !(sameBase(elem, e) && elem.array === e.array)) return false;
    elem ??= e;
  }
  return true;
}

function exact(p: ParamType, a: SqlType): boolean {
  return !isPolymorphic(p) && sameBase(p, a);
}

export function resolveOverload<S extends Signature>(
  candidates: readonly S[],
  argTypes: readonly SqlType[],
  binaryOperator = false,
): Resolution<S> {
  let live = candidates
    .map((s) => ({ s, params: paramsFor(s, argTypes.length) }))
    .filter((c): c is { s: S; params: readonly ParamType[] } => c.params !== undefined);

  // An exact match; for a binary operator an unknown side is taken to be the other side's type.
  let probe = argTypes;
  if (binaryOperator && argTypes.length === 2) {
    const [l, r] = argTypes as [SqlType, SqlType];
    if (isUnknown(l) && !isUnknown(r)) probe = [r, r];
    else if (isUnknown(r) && !isUnknown(l)) probe = [l, l];
  }
  const exactMatch = live.find((c) => c.params.every((p, i) => exact(p, probe[i]!)));
  if (exactMatch) return finish(exactMatch.s, exactMatch.params, argTypes);

  live = live.filter((c) => c.params.every((p, i) => accepts(p, argTypes[i]!)) && consistent(c.params, argTypes));
  if (live.length === 1) return finish(live[0]!.s, live[0]!.params, argTypes);
  if (live.length === 0) return undefined;

  const keepBest = (score: (c: (typeof live)[number]) => number) => {
    const best = Math.max(...live.map(score));
    const next = live.filter((c) => score(c) === best);
    if (next.length > 0) live = next;
  };
  keepBest((c) => c.params.filter((p, i) => exact(p, argTypes[i]!)).length);
  if (live.length === 1) return finish(live[0]!.s, live[0]!.params, argTypes);
  keepBest((c) => c.params.filter((p, i) => !exact(p, argTypes[i]!) && !isPolymorphic(p) && isPreferred(p)).length);
  if (live.length === 1) return finish(live[0]!.s, live[0]!.params, argTypes);

  // Unknown arguments: settle each position on a category, preferring 'S' (string) when offered.
  if (argTypes.some(isUnknown)) {
    argTypes.forEach((a, i) => {
      if (!isUnknown(a)) return;
      const cats = new Set(live.map((c) => (isPolymorphic(c.params[i]!) ? 'P' : categoryOf(c.params[i] as SqlType))));
      let cat: string | undefined;
      if (cats.has('S')) cat = 'S';
      else if (cats.size === 1) cat = [...cats][0];
      if (cat === undefined) return;
      let next = live.filter((c) => !isPolymorphic(c.params[i]!) ? categoryOf(c.params[i] as SqlType) === cat : cat === 'P');
      const preferred = next.filter((c) => !isPolymorphic(c.params[i]!) && isPreferred(c.params[i] as SqlType));
      if (preferred.length > 0) next = preferred;
      if (next.length > 0) live = next;
    });
    if (live.length === 1) return finish(live[0]!.s, live[0]!.params, argTypes);
    const known = argTypes.filter((a) => !isUnknown(a));
    if (known.length > 0 && known.every((k) => sameBase(k, known[0]!))) {
      const assumed = argTypes.map((a) => (isUnknown(a) ? known[0]! : a));
      const fits = live.filter((c) => c.params.every((p, i) => accepts(p, assumed[i]!)));
      if (fits.length === 1) return finish(fits[0]!.s, fits[0]!.params, argTypes);
    }
  }
  return { ambiguous: true };
}

/** Resolves polymorphic parameters and the result type for the chosen signature. */
function finish<S extends Signature>(sig: S, params: readonly ParamType[], args: readonly SqlType[]): Resolved<S> {
  if (!params.some(isPolymorphic) && !isPolymorphic(sig.result)) {
    return { signature: sig, params: params as SqlType[], result: sig.result as SqlType };
  }
  // Every anyelement/anycompatible argument and the element type of every anyarray argument share one type.
  const elems: SqlType[] = [];
  params.forEach((p, i) => {
    const a = args[i]!;
    if (p === 'anyelement' || p === 'anynonarray' || p === 'anycompatible') elems.push(a);
    else if ((p === 'anyarray' || p === 'anycompatiblearray') && !isUnknown(a)) elems.push(elementType(a));
  });
  const elem = elems.length > 0 ? selectCommonType(elems, 'polymorphic arguments') : undefined;
  const resolve = (p: ParamType, a: SqlType | undefined): SqlType => {
    if (!isPolymorphic(p)) return p;
    if (p === 'any') return a ?? elem ?? { name: 'text', array: false };
    const e = elem ?? { name: 'text', array: false };
    if (isUnknown(e)) return e;
    return p === 'anyarray' || p === 'anycompatiblearray' ? arrayOf(e) : e;
  };
  return { signature: sig, params: params.map((p, i) => resolve(p, args[i])), result: resolve(sig.result, undefined) };
}
