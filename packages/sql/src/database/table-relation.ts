/**
 * Storage tables as the planner's RelationSource: visible (not dropped) columns, full scans, point
 * lookups and range scans through the primary key or a secondary index.
 */
import type { Value } from '@heliosdb/types';
import type { Reader, TableDef } from '@heliosdb/storage';
import type { Row } from '../expressions/expr.js';
import type { RelationIndex, RelationSource } from '../planner/relation-source.js';

/** Storage slots of the visible columns, in order. */
export function visibleSlots(table: TableDef): number[] {
  return table.columns.flatMap((c, i) => (c.dropped ? [] : [i]));
}

function* indexRows(rows: Iterable<{ values: Value[] }>, project: (values: Value[]) => Row): Generator<Row> {
  for (const r of rows) yield project(r.values);
}

function* projected(rows: Iterable<Value[]>, project: (values: Value[]) => Row): Generator<Row> {
  for (const values of rows) yield project(values);
}

export function tableRelation(reader: Reader, table: TableDef, pkName: (t: TableDef) => string | undefined): RelationSource {
  const slots = visibleSlots(table);
  const toVisible = new Map(slots.map((s, i) => [s, i]));
  // With no dropped columns the decoded values are the row: decoding gives a fresh array per row, with
  // every column (NULL for columns added after the row was written).
  const identity = slots.length === table.columns.length;
  const project: (values: Value[]) => Row = identity ? (values) => values : (values) => slots.map((s) => values[s] ?? null);
  const indexes: RelationIndex[] = [];
  const pk = table.primaryKey;
  const pkIndexName = pkName(table);
  if (pk && pkIndexName) indexes.push({ name: pkIndexName, columns: pk.columns.map((c) => toVisible.get(c)!), unique: true });
  for (const ix of reader.catalog.indexesOf(table.id)) {
    if (ix.columns.every((c) => toVisible.has(c))) indexes.push({ name: ix.name, columns: ix.columns.map((c) => toVisible.get(c)!), unique: ix.unique });
  }
  return {
    name: table.name,
    columns: slots.map((s) => ({ name: table.columns[s]!.name, type: table.columns[s]!.type, table: table.name })),
    indexes,
    scan(_ctx, columns) {
      // Values only (no row keys): the LMDB backend decodes each row straight from its read buffer, and only
      // the columns the query reads.
      const rows = columns ? reader.scanColumns(table, columns.map((c) => slots[c]!)) : reader.scanValues(table);
      return identity ? rows : projected(rows, project);
    },
    // Push form: one array for every row (aggregation and hash joins keep values, not rows). Without dropped
    // columns only: the storage positions are then the row's.
    ...(identity && {
      scanEach(_ctx, columns, sink) {
        reader.eachColumns(table, columns ?? slots, sink);
      },
    }),
    lookup(index, key) {
      if (key.some((v) => v === null)) return [];
      if (pk && index === pkIndexName) {
        const row = reader.get(table, key);
        return row ? [project(row)] : [];
      }
      return indexRows(reader.indexScan(reader.index(index, table.schema), { eq: key }), project);
    },
    range(index, range, _ctx, columns) {
      if (pk && index === pkIndexName) {
        const rows = columns ? reader.scanColumns(table, columns.map((c) => slots[c]!), range) : reader.scanValues(table, range);
        return identity ? rows : projected(rows, project);
      }
      return indexRows(reader.indexScan(reader.index(index, table.schema), range), project);
    },
  };
}
