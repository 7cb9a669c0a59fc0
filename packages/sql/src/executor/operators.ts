/** The executor's row operators as generator functions over their input. */
import type { Value } from '@heliosdb/types';
import type { EvalContext, Evaluate, Row } from '../expressions/expr.js';

export function* filterRows(input: Iterable<Row>, pred: Evaluate, ctx: EvalContext): Generator<Row> {
  for (const row of input) if (pred(row, ctx) === true) yield row;
}

export function* projectRows(input: Iterable<Row>, exprs: readonly Evaluate[], ctx: EvalContext): Generator<Row> {
  for (const row of input) {
    const out: Value[] = new Array(exprs.length);
    for (let i = 0; i < exprs.length; i++) out[i] = exprs[i]!(row, ctx);
    yield out;
  }
}

export function* limitRows(input: Iterable<Row>, offset: number, limit: number | undefined): Generator<Row> {
  if (limit === 0) return;
  let skipped = 0;
  let taken = 0;
  for (const row of input) {
    if (skipped < offset) {
      skipped++;
      continue;
    }
    yield row;
    if (limit !== undefined && ++taken >= limit) return;
  }
}

export function* distinctRows(input: Iterable<Row>, key: (row: Row) => string): Generator<Row> {
  const seen = new Set<string>();
  for (const row of input) {
    const k = key(row);
    if (seen.has(k)) continue;
    seen.add(k);
    yield row;
  }
}

export interface SortKey {
  readonly evaluate: Evaluate;
  readonly compare: (a: Value, b: Value) => number;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

export function compareByKeys(keys: readonly SortKey[]): (a: Value[], b: Value[]) => number {
  return (a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const x = a[i]!;
      const y = b[i]!;
      let c: number;
      if (x === null || y === null) {
        if (x === y) continue;
        c = x === null ? (k.nullsFirst ? -1 : 1) : k.nullsFirst ? 1 : -1;
        return c;
      }
      c = k.compare(x, y);
      if (c !== 0) return k.descending ? -c : c;
    }
    return 0;
  };
}

/** A stable sort on precomputed keys (ORDER BY may reference expressions not in the output). */
export function* sortRows(input: Iterable<Row>, keys: readonly SortKey[], ctx: EvalContext): Generator<Row> {
  const buffered: { row: Row; key: Value[] }[] = [];
  for (const row of input) buffered.push({ row, key: keys.map((k) => k.evaluate(row, ctx)) });
  const cmp = compareByKeys(keys);
  buffered.sort((a, b) => cmp(a.key, b.key));
  for (const b of buffered) yield b.row;
}

export type SetOp = 'union' | 'intersect' | 'except';

export function* setOperation(op: SetOp, all: boolean, left: Iterable<Row>, right: Iterable<Row>, key: (row: Row) => string): Generator<Row> {
  if (op === 'union') {
    if (all) {
      yield* left;
      yield* right;
      return;
    }
    yield* distinctRows((function* () { yield* left; yield* right; })(), key);
    return;
  }
  const counts = new Map<string, number>();
  for (const row of right) {
    const k = key(row);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const emitted = new Set<string>();
  for (const row of left) {
    const k = key(row);
    const n = counts.get(k) ?? 0;
    if (op === 'intersect') {
      if (n === 0) continue;
      if (all) counts.set(k, n - 1);
      else if (emitted.has(k)) continue;
      emitted.add(k);
      yield row;
    } else {
      if (all) {
        if (n > 0) {
          counts.set(k, n - 1);
          continue;
        }
        yield row;
      } else {
        if (n > 0 || emitted.has(k)) continue;
        emitted.add(k);
        yield row;
      }
    }
  }
}
