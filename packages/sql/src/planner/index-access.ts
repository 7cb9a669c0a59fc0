/**
 * Index selection for a single-table FROM: WHERE conjuncts `column = expression` whose expression uses no
 * column of the table are matched against the relation's indexes (primary key first); an index whose
 * every column is fixed that way is used for a point lookup. The whole WHERE still filters the rows,
 * so the lookup only has to return a superset.
 */
import { type Value, T } from '@heliosdb/types';
import { analyzeExpr } from '../analyzer/analyze-expression.js';
import { coerceExpr } from '../analyzer/coerce.js';
import { Scope } from '../analyzer/scope.js';
import { isUnknown } from '../analyzer/sql-type.js';
import type { Expr } from '../expressions/expr.js';
import { type Node, nodeAs, stringOf } from '../parser/ast.js';
import { type PlanEnv, analyzeCtx } from './plan-select.js';

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

export function chooseIndexAccess(item: Node, where: Node, outer: Scope | undefined, env: PlanEnv): PlanEnv {
  const rv = nodeAs(item, 'RangeVar');
  if (!rv || rv.schemaname || env.ctes.has(rv.relname!) || env.catalog.view?.(rv.relname!)) return env;
  const rel = env.catalog.lookup(rv.relname!);
  if (!rel?.indexes?.length || !rel.lookup) return env;
  const alias = rv.alias?.aliasname;
  const fixed = new Map<number, Expr>();
  for (const c of conjuncts(where)) {
    const a = nodeAs(c, 'A_Expr');
    if (!a || a.kind !== 'AEXPR_OP' || (a.name ?? []).map(stringOf).join('.') !== '=') continue;
    for (const [colSide, valueSide] of [[a.lexpr, a.rexpr], [a.rexpr, a.lexpr]] as const) {
      const name = columnOf(colSide, rv.relname!, alias);
      const idx = name === undefined ? -1 : rel.columns.findIndex((col) => col.name === name);
      if (idx < 0 || fixed.has(idx) || !valueSide) continue;
      let value: Expr;
      try {
        // Analysed with no columns in scope: it fails if the expression reads the table.
        value = analyzeExpr(valueSide, analyzeCtx(Scope.empty(outer), env, 'WHERE'));
      } catch {
        continue;
      }
      const type = rel.columns[idx]!.type;
      // Only a value of the column's own type (or an untyped literal) keeps the index's ordering exact.
      const widening = !isUnknown(value.type) && !value.type.array && !type.array && (INT_RANK[value.type.name] ?? 9) <= (INT_RANK[type.name] ?? -1);
      if (!isUnknown(value.type) && !widening && (value.type.name !== type.name || value.type.array !== type.array)) continue;
      try {
        fixed.set(idx, coerceExpr(value, isUnknown(type) ? T.text : type, 'implicit'));
      } catch {
        continue;
      }
    }
  }
  const index = rel.indexes.find((ix) => ix.columns.every((c) => fixed.has(c)));
  if (!index) return env;
  const keys = index.columns.map((c) => fixed.get(c)!.evaluate);
  const access = new Map(env.access ?? []);
  access.set(item, { index: index.name, key: (ctx) => keys.map((k): Value => k([], ctx)) });
  return { ...env, access };
}
