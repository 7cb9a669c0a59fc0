import type { Value } from '@heliosdb/types';
import type { Catalog } from '../catalog/catalog.js';
import type { IndexDef, TableDef } from '../catalog/catalog-types.js';
import type { TableLayout } from '../catalog/table-layout.js';
import { columnsDecoder, decodeRow, decodeRowColumns } from '../encoding/row-codec.js';
import { StorageError } from '../errors.js';
import type { KvEntry } from '../kv/kv.js';
import { prefixEnd } from '../kv/kv.js';
import { readChangedKeys, readChanges, type ChangedKeys, type ChangeSet } from './change-log.js';
import type { ReadView } from './read-view.js';

/** A row as the iterators return it: its key bytes (for update/delete) and its values in column order. */
export interface Row {
  readonly key: Buffer;
  readonly values: Value[];
}

/** One end of a key range over leading key columns. */
export interface KeyBound {
  readonly values: readonly Value[];
  readonly inclusive: boolean;
}

/**
 * A range over a primary key or index: `eq` fixes leading columns; `lower`/`upper` bound the next ones.
 * Rows whose bounded column is NULL are outside any range with a bound, as in SQL comparisons.
 */
export interface KeyRange {
  readonly eq?: readonly Value[];
  readonly lower?: KeyBound;
  readonly upper?: KeyBound;
}

/** NULL marker byte in key encoding (key-codec.ts): the first byte of a NULL column. */
const NULL_MARK = Buffer.of(0x02);

/** Read operations shared by snapshots and transactions. */
export abstract class Reader {
  protected abstract view: ReadView;
  abstract readonly catalog: Catalog;
  /** The LSN of the last commit this reader sees. */
  abstract readonly lsn: bigint;
  protected abstract assertOpen(): void;

  table(name: string, schema = 'public'): TableDef {
    return this.catalog.table(name, schema);
  }

  index(name: string, schema = 'public'): IndexDef {
    return this.catalog.index(name, schema);
  }

  protected layoutOf(table: TableDef): TableLayout {
    this.assertOpen();
    // Row after row goes to one table: remember the last answer while the catalog is the same object.
    const catalog = this.catalog;
    if (table === this.lastTable && catalog === this.lastCatalog) return this.lastLayout!;
    const current = catalog.tableById(table.id);
    if (!current) throw new StorageError('42P01', `relation "${table.name}" does not exist`);
    const l = catalog.layout(current);
    this.lastTable = table;
    this.lastCatalog = catalog;
    this.lastLayout = l;
    return l;
  }
  private lastTable: TableDef | undefined;
  private lastCatalog: Catalog | undefined;
  private lastLayout: TableLayout | undefined;

  /** The row with these primary-key values (in key order), or null. */
  get(table: TableDef, pk: readonly Value[]): Value[] | null {
    const l = this.layoutOf(table);
    // Decoding copies every value out, so the bytes may be the backend's shared read buffer.
    const raw = this.view.getTransient(l.pkKey(pk));
    return raw ? decodeRow(l.shape, raw) : null;
  }

  /** The row stored under a row key (as returned by the iterators), or null. */
  getByKey(table: TableDef, key: Buffer): Value[] | null {
    const l = this.layoutOf(table);
    const raw = this.view.get(key);
    return raw ? decodeRow(l.shape, raw) : null;
  }

  /** All rows in primary-key (or row id) order, streamed. */
  *scan(table: TableDef, range?: KeyRange): Generator<Row> {
    const l = this.layoutOf(table);
    const [start, end] = range ? this.bounds(l.prefix, l.end, range, (v) => l.pkKey(v)) : [l.prefix, l.end];
    const shape = l.shape;
    for (const e of this.view.range(start, end)) yield { key: e.key, values: decodeRow(shape, e.value) };
  }

  /**
   * The rows' values only, in primary-key order: `scan` without the row keys, which lets the LMDB
   * backend decode each row straight from its read buffer (no key or value copy per row).
   */
  scanValues(table: TableDef, range?: KeyRange): Iterable<Value[]> {
    const l = this.layoutOf(table);
    const [start, end] = range ? this.bounds(l.prefix, l.end, range, (v) => l.pkKey(v)) : [l.prefix, l.end];
    const shape = l.shape;
    return this.view.rangeDecoded(start, end, (bytes) => decodeRow(shape, bytes));
  }

  /**
   * `scanValues` decoding only the columns at `columns` (positions in the table's column list, as in the rows);
   * every other column reads as null. For scans that need a few columns of wider rows.
   */
  scanColumns(table: TableDef, columns: readonly number[], range?: KeyRange): Iterable<Value[]> {
    const l = this.layoutOf(table);
    const [start, end] = range ? this.bounds(l.prefix, l.end, range, (v) => l.pkKey(v)) : [l.prefix, l.end];
    const shape = l.shape;
    const wanted = new Uint8Array(shape.tags.length);
    for (const c of columns) wanted[c] = 1;
    return this.view.rangeDecoded(start, end, (bytes) => decodeRowColumns(shape, bytes, wanted));
  }

  /**
   * `scanColumns` in push form: calls `sink` with each row, in primary-key order, in one array refilled for every
   * row (positions not in `columns` stay NULL). The array is valid only during the call: a sink keeps values,
   * never the array. For aggregations and joins, which need no array per row.
   */
  eachColumns(table: TableDef, columns: readonly number[], sink: (values: Value[]) => void, range?: KeyRange): void {
    const l = this.layoutOf(table);
    const [start, end] = range ? this.bounds(l.prefix, l.end, range, (v) => l.pkKey(v)) : [l.prefix, l.end];
    const shape = l.shape;
    const wanted = new Uint8Array(shape.tags.length);
    for (const c of columns) wanted[c] = 1;
    const decode = columnsDecoder(shape, wanted);
    const out: Value[] = new Array(shape.tags.length).fill(null);
    this.view.eachDecoded(
      start,
      end,
      (bytes) => {
        decode(bytes, out);
        return out;
      },
      sink,
    );
  }

  /** Rows through a secondary index, in index order. */
  *indexScan(index: IndexDef, range: KeyRange = {}): Generator<Row> {
    const table = this.catalog.tableById(index.tableId);
    if (!table) throw new StorageError('42P01', `index "${index.name}": its table no longer exists`);
    const l = this.layoutOf(table);
    const il = l.indexes.find((x) => x.def.id === index.id);
    if (!il) throw new StorageError('42704', `index "${index.name}" does not exist`);
    const [start, end] = this.bounds(il.prefix, il.end, range, (v) => il.valuesKey(v));
    for (const e of this.view.range(start, end)) {
      const rowKey = Buffer.concat([l.prefix, e.value]);
      const raw = this.view.get(rowKey);
      if (!raw) throw new StorageError('XX001', `index "${index.name}" points at a missing row (key ${rowKey.toString('hex')})`);
      yield { key: rowKey, values: decodeRow(l.shape, raw) };
    }
  }

  /** The raw (key, row bytes) pairs of a table at this snapshot, in key order; keys are full row keys. */
  rawRows(table: TableDef): Iterable<KvEntry> {
    const l = this.layoutOf(table);
    return this.view.range(l.prefix, l.end);
  }

  /** Rows upserted and deleted and catalog changes after `lsn`, as of this reader's snapshot. */
  changesSince(lsn: bigint): ChangeSet {
    this.assertOpen();
    return readChanges(this.view, lsn, this.lsn, new Set(this.catalog.tables.map((t) => t.id)));
  }

  /** The row keys (not the rows) touched after `lsn`, as of this reader's snapshot; read each with rawRowTransient. */
  changedKeysSince(lsn: bigint): ChangedKeys {
    this.assertOpen();
    return readChangedKeys(this.view, lsn, this.lsn, new Set(this.catalog.tables.map((t) => t.id)));
  }

  /** A row's bytes by full row key, in a buffer valid only until this reader's next read (copy what you keep). */
  rawRowTransient(key: Buffer): Buffer | undefined {
    return this.view.getTransient(key);
  }

  private bounds(prefix: Buffer, end: Buffer, r: KeyRange, key: (v: readonly Value[]) => Buffer): [Buffer, Buffer] {
    const eq = r.eq ?? [];
    const base = eq.length ? key(eq) : prefix;
    let start = base;
    let stop = eq.length ? prefixEnd(base) : end;
    if (r.lower) {
      const k = key([...eq, ...r.lower.values]);
      start = r.lower.inclusive ? k : prefixEnd(k);
    }
    if (r.upper) {
      const k = key([...eq, ...r.upper.values]);
      stop = r.upper.inclusive ? prefixEnd(k) : k;
    } else if (r.lower) {
      stop = Buffer.concat([base, NULL_MARK]);
    }
    return [start, stop];
  }
}
