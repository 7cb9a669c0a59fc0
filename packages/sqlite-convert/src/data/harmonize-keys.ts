/**
 * A foreign key's columns and the columns it references must end up with the same PostgreSQL type: the engine
 * compares key bytes, and an int8 child cannot find a text parent. When the decisions differ, both sides become
 * int8 (two integer sizes) or text (anything else), repeated until every foreign key agrees.
 */
import { T, formatTypeName } from '@heliosdb/types';
import type { ColumnDecision, Conversion } from './decide-type.js';
import type { ColumnPlan, TablePlan } from './scan-table.js';

const INTEGER: ReadonlySet<Conversion> = new Set(['int2', 'int4', 'int8']);
const TEXTUAL: ReadonlySet<Conversion> = new Set(['text', 'widen']);

export function harmonizeForeignKeys(plans: readonly TablePlan[]): void {
  const byName = new Map(plans.map((p) => [p.table.name.toLowerCase(), p]));
  for (let changed = true, rounds = 0; changed && rounds < 100; rounds++) {
    changed = false;
    for (const child of plans) {
      for (const fk of child.table.foreignKeys) {
        const parent = byName.get(fk.refTable.toLowerCase());
        if (!parent) continue;
        const parentPk = parent.table.columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
        fk.columns.forEach((name, i) => {
          const refName = fk.refColumns[i] ?? parentPk[i];
          const a = column(child, name);
          const b = refName === undefined ? undefined : column(parent, refName);
          if (!a || !b || sameKeyType(a.decision, b.decision)) return;
          const bothInt = INTEGER.has(a.decision.conversion) && INTEGER.has(b.decision.conversion);
          const why = `to match foreign key ${child.table.name}(${a.name}) -> ${parent.table.name}(${b.name})`;
          for (const side of [a, b]) {
            if (bothInt && side.decision.conversion !== 'int8') changed = retype(side, 'int8', why) || changed;
            if (!bothInt && side.decision.conversion !== 'widen') changed = retype(side, 'widen', why) || changed;
          }
        });
      }
    }
  }
}

function column(p: TablePlan, name: string): ColumnPlan | undefined {
  return p.columns.find((c) => c.name === name) ?? p.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
}

function sameKeyType(a: ColumnDecision, b: ColumnDecision): boolean {
  if (TEXTUAL.has(a.conversion) && TEXTUAL.has(b.conversion)) return true;
  return formatTypeName(a.type) === formatTypeName(b.type);
}

function retype(c: ColumnPlan, to: 'int8' | 'widen', why: string): boolean {
  const d = c.decision;
  if (to === 'widen' && TEXTUAL.has(d.conversion) && d.type.name === 'text') return false;
  const type = to === 'int8' ? T.int8 : T.text;
  const note = `${formatTypeName(d.type)} -> ${formatTypeName(type)} ${why}`;
  (c as { decision: ColumnDecision }).decision = {
    ...d,
    type,
    conversion: to === 'int8' ? 'int8' : d.conversion === 'text' ? 'text' : 'widen',
    decision: `${d.decision}; ${note}`,
    warnings: to === 'widen' ? [...d.warnings, `widened: ${note}`] : d.warnings,
    notes: to === 'int8' ? [...d.notes, note] : d.notes,
  };
  return true;
}
