/**
 * Index selection for a single-table FROM: WHERE conjuncts `column op expression` (op one of = < <= > >=,
 * either side, and BETWEEN) whose expression uses no column of the table are matched against the
 * relation's indexes (primary key first). An index whose every column is fixed by equality gives a
 * point lookup; otherwise the index with the longest equality-fixed prefix, then a bound on its next
 * column, gives a range scan. The whole WHERE still filters the rows, so an access only has to return
 * a superset (with two bounds on one side, the first is used).
 */
import { type Value, T } from '@heliosdb/types';
import { analyzeExpr } from '../analyzer/analyze-expression.js';
import { coerceExpr } from '../analyzer/coerce.js';
import { Scope } from '../analyzer/scope.js';
import { isUnknown } from '../analyzer/sql-type.js';
import type { EvalContext, Expr } from '../expressions/expr.js';
import { type Node, nodeAs, stringOf } from '../parser/ast.js';
import { type IndexAccess, type PlanEnv, analyzeCtx } from './plan-select.js';
import type { IndexRange, RelationIndex } from './relation-source.js';

const INT_RANK: Record<string, number> = { int2: 0, int4: 1, int8: 2 };

function conjuncts(node: Node): Node[] {
  const b = nodeAs(node, 'BoolExpr');
  if (b && b.boolop === 'AND_EXPR') return (b.args ?? []).flatMap(conjuncts);
  return [node];
}

function columnOf(node: Node | undefined, table: string, alias: string | undefined): string | undefined {
  const c = node && nodeAs(node, 'ColumnRef');
  const fields = c?.fields ?? [];
  if (!c || fields.some((f) => !nodeAs(f, 'String'))) return undefined;
  const names = fields.map(stringOf);
  if (names.length === 1) return names[0];
  if (names.length === 2 && names[0] === (alias ?? table)) return names[1];
  return undefined;
}

/** A comparison `column op value` as seen from the column: the operator after moving the column to the left. */
const FLIP: Record<string, string> = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

interface Bound {
  readonly value: Expr;
  readonly inclusive: boolean;
  /** The WHERE conjunct it comes from. */
  readonly from: Node;
}

/**
 * Column types whose index order and equality are exactly those of the SQL comparison operators (integers,
 * text in the C collation): an access over them returns exactly the rows its conjuncts accept. (Floats are not
 * here: -0 and 0 are equal but encoded apart; NaN's place differs.)
 */
const EXACT_KEY_TYPES = new Set(['int2', 'int4', 'int8', 'text']);

export function chooseIndexAccess(item: Node, where: Node, outer: Scope | undefined, env: PlanEnv): PlanEnv {
  const rv = nodeAs(item, 'RangeVar');
  if (!rv || rv.schemaname || env.ctes.has(rv.relname!) || env.catalog.view?.(rv.relname!)) return env;
  const rel = env.catalog.lookup(rv.relname!);
  if (!rel?.indexes?.length || !rel.lookup) return env;
  const alias = rv.alias?.aliasname;
  const fixed = new Map<number, { value: Expr; from: Node }>();
  const lower = new Map<number, Bound>();
  const upper = new Map<number, Bound>();

  /** `value` as a key value for column idx, or undefined when the index cannot take it. */
  const keyValue = (idx: number, valueSide: Node): Expr | undefined => {
    let value: Expr;
    try {
      // Analysed with no columns in scope: it fails if the expression reads the table.
      value = analyzeExpr(valueSide, analyzeCtx(Scope.empty(outer), env, 'WHERE'));
    } catch {
      return undefined;
    }
    const type = rel.columns[idx]!.type;
    // Only a value of the column's own type (or an untyped literal) keeps the index's ordering exact.
    const widening = !isUnknown(value.type) && !value.type.array && !type.array && (INT_RANK[value.type.name] ?? 9) <= (INT_RANK[type.name] ?? -1);
    if (!isUnknown(value.type) && !widening && (value.type.name !== type.name || value.type.array !== type.array)) return undefined;
    try {
      return coerceExpr(value, isUnknown(type) ? T.text : type, 'implicit');
    } catch {
      return undefined;
    }
  };
  const columnIndex = (node: Node | undefined): number => {
    const name = columnOf(node, rv.relname!, alias);
    return name === undefined ? -1 : rel.columns.findIndex((col) => col.name === name);
  };
  const note = (idx: number, op: string, valueSide: Node, from: Node): void => {
    if (op === '=') {
      if (fixed.has(idx)) return;
      const v = keyValue(idx, valueSide);
      if (v) fixed.set(idx, { value: v, from });
      return;
    }
    const side = op === '>' || op === '>=' ? lower : upper;
    if (side.has(idx)) return;
    const v = keyValue(idx, valueSide);
    if (v) side.set(idx, { value: v, inclusive: op.length === 2, from });
  };

  const all = conjuncts(where);
  for (const c of all) {
    const a = nodeAs(c, 'A_Expr');
    if (!a) continue;
    if (a.kind === 'AEXPR_BETWEEN') {
      const idx = columnIndex(a.lexpr);
      const range = a.rexpr && nodeAs(a.rexpr, 'List');
      const [lo, hi] = range?.items ?? [];
      if (idx >= 0 && lo && hi) {
        note(idx, '>=', lo, c);
        note(idx, '<=', hi, c);
      }
      continue;
    }
    if (a.kind !== 'AEXPR_OP') continue;
    const op = (a.name ?? []).map(stringOf).join('.');
    if (!(op in FLIP)) continue;
    const left = columnIndex(a.lexpr);
    if (left >= 0 && a.rexpr) note(left, op, a.rexpr, c);
    const right = columnIndex(a.rexpr);
    if (right >= 0 && a.lexpr) note(right, FLIP[op]!, a.lexpr, c);
  }

  // A point lookup when an index has every column fixed (the primary key first), else the index with
  // the longest fixed prefix followed by a bounded column, else the longest fixed prefix alone.
  let best: { index: RelationIndex; prefix: number; bounded: boolean } | undefined;
  for (const index of rel.indexes) {
    let prefix = 0;
    while (prefix < index.columns.length && fixed.has(index.columns[prefix]!)) prefix++;
    const next = index.columns[prefix];
    const bounded = next !== undefined && (lower.has(next) || upper.has(next));
    if (prefix === 0 && !bounded) continue;
    const score = (x: { index: RelationIndex; prefix: number; bounded: boolean }) =>
      (x.prefix === x.index.columns.length ? 1e6 : 0) + x.prefix * 2 + (x.bounded ? 1 : 0);
    const candidate = { index, prefix, bounded };
    if (!best || score(candidate) > score(best)) best = candidate;
  }
  if (!best) return env;
  const { index, prefix, bounded } = best;
  const keys = index.columns.slice(0, prefix).map((c) => fixed.get(c)!.value.evaluate);
  const next = index.columns[prefix];
  const lo = bounded && next !== undefined ? lower.get(next) : undefined;
  const hi = bounded && next !== undefined ? upper.get(next) : undefined;
  // Does the access return exactly the rows the WHERE accepts? When every conjunct is one it applied, on
  // columns whose order is exact, and a BETWEEN gave both of its bounds, the WHERE need not run per row.
  const used = new Set<Node>(index.columns.slice(0, prefix).map((c) => fixed.get(c)!.from));
  if (lo) used.add(lo.from);
  if (hi) used.add(hi.from);
  const between = (n: Node) => nodeAs(n, 'A_Expr')?.kind === 'AEXPR_BETWEEN';
  const exactColumns = index.columns.slice(0, prefix + (bounded ? 1 : 0)).every((c) => {
    const t = rel.columns[c]!.type;
    return !t.array && EXACT_KEY_TYPES.has(t.name);
  });
  const covers =
    exactColumns &&
    rel.range !== undefined &&
    all.every((c) => used.has(c)) &&
    [...used].every((c) => !between(c) || (lo?.from === c && hi?.from === c));
  const bound = (b: Bound | undefined) => b && { value: (ctx: EvalContext): Value => b.value.evaluate([], ctx), inclusive: b.inclusive };
  const access = new Map(env.access ?? []);
  access.set(item, {
    index: index.name,
    point: prefix === index.columns.length,
    covers,
    key: (ctx) => keys.map((k): Value => k([], ctx)),
    ...(lo && { lower: bound(lo) }),
    ...(hi && { upper: bound(hi) }),
  });
  return { ...env, access };
}

/**
 * The key range an access reads, or null when it reads nothing: a NULL key value or bound matches no
 * row (comparisons with NULL are never true).
 */
export function accessRange(access: IndexAccess, ctx: EvalContext): IndexRange | null {
  const eq = access.key(ctx);
  if (eq.some((v) => v === null)) return null;
  const lower = access.lower && { values: [access.lower.value(ctx)], inclusive: access.lower.inclusive };
  const upper = access.upper && { values: [access.upper.value(ctx)], inclusive: access.upper.inclusive };
  if (lower?.values[0] === null || upper?.values[0] === null) return null;
  return { eq, ...(lower && { lower }), ...(upper && { upper }) };
}
