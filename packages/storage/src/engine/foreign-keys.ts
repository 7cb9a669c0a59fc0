import type { Value } from '@heliosdb/types';
import type { Catalog } from '../catalog/catalog.js';
import type { TableDef } from '../catalog/catalog-types.js';
import type { TableLayout } from '../catalog/table-layout.js';
import { valueKey } from '../encoding/key-codec.js';
import { decodeRow } from '../encoding/row-codec.js';
import { show } from '../encoding/value-check.js';
import { foreignKeyMissing, foreignKeyReferenced } from '../errors.js';
import { prefixEnd } from '../kv/kv.js';
import type { ReadView } from './read-view.js';

/**
 * Foreign-key checks at write time, against the transaction's snapshot plus its pending writes (valid
 * because the writer holds the lock). MATCH SIMPLE: a key with any NULL column is not checked.
 */
function* rows(view: ReadView, l: TableLayout): Generator<{ values: Value[] }> {
  for (const e of view.range(l.prefix, l.end)) yield { values: decodeRow(l.shape, e.value) };
}

/** Child side: every non-null foreign key must match a row of the referenced table. */
export function checkForeignKeys(catalog: Catalog, view: ReadView, l: TableLayout, row: readonly Value[]): void {
  for (const fk of l.table.foreignKeys) {
    const vals = fk.columns.map((c) => row[c] ?? null);
    if (vals.some((v) => v === null)) continue;
    const parent = catalog.tableById(fk.refTableId);
    if (!parent) continue;
    if (!parentHas(catalog, view, parent, fk.refColumns, vals)) {
      throw foreignKeyMissing(
        l.table.name,
        fk.name,
        fk.columns.map((c) => l.table.columns[c]!.name).join(', '),
        vals.map(showKey).join(', '),
        parent.name,
      );
    }
  }
}

function parentHas(catalog: Catalog, view: ReadView, parent: TableDef, cols: readonly number[], vals: readonly Value[]): boolean {
  const pl = catalog.layout(parent);
  const pk = parent.primaryKey?.columns;
  if (pk && pk.length === cols.length && pk.every((c, i) => c === cols[i])) return view.get(pl.pkKey(vals)) !== undefined;
  const il = pl.indexes.find((x) => x.def.columns.length >= cols.length && cols.every((c, i) => x.def.columns[i] === c));
  if (il) {
    const p = il.valuesKey(vals);
    return view.probe(p, prefixEnd(p), 1).length > 0;
  }
  for (const r of rows(view, pl)) if (cols.every((c, i) => sameKey(pl, c, r.values[c] ?? null, vals[i] ?? null))) return true;
  return false;
}

/** Parent side (NO ACTION / RESTRICT): a referenced key may not disappear while children point at it. */
export function checkNotReferenced(catalog: Catalog, view: ReadView, l: TableLayout, old: readonly Value[], next: readonly Value[] | null): void {
  for (const child of catalog.tables) {
    for (const fk of child.foreignKeys) {
      if (fk.refTableId !== l.table.id) continue;
      const vals = fk.refColumns.map((c) => old[c] ?? null);
      if (vals.some((v) => v === null)) continue;
      if (next && fk.refColumns.every((c) => sameKey(l, c, old[c] ?? null, next[c] ?? null))) continue;
      const cl = catalog.layout(child);
      const il = cl.indexes.find((x) => fk.columns.every((c, i) => x.def.columns[i] === c));
      let referenced = false;
      if (il) {
        const p = il.valuesKey(vals);
        referenced = view.probe(p, prefixEnd(p), 1).length > 0;
      } else {
        for (const r of rows(view, cl)) {
          if (fk.columns.every((c, i) => sameKey(cl, c, r.values[c] ?? null, vals[i] ?? null))) {
            referenced = true;
            break;
          }
        }
      }
      if (referenced)
        throw foreignKeyReferenced(l.table.name, fk.name, child.name, fk.refColumns.map((c) => l.table.columns[c]!.name).join(', '), vals.map(showKey).join(', '));
    }
  }
}

/** Equality as keys see it (1.5 = 1.50, -0 = 0). */
function sameKey(l: TableLayout, col: number, a: Value, b: Value): boolean {
  if (a === null || b === null) return a === b;
  const t = l.table.columns[col]!.type;
  return valueKey(t, a).equals(valueKey(t, b));
}

/** Values as PostgreSQL prints them in constraint details. */
export function showKey(v: Value): string {
  if (typeof v === 'string') return v;
  return show(v);
}
