import type { Value } from '@heliosdb/types';
import { Catalog } from '../catalog/catalog.js';
import type { CatalogChange, CatalogData, IndexDef, SequenceDef, TableDef, ViewDef } from '../catalog/catalog-types.js';
import type { AlterAction, IndexSpec, SequenceSpec, TableSpec } from '../catalog/ddl-specs.js';
import * as ddl from './ddl.js';
import { checkForeignKeys, checkNotReferenced, showKey } from './foreign-keys.js';
import type { TableLayout } from '../catalog/table-layout.js';
import { decodeRow } from '../encoding/row-codec.js';
import { readOnlyTransaction, StorageError, uniqueViolation } from '../errors.js';
import { prefixEnd } from '../kv/kv.js';
import { PendingWrites } from '../kv/pending-writes.js';
import { compareBytes } from '../kv/ordered-map.js';
import type { Engine } from './engine.js';
import { ReadView } from './read-view.js';
import { Reader } from './reader.js';

/** LMDB's key size limit in lmdb-js builds; the memory backend enforces the same so both behave alike. */
export const MAX_KEY_BYTES = 1978;

export const keyTooLong = (size: number, index: string): StorageError =>
  new StorageError('54000', `index row size ${size} exceeds maximum ${MAX_KEY_BYTES} for index "${index}"`, undefined, 'Values larger than about 1.9 kB cannot be indexed.');

/** Per foreign key, at most this many parent keys are remembered as found by verifyForeignKeys. */
const FOUND_KEYS_MAX = 65_536;

/**
 * A set member that is the same (SameValueZero) exactly when the values of `cols` are (type and value), for
 * integer, float and text key columns: one column's value itself, several columns' as a string; null for other
 * types, NULL, -0 and NaN (those are always looked up).
 */
function foundKey(values: readonly Value[], cols: readonly number[]): unknown {
  if (cols.length === 1) {
    const v = values[cols[0]!];
    if (typeof v === 'bigint' || typeof v === 'string') return v;
    if (typeof v === 'number' && v === v && !Object.is(v, -0)) return v;
    return null;
  }
  let k = '';
  for (const c of cols) {
    const v = values[c];
    if (typeof v === 'bigint') k += `b${v};`;
    else if (typeof v === 'number') k += Object.is(v, -0) ? 'n-0;' : `n${v};`;
    else if (typeof v === 'string') k += `s${v.length}:${v}`;
    else return null;
  }
  return k;
}

interface Savepoint {
  name: string;
  overlay: PendingWrites;
  catalog: Catalog;
  changes: number;
  rangeDeletes: number;
}

/**
 * An interactive transaction. It reads a snapshot plus its own pending writes (the overlay). Writes
 * need the writer lock (`await lockForWrite()`); taking it refreshes the snapshot, so what the
 * transaction then reads is the latest committed state and its constraint checks are valid until it
 * commits. Row operations are synchronous; COMMIT writes the overlay in one atomic, durable KV write.
 */
export class Transaction extends Reader {
  protected view: ReadView;
  private overlay: PendingWrites;
  private current: Catalog;
  private lsnSeen: bigint;
  private release: (() => void) | null = null;
  private done = false;
  /** Catalog changes so far, for the change log. */
  private changes: CatalogChange[] = [];
  /** Key ranges to clear at commit (rows and index entries of dropped tables and indexes). */
  private rangeDeletes: [Buffer, Buffer][] = [];
  private savepoints: Savepoint[] = [];
  /** Per table: the largest committed row key at the snapshot (for cheap duplicate checks on appends). */
  private lastCommitted = new Map<number, Buffer | null>();
  /** Per table without a primary key: the next hidden row id to hand out (see nextRowId). */
  private readonly nextRowIds = new Map<number, bigint>();

  constructor(private readonly engine: Engine) {
    super();
    const { snap, catalog, lsn } = engine.openSnapshot();
    this.overlay = PendingWrites.empty(undefined, engine.spillDir);
    this.view = new ReadView(snap, this.overlay);
    this.current = catalog;
    this.lsnSeen = lsn;
  }

  get catalog(): Catalog {
    return this.current;
  }
  get lsn(): bigint {
    return this.lsnSeen;
  }
  get holdsWriteLock(): boolean {
    return this.release !== null;
  }
  get isDone(): boolean {
    return this.done;
  }

  protected assertOpen(): void {
    if (this.done) throw new StorageError('25P01', 'the transaction has already committed or rolled back');
  }

  /** Takes the writer lock (waiting for the current writer to finish) and moves to the latest snapshot. */
  async lockForWrite(): Promise<void> {
    this.assertOpen();
    if (this.release) return;
    if (this.engine.readOnly) throw readOnlyTransaction('a write (the storage is open read-only)');
    const release = await this.engine.writerMutex.acquire();
    if (this.done) return release();
    this.release = release;
    const { snap, catalog, lsn } = this.engine.openSnapshot();
    this.view.snap.close();
    this.view.snap = snap;
    this.current = catalog;
    this.lsnSeen = lsn;
    this.lastCommitted.clear();
    this.nextRowIds.clear();
  }

  protected assertWritable(): void {
    this.assertOpen();
    if (!this.release) throw new StorageError('55000', 'storage: call `await tx.lockForWrite()` before writing');
  }

  // ---- rows ----

  /** Inserts a row (values in column order; dropped columns ignored). Returns its row key. Checks run before any write, so a rejected row leaves nothing behind. */
  insert(table: TableDef, row: readonly Value[]): Buffer {
    this.assertWritable();
    const l = this.layoutOf(table);
    l.check(row);
    let key: Buffer;
    if (l.pk) {
      key = l.rowKey(row);
      if (this.rowExists(l, key)) throw this.pkViolation(l, row);
    } else {
      key = l.rowIdKey(this.nextRowId(l));
    }
    if (key.length > MAX_KEY_BYTES) throw keyTooLong(key.length, l.table.primaryKey?.name ?? l.table.name);
    if (l.indexes.length > 0) this.checkUnique(l, row, null, key);
    if (l.table.foreignKeys.length > 0) checkForeignKeys(this.current, this.view, l, row);
    this.addIndexEntries(l, row, key);
    // Encoded last: straight into the pending writes when the key extends an ascending run, else into
    // the encoder's reused buffer and copied once.
    const into = this.overlay.beginValue(key);
    if (into !== null) {
      l.encodeUncheckedAt(row, into);
      this.overlay.endValue();
    } else {
      const w = l.encodeUnchecked(row);
      this.overlay.setFrom(key, w.buf, w.pos);
    }
    return key;
  }

  /** Replaces the row under `key` (from an iterator or `keyOf`). Returns the row's (possibly new) key. */
  update(table: TableDef, key: Buffer, row: readonly Value[]): Buffer {
    this.assertWritable();
    const l = this.layoutOf(table);
    const oldRaw = this.view.get(key);
    if (!oldRaw) throw new StorageError('55000', `update: no row with key ${key.toString('hex')} in relation "${table.name}"`);
    const old = decodeRow(l.shape, oldRaw);
    const value = l.encode(row);
    const newKey = l.pk ? l.rowKey(row) : key;
    const moved = !newKey.equals(key);
    if (moved && this.rowExists(l, newKey)) throw this.pkViolation(l, row);
    if (newKey.length > MAX_KEY_BYTES) throw keyTooLong(newKey.length, l.table.primaryKey!.name);
    this.checkUnique(l, row, key, newKey);
    checkForeignKeys(this.current, this.view, l, row);
    checkNotReferenced(this.current, this.view, l, old, row);
    if (moved) this.overlay.set(key, null);
    this.removeIndexEntries(l, old, key);
    this.addIndexEntries(l, row, newKey);
    this.overlay.set(newKey, value);
    return newKey;
  }

  /** Deletes the row under `key`; returns false when there is none. */
  delete(table: TableDef, key: Buffer): boolean {
    this.assertWritable();
    const l = this.layoutOf(table);
    const oldRaw = this.view.get(key);
    if (!oldRaw) return false;
    const old = decodeRow(l.shape, oldRaw);
    checkNotReferenced(this.current, this.view, l, old, null);
    this.removeIndexEntries(l, old, key);
    this.overlay.set(key, null);
    return true;
  }

  /** The row key for primary-key values (in key order). */
  keyOf(table: TableDef, pk: readonly Value[]): Buffer {
    return this.layoutOf(table).pkKey(pk);
  }

  // ---- raw access for restore ----

  /**
   * Writes row bytes under a row key exactly as a dump holds them (row format v1), maintaining the
   * table's indexes and checking their uniqueness; types, NOT NULL and foreign keys are not rechecked.
   */
  putRaw(table: TableDef, key: Buffer, row: Buffer): void {
    this.assertWritable();
    const l = this.layoutOf(table);
    if (key.length <= 5 || !key.subarray(0, 5).equals(l.prefix))
      throw new StorageError('22023', `putRaw: key ${key.toString('hex')} is not a row key of relation "${table.name}"`);
    if (key.length > MAX_KEY_BYTES) throw keyTooLong(key.length, l.table.primaryKey?.name ?? l.table.name);
    // A key chosen by the caller may lie past the ids counted so far: count again from storage.
    this.nextRowIds.delete(l.table.id);
    if (l.indexes.length > 0) {
      const old = this.existingRow(l, key);
      const values = decodeRow(l.shape, row);
      this.checkUnique(l, values, old ? key : null, key);
      if (old) this.removeIndexEntries(l, decodeRow(l.shape, old), key);
      this.addIndexEntries(l, values, key);
    }
    this.overlay.set(key, row);
  }

  deleteRaw(table: TableDef, key: Buffer): void {
    this.assertWritable();
    const l = this.layoutOf(table);
    const oldRaw = this.view.get(key);
    if (oldRaw) this.removeIndexEntries(l, decodeRow(l.shape, oldRaw), key);
    this.overlay.set(key, null);
  }

  /** Rebuilds a table's secondary indexes from its rows, checking uniqueness. */
  rebuildIndexes(table: TableDef): void {
    this.assertWritable();
    const l = this.layoutOf(table);
    for (const il of l.indexes) {
      for (const e of [...this.view.range(il.prefix, il.end)]) this.overlay.set(e.key, null);
    }
    for (const row of this.scan(table)) {
      this.checkUnique(l, row.values, row.key, row.key);
      this.addIndexEntries(l, row.values, row.key);
    }
  }

  // ---- DDL (ddl.ts); each needs the writer lock ----

  createSchema(name: string): void {
    this.atomically(() => ddl.createSchema(this, name));
  }
  dropSchema(name: string): void {
    this.atomically(() => ddl.dropSchema(this, name));
  }
  createTable(spec: TableSpec): TableDef {
    return this.atomically(() => ddl.createTable(this, spec));
  }
  dropTable(name: string, schema = 'public'): void {
    this.atomically(() => ddl.dropTable(this, name, schema));
  }
  alterTable(name: string, action: AlterAction, schema = 'public'): TableDef {
    return this.atomically(() => ddl.alterTable(this, name, action, schema));
  }
  createIndex(spec: IndexSpec): IndexDef {
    return this.atomically(() => ddl.createIndex(this, spec));
  }
  dropIndex(name: string, schema = 'public'): void {
    this.atomically(() => ddl.dropIndex(this, name, schema));
  }
  createSequence(spec: SequenceSpec): SequenceDef {
    return this.atomically(() => ddl.createSequence(this, spec));
  }
  dropSequence(name: string, schema = 'public'): void {
    this.atomically(() => ddl.dropSequence(this, name, schema));
  }
  createView(spec: { schema?: string; name: string; definition: string; columns: readonly string[] }): ViewDef {
    return this.atomically(() => ddl.createView(this, spec));
  }
  dropView(name: string, schema = 'public'): void {
    this.atomically(() => ddl.dropView(this, name, schema));
  }

  /** Runs one DDL statement so that if it fails part-way, none of it stays in the transaction. */
  private atomically<T>(fn: () => T): T {
    this.assertWritable();
    const saved = { overlay: this.overlay.fork(), catalog: this.current, changes: this.changes.length, rangeDeletes: this.rangeDeletes.length };
    try {
      return fn();
    } catch (e) {
      this.overlay.dispose();
      this.overlay = saved.overlay;
      this.view.overlay = saved.overlay;
      this.current = saved.catalog;
      this.changes.length = saved.changes;
      this.rangeDeletes.length = saved.rangeDeletes;
      throw e;
    }
  }

  /**
   * Checks every row's foreign keys (after ADD FOREIGN KEY). Nothing is written during the loop, so a key
   * found in the parent stays found: per foreign key, keys already found (integers and text; a bounded set)
   * are not looked up again. Child rows mostly repeat their parents' keys.
   */
  verifyForeignKeys(table: TableDef, from = 0): void {
    const l = this.layoutOf(table);
    // `from`: the position of the first foreign key to check (ADD FOREIGN KEY checks the new one only).
    const fks = l.table.foreignKeys.slice(from);
    if (fks.length === 0) return;
    const found = fks.map(() => new Set<unknown>());
    // One foreign key's columns at a time; the others' are NULL, which checkForeignKeys skips (MATCH SIMPLE).
    const probe = new Array<Value>(l.table.columns.length).fill(null);
    // Values of the foreign keys' columns only (no key or value copy per row, other columns not decoded); the
    // parent lookups in between are point reads.
    const cols = [...new Set(fks.flatMap((f) => f.columns))];
    for (const values of this.scanColumns(table, cols)) {
      for (let f = 0; f < fks.length; f++) {
        const cols = fks[f]!.columns;
        const memo = foundKey(values, cols);
        const seen = found[f]!;
        if (memo !== null && seen.has(memo)) continue;
        for (const c of cols) probe[c] = values[c] ?? null;
        try {
          checkForeignKeys(this.current, this.view, l, probe);
        } finally {
          for (const c of cols) probe[c] = null;
        }
        if (memo !== null) {
          if (seen.size >= FOUND_KEYS_MAX) seen.clear();
          seen.add(memo);
        }
      }
    }
  }

  /** Replaces the transaction's catalog (used by ddl.ts); the change is written at commit. @internal */
  setCatalog(data: CatalogData, change?: CatalogChange): Catalog {
    this.assertWritable();
    this.current = new Catalog(data);
    if (change) this.changes.push(change);
    return this.current;
  }

  /** Removes a key range: pending writes now, committed entries at commit. */
  clearRange(start: Buffer, end: Buffer): void {
    this.assertWritable();
    for (const e of [...this.overlay.range(start, end)]) this.overlay.delete(e.key);
    this.rangeDeletes.push([start, end]);
  }

  nextval(seq: SequenceDef): bigint {
    this.assertOpen();
    if (this.engine.readOnly) throw readOnlyTransaction('nextval()');
    return this.engine.sequences.nextval(seq);
  }

  setval(seq: SequenceDef, value: bigint, isCalled = true): bigint {
    this.assertOpen();
    if (this.engine.readOnly) throw readOnlyTransaction('setval()');
    return this.engine.sequences.setval(seq, value, isCalled);
  }

  sequenceValue(seq: SequenceDef): { value: bigint; isCalled: boolean } {
    return this.engine.sequences.current(seq);
  }

  // ---- savepoints, commit, rollback ----

  savepoint(name: string): void {
    this.assertOpen();
    this.savepoints.push({
      name,
      overlay: this.overlay.fork(),
      catalog: this.current,
      changes: this.changes.length,
      rangeDeletes: this.rangeDeletes.length,
    });
  }

  rollbackTo(name: string): void {
    this.assertOpen();
    const i = this.savepoints.map((s) => s.name).lastIndexOf(name);
    if (i < 0) throw new StorageError('3B001', `savepoint "${name}" does not exist`);
    const sp = this.savepoints[i]!;
    // The savepoint stays (as in PostgreSQL); keep its copy pristine by forking again.
    this.overlay.dispose();
    this.overlay = sp.overlay.fork();
    this.view.overlay = this.overlay;
    this.current = sp.catalog;
    this.changes.length = sp.changes;
    this.rangeDeletes.length = sp.rangeDeletes;
    this.savepoints.length = i + 1;
    this.lastCommitted.clear();
  }

  releaseSavepoint(name: string): void {
    this.assertOpen();
    const i = this.savepoints.map((s) => s.name).lastIndexOf(name);
    if (i < 0) throw new StorageError('3B001', `savepoint "${name}" does not exist`);
    this.savepoints.length = i;
  }

  /** Makes every write durable and visible atomically; returns the commit's LSN (the unchanged LSN when nothing was written). */
  commit(): bigint {
    this.assertOpen();
    try {
      if (this.release && (this.overlay.size > 0 || this.changes.length > 0 || this.rangeDeletes.length > 0)) {
        this.lsnSeen = this.engine.commit(this.overlay, this.current, this.changes, this.rangeDeletes);
      }
    } finally {
      this.finish();
    }
    return this.lsnSeen;
  }

  rollback(): void {
    if (this.done) return;
    this.finish();
  }

  private finish(): void {
    this.done = true;
    this.overlay.dispose();
    this.view.snap.close();
    this.release?.();
    this.release = null;
  }

  // ---- constraint checks ----

  private rowExists(l: TableLayout, key: Buffer): boolean {
    const pending = this.overlay.get(key);
    if (pending !== undefined) return pending !== null;
    return this.mayBeCommitted(l, key) && this.view.snap.get(key) !== undefined;
  }

  /** The row bytes under `key` as this transaction sees them (`view.get`, without the snapshot lookup for keys past the table's last committed one). */
  private existingRow(l: TableLayout, key: Buffer): Buffer | undefined {
    const pending = this.overlay.get(key);
    if (pending !== undefined) return pending ?? undefined;
    return this.mayBeCommitted(l, key) ? this.view.snap.get(key) : undefined;
  }

  /** False when `key` lies past the table's last committed row key at the snapshot (appends: no lookup needed). */
  private mayBeCommitted(l: TableLayout, key: Buffer): boolean {
    let last = this.lastCommitted.get(l.table.id);
    if (last === undefined) {
      last = this.view.snap.lastKey(l.prefix, l.end) ?? null;
      this.lastCommitted.set(l.table.id, last);
    }
    return last !== null && compareBytes(key, last) <= 0;
  }

  private nextRowId(l: TableLayout): bigint {
    // Asked of storage once per table and transaction, then counted here: ids handed out are never
    // reused within the transaction (a rolled-back or failed insert leaves a gap, which is harmless).
    let id = this.nextRowIds.get(l.table.id);
    if (id === undefined) {
      const last = this.view.lastKey(l.prefix, l.end);
      // Row-id keys are prefix + 0x01 + int8 key bytes (sign bit flipped).
      id = last ? last.readBigUInt64BE(6) - 0x8000000000000000n + 1n : 1n;
    }
    this.nextRowIds.set(l.table.id, id + 1n);
    return id;
  }

  private pkViolation(l: TableLayout, row: readonly Value[]): StorageError {
    const cols = l.table.primaryKey!.columns;
    return uniqueViolation(
      l.table.primaryKey!.name,
      cols.map((c) => l.table.columns[c]!.name).join(', '),
      cols.map((c) => showKey(row[c] ?? null)).join(', '),
    );
  }

  /** Unique indexes: no other row may have the same non-null values (`self` is the row's own key on update). */
  private checkUnique(l: TableLayout, row: readonly Value[], self: Buffer | null, newKey: Buffer): void {
    const own = self?.subarray(5);
    for (const il of l.indexes) {
      const cols = il.def.columns;
      const prefix = il.entryKey(row);
      const size = prefix.length + newKey.length - 5;
      if (size > MAX_KEY_BYTES) throw keyTooLong(size, il.def.name);
      if (!il.def.unique || cols.some((c) => row[c] === null || row[c] === undefined)) continue;
      // Two entries at most matter: this row's own (an update keeping its key) and one other.
      for (const e of this.view.probe(prefix, prefixEnd(prefix), 2)) {
        if (own && e.value.equals(own)) continue;
        throw uniqueViolation(il.def.name, cols.map((c) => l.table.columns[c]!.name).join(', '), cols.map((c) => showKey(row[c] ?? null)).join(', '));
      }
    }
  }

  private addIndexEntries(l: TableLayout, row: readonly Value[], key: Buffer): void {
    if (l.indexes.length === 0) return;
    const suffix = key.subarray(5);
    for (const il of l.indexes) this.overlay.set(il.entryKey(row, suffix), Buffer.from(suffix));
  }

  private removeIndexEntries(l: TableLayout, old: readonly Value[], key: Buffer): void {
    if (l.indexes.length === 0) return;
    const suffix = key.subarray(5);
    for (const il of l.indexes) this.overlay.set(il.entryKey(old, suffix), null);
  }
}
