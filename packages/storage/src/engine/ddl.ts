import type { Catalog } from '../catalog/catalog.js';
import type { CatalogData, ColumnDef, ForeignKeyDef, IndexDef, SequenceDef, TableDef, ViewDef } from '../catalog/catalog-types.js';
import type { AlterAction, ColumnSpec, ForeignKeySpec, IndexSpec, SequenceSpec, TableSpec } from '../catalog/ddl-specs.js';
import {
  duplicateColumn,
  duplicateObject,
  notNullViolation,
  StorageError,
  undefinedColumn,
  undefinedObject,
  undefinedTable,
} from '../errors.js';
import { prefixEnd } from '../kv/kv.js';
import { idPrefix, Space } from '../keyspace.js';
import type { Transaction } from './transaction.js';

/**
 * DDL: each function computes the next catalog document and hands it to the transaction, which
 * records the change for the change log. Nothing is written to the keyspace before COMMIT.
 */
const INT8_MAX = 9223372036854775807n;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function position(t: TableDef, column: string): number {
  const i = t.columns.findIndex((c) => c.name === column && !c.dropped);
  if (i < 0) throw undefinedColumn(column, t.name);
  return i;
}

function assertSchema(cat: Catalog, schema: string): void {
  if (!cat.schemas.includes(schema)) throw undefinedObject('schema', schema);
}

export function createSchema(tx: Transaction, name: string): void {
  const d = tx.catalog.data;
  if (d.schemas.includes(name)) throw duplicateObject('schema', name);
  tx.setCatalog({ ...d, schemas: [...d.schemas, name] }, { op: 'created', kind: 'schema', id: 0, schema: name, name });
}

export function dropSchema(tx: Transaction, name: string): void {
  const d = tx.catalog.data;
  if (!d.schemas.includes(name)) throw undefinedObject('schema', name);
  const used = [...d.tables, ...d.views, ...d.sequences, ...d.indexes].some((x) => x.schema === name);
  if (used) throw new StorageError('2BP01', `cannot drop schema ${name} because other objects depend on it`);
  tx.setCatalog({ ...d, schemas: d.schemas.filter((s) => s !== name) }, { op: 'dropped', kind: 'schema', id: 0, schema: name, name });
}

function newSequence(d: Mutable<CatalogData>, schema: string, name: string, spec: Partial<SequenceSpec>, maxFor: bigint): SequenceDef {
  const inc = spec.increment ?? 1n;
  const min = spec.min ?? (inc > 0n ? 1n : -maxFor);
  const max = spec.max ?? (inc > 0n ? maxFor : -1n);
  const seq: SequenceDef = {
    id: d.nextId++,
    schema,
    name,
    start: String(spec.start ?? (inc > 0n ? min : max)),
    increment: String(inc),
    min: String(min),
    max: String(max),
    cycle: spec.cycle ?? false,
  };
  d.sequences = [...d.sequences, seq];
  return seq;
}

function columnDef(d: Mutable<CatalogData>, tx: Transaction, schema: string, table: string, c: ColumnSpec): { col: ColumnDef; seq?: SequenceDef } {
  if (!c.serial && !c.identity) return { col: { name: c.name, type: c.type, notNull: c.notNull ?? false, default: c.default ?? null, identity: null } };
  const max = c.type.name === 'int2' ? 32767n : c.type.name === 'int4' ? 2147483647n : INT8_MAX;
  const seqName = `${table}_${c.name}_seq`;
  tx.catalog.assertNameFree(seqName, schema);
  const seq = newSequence(d, schema, seqName, {}, max);
  const def = c.serial ? `nextval('${schema === 'public' ? '' : schema + '.'}${seqName}'::regclass)` : null;
  return {
    col: { name: c.name, type: c.type, notNull: true, default: def, identity: c.identity ?? null, sequenceId: seq.id },
    seq,
  };
}

function foreignKeyDef(cat: Catalog, self: TableDef, spec: ForeignKeySpec): ForeignKeyDef {
  const parent = spec.refTable === self.name && (spec.refSchema ?? self.schema) === self.schema ? self : cat.table(spec.refTable, spec.refSchema ?? self.schema);
  const refColumns = spec.refColumns
    ? spec.refColumns.map((c) => position(parent, c))
    : parent.primaryKey?.columns ?? cat.indexesOf(parent.id).find((x) => x.primary)?.columns ?? [];
  if (refColumns.length === 0) throw new StorageError('42830', `there is no primary key for referenced table "${parent.name}"`);
  const columns = spec.columns.map((c) => position(self, c));
  if (columns.length !== refColumns.length)
    throw new StorageError('42830', `number of referencing and referenced columns for foreign key disagree`);
  return {
    name: spec.name ?? `${self.name}_${spec.columns.join('_')}_fkey`,
    columns,
    refTableId: parent.id,
    refColumns,
    onDelete: spec.onDelete ?? 'no action',
    onUpdate: spec.onUpdate ?? 'no action',
  };
}

export function createTable(tx: Transaction, spec: TableSpec): TableDef {
  const schema = spec.schema ?? 'public';
  const cat = tx.catalog;
  assertSchema(cat, schema);
  cat.assertNameFree(spec.name, schema);
  const d: Mutable<CatalogData> = { ...cat.data };
  const names = new Set<string>();
  const columns: ColumnDef[] = [];
  const owned: SequenceDef[] = [];
  for (const c of spec.columns) {
    if (names.has(c.name)) throw duplicateColumn(c.name, spec.name);
    names.add(c.name);
    const { col, seq } = columnDef(d, tx, schema, spec.name, c);
    columns.push(col);
    if (seq) owned.push(seq);
  }
  const id = d.nextId++;
  const table: Mutable<TableDef> = { id, schema, name: spec.name, columns, primaryKey: null, foreignKeys: [], checks: [] };
  if (spec.primaryKey) {
    const pk = spec.primaryKey.columns.map((c) => position(table, c));
    table.columns = columns.map((c, i) => (pk.includes(i) ? { ...c, notNull: true } : c));
    table.primaryKey = { name: spec.primaryKey.name ?? `${spec.name}_pkey`, columns: pk };
  }
  table.checks = (spec.checks ?? []).map((c, i) => ({ name: c.name ?? `${spec.name}_check${i === 0 ? '' : i}`, expression: c.expression }));
  table.foreignKeys = (spec.foreignKeys ?? []).map((f) => foreignKeyDef(tx.catalog, table, f));
  d.sequences = d.sequences.map((s) => {
    const o = owned.find((x) => x.id === s.id);
    return o ? { ...s, ownedBy: { tableId: id, column: columns.findIndex((c) => c.sequenceId === s.id) } } : s;
  });
  d.tables = [...d.tables, table];
  tx.setCatalog(d, { op: 'created', kind: 'table', id, schema, name: spec.name });
  for (const u of spec.unique ?? []) createIndex(tx, { schema, table: spec.name, columns: u.columns, unique: true, ...(u.name ? { name: u.name } : {}) }, true);
  return tx.catalog.tableById(id)!;
}

export function dropTable(tx: Transaction, name: string, schema = 'public'): void {
  const cat = tx.catalog;
  const t = cat.table(name, schema);
  const dependent = cat.tables.find((c) => c.id !== t.id && c.foreignKeys.some((f) => f.refTableId === t.id));
  if (dependent)
    throw new StorageError('2BP01', `cannot drop table ${name} because other objects depend on it`, `constraint on table ${dependent.name} depends on table ${name}`);
  const indexes = cat.indexesOf(t.id);
  const rows = idPrefix(Space.Row, t.id);
  tx.clearRange(rows, prefixEnd(rows));
  for (const i of indexes) {
    const p = idPrefix(Space.Index, i.id);
    tx.clearRange(p, prefixEnd(p));
  }
  const d = cat.data;
  tx.setCatalog(
    {
      ...d,
      tables: d.tables.filter((x) => x.id !== t.id),
      indexes: d.indexes.filter((x) => x.tableId !== t.id),
      sequences: d.sequences.filter((s) => s.ownedBy?.tableId !== t.id),
    },
    { op: 'dropped', kind: 'table', id: t.id, schema, name },
  );
}

/** `build` false: the catalog entry only, for a caller that writes the entries itself (sorted-index-build.ts). */
export function createIndex(tx: Transaction, spec: IndexSpec, constraint = false, build = true): IndexDef {
  const schema = spec.schema ?? 'public';
  const cat = tx.catalog;
  const t = cat.table(spec.table, schema);
  const columns = spec.columns.map((c) => position(t, c));
  const primary = spec.constraint === 'primary key';
  const name = spec.name ?? (primary ? `${t.name}_pkey` : `${t.name}_${spec.columns.join('_')}_${spec.unique ? 'key' : 'idx'}`);
  if (primary && (t.primaryKey || cat.indexesOf(t.id).some((x) => x.primary))) throw new StorageError('42P16', `multiple primary keys for table "${t.name}" are not allowed`);
  cat.assertNameFree(name, schema);
  const d = cat.data;
  const def: IndexDef = {
    id: d.nextId,
    schema,
    name,
    tableId: t.id,
    columns,
    unique: primary || (spec.unique ?? false),
    constraint: constraint || spec.constraint !== undefined,
    ...(primary ? { primary: true } : {}),
  };
  tx.setCatalog({ ...d, nextId: d.nextId + 1, indexes: [...d.indexes, def] }, { op: 'altered', kind: 'table', id: t.id, schema, name: t.name });
  // Builds the entries from the rows, checking uniqueness as it goes.
  if (build) tx.rebuildIndexes(tx.catalog.tableById(t.id)!);
  return def;
}

export function dropIndex(tx: Transaction, name: string, schema = 'public'): void {
  const cat = tx.catalog;
  const i = cat.index(name, schema);
  const p = idPrefix(Space.Index, i.id);
  tx.clearRange(p, prefixEnd(p));
  const t = cat.tableById(i.tableId)!;
  const d = cat.data;
  tx.setCatalog({ ...d, indexes: d.indexes.filter((x) => x.id !== i.id) }, { op: 'altered', kind: 'table', id: t.id, schema: t.schema, name: t.name });
}

export function createSequence(tx: Transaction, spec: SequenceSpec): SequenceDef {
  const schema = spec.schema ?? 'public';
  assertSchema(tx.catalog, schema);
  tx.catalog.assertNameFree(spec.name, schema);
  const d: Mutable<CatalogData> = { ...tx.catalog.data };
  const seq = newSequence(d, schema, spec.name, spec, INT8_MAX);
  tx.setCatalog(d, { op: 'created', kind: 'sequence', id: seq.id, schema, name: spec.name });
  return seq;
}

export function dropSequence(tx: Transaction, name: string, schema = 'public'): void {
  const s = tx.catalog.sequence(name, schema);
  const d = tx.catalog.data;
  tx.setCatalog({ ...d, sequences: d.sequences.filter((x) => x.id !== s.id) }, { op: 'dropped', kind: 'sequence', id: s.id, schema, name });
}

export function createView(tx: Transaction, spec: { schema?: string; name: string; definition: string; columns: readonly string[] }): ViewDef {
  const schema = spec.schema ?? 'public';
  assertSchema(tx.catalog, schema);
  tx.catalog.assertNameFree(spec.name, schema);
  const d = tx.catalog.data;
  const view: ViewDef = { id: d.nextId, schema, name: spec.name, definition: spec.definition, columns: spec.columns };
  tx.setCatalog({ ...d, nextId: d.nextId + 1, views: [...d.views, view] }, { op: 'created', kind: 'view', id: view.id, schema, name: spec.name });
  return view;
}

export function dropView(tx: Transaction, name: string, schema = 'public'): void {
  const v = tx.catalog.view(name, schema);
  if (!v) throw undefinedTable(name);
  const d = tx.catalog.data;
  tx.setCatalog({ ...d, views: d.views.filter((x) => x.id !== v.id) }, { op: 'dropped', kind: 'view', id: v.id, schema, name });
}

export function alterTable(tx: Transaction, name: string, action: AlterAction, schema = 'public'): TableDef {
  const cat = tx.catalog;
  const t = cat.table(name, schema);
  const d: Mutable<CatalogData> = { ...cat.data };
  const next: Mutable<TableDef> = { ...t };
  const setColumn = (col: string, f: (c: ColumnDef) => ColumnDef) => {
    const i = position(t, col);
    next.columns = t.columns.map((c, j) => (j === i ? f(c) : c));
  };
  switch (action.kind) {
    case 'addColumn': {
      if (t.columns.some((c) => c.name === action.column.name && !c.dropped)) throw duplicateColumn(action.column.name, name);
      const { col, seq } = columnDef(d, tx, schema, name, action.column);
      // Existing rows have fewer columns and read NULL for this one, so NOT NULL needs an empty table.
      if (col.notNull && tx.scan(t).next().done !== true) throw notNullViolation(name, col.name);
      next.columns = [...t.columns, col];
      if (seq) d.sequences = d.sequences.map((s) => (s.id === seq.id ? { ...s, ownedBy: { tableId: t.id, column: t.columns.length } } : s));
      break;
    }
    case 'dropColumn': {
      const i = position(t, action.column);
      if (t.primaryKey?.columns.includes(i) || cat.indexesOf(t.id).some((x) => x.columns.includes(i)))
        throw new StorageError('2BP01', `cannot drop column ${action.column} of table ${name} because other objects depend on it`);
      next.columns = t.columns.map((c, j) => (j === i ? { ...c, dropped: true, notNull: false } : c));
      break;
    }
    case 'renameColumn':
      if (t.columns.some((c) => c.name === action.to && !c.dropped)) throw duplicateColumn(action.to, name);
      setColumn(action.from, (c) => ({ ...c, name: action.to }));
      break;
    case 'renameTable':
      cat.assertNameFree(action.to, schema);
      next.name = action.to;
      break;
    case 'setNotNull': {
      const i = position(t, action.column);
      for (const r of tx.scan(t)) if (r.values[i] === null) throw notNullViolation(name, action.column);
      setColumn(action.column, (c) => ({ ...c, notNull: true }));
      break;
    }
    case 'dropNotNull':
      if (t.primaryKey?.columns.includes(position(t, action.column)))
        throw new StorageError('42P16', `column "${action.column}" is in a primary key`);
      setColumn(action.column, (c) => ({ ...c, notNull: false }));
      break;
    case 'setDefault':
      setColumn(action.column, (c) => ({ ...c, default: action.default }));
      break;
    case 'addCheck':
      next.checks = [...t.checks, { name: action.name ?? `${name}_check${t.checks.length || ''}`, expression: action.expression }];
      break;
    case 'addForeignKey':
      next.foreignKeys = [...t.foreignKeys, foreignKeyDef(cat, t, action.foreignKey)];
      break;
    case 'dropConstraint': {
      const idx = cat.indexesOf(t.id).find((x) => x.constraint && x.name === action.name);
      if (idx) {
        dropIndex(tx, idx.name, schema);
        return tx.catalog.tableById(t.id)!;
      }
      const before = t.checks.length + t.foreignKeys.length;
      next.checks = t.checks.filter((c) => c.name !== action.name);
      next.foreignKeys = t.foreignKeys.filter((f) => f.name !== action.name);
      if (next.checks.length + next.foreignKeys.length === before)
        throw new StorageError('42704', `constraint "${action.name}" of relation "${name}" does not exist`);
      break;
    }
  }
  d.tables = d.tables.map((x) => (x.id === t.id ? next : x));
  tx.setCatalog(d, { op: 'altered', kind: 'table', id: t.id, schema, name: next.name });
  // The table's earlier foreign keys were enforced on every write since they were added: only the new one is checked.
  if (action.kind === 'addForeignKey' && action.existingRowsChecked !== true) tx.verifyForeignKeys(tx.catalog.tableById(t.id)!, t.foreignKeys.length);
  return tx.catalog.tableById(t.id)!;
}
