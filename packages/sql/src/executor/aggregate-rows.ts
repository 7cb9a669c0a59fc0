/** Hash aggregation: one group per distinct key, accumulators per aggregate call, output [keys..., aggregates...]. */
import type { Value } from '@heliosdb/types';
import type { AggregateCall } from '../analyzer/analyze-context.js';
import { comparatorFor, hashKeyFor } from '../expressions/compare.js';
import type { EvalContext, Evaluate, Row } from '../expressions/expr.js';
import type { Accumulator } from '../functions/aggregate-def.js';
import { compareByKeys } from './operators.js';

interface PreparedAggregate {
  readonly args: readonly Evaluate[];
  /** The accumulator keeps its argument arrays (array_agg), or they are kept for sorting (ORDER BY): a fresh one per row. */
  readonly freshArgs: boolean;
  readonly filter?: Evaluate;
  readonly strict: boolean;
  readonly distinctKey?: (args: Value[]) => string;
  readonly order?: { evaluate: readonly Evaluate[]; compare: (a: Value[], b: Value[]) => number };
  readonly create: () => Accumulator;
}

function prepare(call: AggregateCall): PreparedAggregate {
  const factory = call.def.create({ argTypes: call.args.map((a) => a.type), resultType: call.def.result as never });
  const keys = call.args.map((a) => hashKeyFor(a.type));
  return {
    args: call.args.map((a) => a.evaluate),
    freshArgs: call.def.keepsArgs === true || call.order !== undefined,
    ...(call.filter ? { filter: call.filter.evaluate } : {}),
    strict: call.def.strict !== false,
    ...(call.distinct ? { distinctKey: (args: Value[]) => args.map((v, i) => keys[i]!(v)).join('\u0002') } : {}),
    ...(call.order
      ? {
          order: {
            evaluate: call.order.map((o) => o.expr.evaluate),
            compare: compareByKeys(call.order.map((o) => ({ evaluate: o.expr.evaluate, compare: comparatorFor(o.expr.type), descending: o.descending, nullsFirst: o.nullsFirst }))),
          },
        }
      : {}),
    create: factory,
  };
}

class GroupState {
  readonly accs: Accumulator[];
  readonly seen: (Set<string> | undefined)[];
  readonly pending: ({ key: Value[]; args: Value[] }[] | undefined)[];
  constructor(readonly keyValues: Value[], aggs: readonly PreparedAggregate[]) {
    this.accs = aggs.map((a) => a.create());
    this.seen = aggs.map((a) => (a.distinctKey ? new Set() : undefined));
    this.pending = aggs.map((a) => (a.order ? [] : undefined));
  }
}

export function* aggregateRows(
  /** The rows: an iterable, or a function pushing them (PlanNode.each: a row is not kept past the call). */
  input: Iterable<Row> | ((sink: (row: Row) => void) => void),
  groupKeys: readonly { evaluate: Evaluate; key: (v: Value) => string; mapKey?: (v: Value) => unknown }[],
  calls: readonly AggregateCall[],
  ctx: EvalContext,
  /** WHERE: only rows it accepts (true) are aggregated. */
  where?: Evaluate,
): Generator<Row> {
  const aggs = calls.map(prepare);
  const groups = new Map<unknown, GroupState>();
  // Small non-negative integer keys index an array (cheaper than hashing them); the same keys as the Map's
  // (mapKeyFor's numbers), so grouping is unchanged. Groups are returned in the order they were made.
  const dense: (GroupState | undefined)[] = [];
  const made: GroupState[] = [];
  const nKeys = groupKeys.length;
  const nAggs = aggs.length;
  // One argument array per aggregate, reused row after row where the accumulator does not keep it.
  const scratch = aggs.map((a) => new Array<Value>(a.args.length));
  // Without GROUP BY every row goes to the one group; with one key, its map key (mapKeyFor) is the map key.
  let only: GroupState | undefined;
  // Nothing below keeps `row` itself (only values evaluated from it), so pushed rows may be reused arrays.
  const consume = (row: Row): void => {
    if (where !== undefined && where(row, ctx) !== true) return;
    let g: GroupState | undefined;
    if (nKeys === 0) g = only ??= new GroupState([], aggs);
    else if (nKeys === 1) {
      const k = groupKeys[0]!;
      const v = k.evaluate(row, ctx);
      const key = k.mapKey ? k.mapKey(v) : k.key(v);
      if (typeof key === 'number' && (key & 0xffff) === key) {
        g = dense[key];
        if (!g) made.push((dense[key] = g = new GroupState([v], aggs)));
      } else {
        g = groups.get(key);
        if (!g) {
          groups.set(key, (g = new GroupState([v], aggs)));
          made.push(g);
        }
      }
    } else {
      const keyValues: Value[] = new Array(nKeys);
      let key = '';
      for (let i = 0; i < nKeys; i++) {
        const k = groupKeys[i]!;
        const v = (keyValues[i] = k.evaluate(row, ctx));
        key = i === 0 ? k.key(v) : `${key}\u0003${k.key(v)}`;
      }
      g = groups.get(key);
      if (!g) {
        groups.set(key, (g = new GroupState(keyValues, aggs)));
        made.push(g);
      }
    }
    for (let i = 0; i < nAggs; i++) {
      const a = aggs[i]!;
      if (a.filter && a.filter(row, ctx) !== true) continue;
      const n = a.args.length;
      const args: Value[] = a.freshArgs ? new Array(n) : scratch[i]!;
      let hasNull = false;
      for (let j = 0; j < n; j++) if ((args[j] = a.args[j]!(row, ctx)) === null) hasNull = true;
      if (a.strict && hasNull) continue;
      if (a.distinctKey) {
        const dk = a.distinctKey(args);
        if (g.seen[i]!.has(dk)) continue;
        g.seen[i]!.add(dk);
      }
      if (a.order) g.pending[i]!.push({ key: a.order.evaluate.map((e) => e(row, ctx)), args });
      else g.accs[i]!.add(args);
    }
  };
  if (typeof input === 'function') input(consume);
  else for (const row of input) consume(row);
  if (only) made.push(only);
  // Without GROUP BY an aggregate query returns one row even for empty input.
  if (made.length === 0 && groupKeys.length === 0) made.push(new GroupState([], aggs));
  for (const g of made) {
    aggs.forEach((a, i) => {
      if (!a.order) return;
      const items = g.pending[i]!;
      items.sort((x, y) => a.order!.compare(x.key, y.key));
      for (const it of items) g.accs[i]!.add(it.args);
    });
    yield [...g.keyValues, ...g.accs.map((acc) => acc.result())];
  }
}
