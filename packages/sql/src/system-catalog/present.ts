/**
 * Result columns of reg* and vector types leave the engine as text (their output function needs the
 * catalog, which a client's value formatter does not have): the values become their names / space-separated
 * lists and the column keeps its PostgreSQL type OID.
 */
import type { Value } from '@heliosdb/types';
import { SYSTEM_TYPES, type SqlType, systemTypeOf } from '../analyzer/sql-type.js';
import type { EvalContext } from '../expressions/expr.js';
import type { OutputColumn, PlanNode } from '../planner/plan-node.js';
import { systemTypeOut } from './system-casts.js';

function needsOutput(t: SqlType): boolean {
  const s = systemTypeOf(t);
  return s !== undefined && (s.startsWith('reg') || SYSTEM_TYPES[s].vector === true);
}

/** The columns as clients see them, and a row converter (undefined when no column needs one). */
export function presentColumns(columns: readonly OutputColumn[]): { columns: OutputColumn[]; convert?: (row: readonly Value[], ctx: EvalContext) => Value[] } {
  const which = columns.map((c) => needsOutput(c.type));
  if (!which.includes(true)) return { columns: [...columns] };
  const shown = columns.map((c, i) => (which[i] ? { ...c, type: { name: 'text', array: SYSTEM_TYPES[systemTypeOf(c.type)!].vector ? false : c.type.array, system: systemTypeOf(c.type) } as SqlType } : c));
  return {
    columns: shown,
    convert: (row, ctx) => row.map((v, i) => (which[i] ? systemTypeOut(columns[i]!.type, v, ctx) : v)),
  };
}

/** The plan as a client sees it (COPY TO writes these rows). */
export function presentPlan(plan: PlanNode): PlanNode {
  const { columns, convert } = presentColumns(plan.columns);
  if (!convert) return plan;
  return {
    columns,
    *rows(ctx) {
      for (const r of plan.rows(ctx)) yield convert(r, ctx);
    },
  };
}
