/**
 * Secondary indexes of tables that already hold their rows, built from sorted entries instead of one pending
 * write per row (createIndex's rebuild keeps every entry of the table in one transaction's overlay). For a
 * bulk load into a data directory nobody else sees yet (Storage.open({ bulkLoad: true })).
 *
 * One scan of the table encodes every new index's entries (index key + primary-key bytes) into runs of at most
 * `runBytes`; a full run is sorted and spilled to a file, and the runs are merged. The merged stream is in key
 * order, so the entries go to LMDB with MDB_APPEND (full pages), in writes of bounded size, and duplicates in a
 * unique index are neighbours: uniqueness is checked by comparing each entry's index-key part with the one
 * before. Memory is bounded by `runBytes` whatever the table's size. The catalog gets the indexes in one commit
 * at the end, under the writer lock held throughout; entries written before a failure are removed.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Value } from '@heliosdb/types';
import type { IndexDef, TableDef } from '../catalog/catalog-types.js';
import type { IndexSpec } from '../catalog/ddl-specs.js';
import type { IndexLayout, TableLayout } from '../catalog/table-layout.js';

type KeyColumns = NonNullable<TableLayout['pk']>;
import { ByteWriter } from '../encoding/byte-writer.js';
import { decodeRowColumns } from '../encoding/row-codec.js';
import { StorageError, uniqueViolation } from '../errors.js';
import { writePacked, type KvBackend, type PackedEntries } from '../kv/kv.js';
import * as ddl from './ddl.js';
import { showKey } from './foreign-keys.js';
import { keyTooLong, MAX_KEY_BYTES, type Transaction } from './transaction.js';

export interface SortedIndexOptions {
  /** Bytes of entries sorted in memory before a run is spilled to a file (default 8 MiB). */
  readonly runBytes?: number;
  /** Where spilled runs go (a fresh directory is made inside and removed at the end). */
  readonly tmpDir: string;
}

/** What createIndexesSorted did with each spec. */
export interface SortedIndexResult {
  readonly created: readonly IndexDef[];
  /** Specs whose definition was refused (unknown column, name taken, ...); nothing of them was written. */
  readonly refused: readonly { readonly spec: IndexSpec; readonly error: Error }[];
}

/** 8 MiB: the bench's 580,000-row table spills 3 runs per index, at a cost within its noise. */
const DEFAULT_RUN_BYTES = 8 << 20;
/** Entries per LMDB write while the merged stream is stored. */
const WRITE_ENTRIES = 65_536;
/** A record in a run: u16 key length, u16 primary-key length, u8 flags, then the key (whose tail is the primary key). */
const HEADER = 5;
/** Flag: a column of the entry is NULL (a unique index does not compare it). */
const HAS_NULL = 1;

/**
 * Creates `specs` (indexes of one table) in `tx`'s catalog and writes their entries straight to `kv`; commits
 * `tx`. `tx` must hold the writer lock and have no other pending writes.
 */
export function createIndexesSorted(kv: KvBackend, tx: Transaction, table: string, schema: string, specs: readonly IndexSpec[], options: SortedIndexOptions): SortedIndexResult {
  const refused: { spec: IndexSpec; error: Error }[] = [];
  const created: IndexDef[] = [];
  for (const spec of specs) {
    try {
      created.push(ddl.createIndex(tx, { ...spec, table, schema }, false, false));
    } catch (e) {
      refused.push({ spec, error: e as Error });
    }
  }
  if (created.length === 0) {
    tx.commit();
    return { created, refused };
  }
  const def = tx.catalog.table(table, schema);
  const layout = tx.catalog.layout(def);
  const ids = new Set(created.map((d) => d.id));
  const indexes = layout.indexes.filter((il) => ids.has(il.def.id));
  const written: IndexLayout[] = [];
  const dir = mkdtempSync(join(options.tmpDir, '.index-build-'));
  try {
    const runs = indexes.map((il) => new RunSet(il, layout.pk, dir, options.runBytes ?? DEFAULT_RUN_BYTES));
    const wanted = new Uint8Array(layout.shape.tags.length);
    for (const il of indexes) for (const c of il.def.columns) wanted[c] = 1;
    if (layout.pk) {
      // The primary-key bytes are encoded again from the values (no copy of each row key).
      for (const c of def.primaryKey!.columns) wanted[c] = 1;
      for (const values of tx.scanColumns(def, [...wanted.keys()].filter((c) => wanted[c] === 1))) {
        for (const r of runs) r.add(values, null);
      }
    } else {
      for (const e of tx.rawRows(def)) {
        const values = decodeRowColumns(layout.shape, e.value, wanted);
        const pk = e.key.subarray(5);
        for (const r of runs) r.add(values, pk);
      }
    }
    for (const r of runs) {
      written.push(r.il);
      storeMerged(kv, r, (pk) => {
        const row = tx.getByKey(def, Buffer.concat([layout.prefix, pk]));
        const cols = r.il.def.columns;
        return uniqueViolation(r.il.def.name, cols.map((c) => def.columns[c]!.name).join(', '), cols.map((c) => showKey(row?.[c] ?? null)).join(', '));
      });
    }
    tx.commit();
    return { created, refused };
  } catch (e) {
    tx.rollback();
    if (written.length > 0) {
      kv.write((w) => {
        for (const il of written) {
          const keys: Buffer[] = [];
          for (const x of w.range(il.prefix, il.end)) keys.push(Buffer.from(x.key));
          for (const k of keys) w.remove(k);
        }
      });
    }
    throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One index's entries: the run being filled, and the sorted runs spilled to files. */
class RunSet {
  private w = new ByteWriter(1 << 16);
  private offsets: number[] = [];
  readonly files: string[] = [];

  constructor(
    readonly il: IndexLayout,
    /** The table's primary-key columns (null: rows keyed by a hidden row id, whose bytes `add` is given). */
    private readonly pk: KeyColumns | null,
    private readonly dir: string,
    private readonly runBytes: number,
  ) {}

  add(values: readonly Value[], pk: Buffer | null): void {
    // Spilled before the entry could take the buffer past runBytes (it grows by doubling, so it stays within it).
    if (this.w.pos + HEADER + MAX_KEY_BYTES > this.runBytes && this.offsets.length > 0) this.spill();
    const w = this.w;
    const at = w.pos;
    w.ensure(HEADER);
    w.pos += HEADER;
    const keyStart = w.pos;
    w.bytes(this.il.prefix);
    this.il.key.write(w, values);
    const pkStart = w.pos;
    if (pk) w.bytes(pk);
    else this.pk!.write(w, values);
    const pkLen = w.pos - pkStart;
    const keyLen = w.pos - keyStart;
    // The size check of an insert (checkUnique): the whole entry key.
    if (keyLen > MAX_KEY_BYTES) throw keyTooLong(keyLen, this.il.def.name);
    let flags = 0;
    for (const c of this.il.def.columns) if (values[c] === null || values[c] === undefined) flags = HAS_NULL;
    w.buf.writeUInt16LE(keyLen, at);
    w.buf.writeUInt16LE(pkLen, at + 2);
    w.buf[at + 4] = flags;
    this.offsets.push(at);
  }

  /** The current run, sorted. */
  sorted(): { buf: Buffer; offsets: number[] } {
    const buf = this.w.buf;
    // TimSort: entries of a table read in key order are often in index order already, or in a few ascending runs.
    this.offsets.sort((a, b) => compareRecords(buf, a, buf, b));
    return { buf, offsets: this.offsets };
  }

  private spill(): void {
    const { buf, offsets } = this.sorted();
    const file = join(this.dir, `run-${this.il.def.id}-${this.files.length}`);
    const out = new ByteWriter(1 << 20);
    const fd = openSync(file, 'w');
    try {
      for (const at of offsets) {
        const len = HEADER + buf.readUInt16LE(at);
        out.ensure(len);
        buf.copy(out.buf, out.pos, at, at + len);
        out.pos += len;
        if (out.pos >= 1 << 20) {
          writeAll(fd, out.buf, out.pos);
          out.reset();
        }
      }
      writeAll(fd, out.buf, out.pos);
    } finally {
      closeSync(fd);
    }
    this.files.push(file);
    this.w.reset();
    this.offsets = [];
  }
}

function writeAll(fd: number, buf: Buffer, len: number): void {
  let off = 0;
  while (off < len) off += writeSync(fd, buf, off, len - off);
}

function compareRecords(a: Buffer, at: number, b: Buffer, bt: number): number {
  const la = a.readUInt16LE(at);
  const lb = b.readUInt16LE(bt);
  let i = at + HEADER;
  let j = bt + HEADER;
  const n = Math.min(la, lb);
  // Keys share the index prefix: compare from after it (5 bytes).
  for (let k = 5; k < n; k++) {
    const x = a[i + k]!;
    const y = b[j + k]!;
    if (x !== y) return x - y;
  }
  return la - lb;
}

/** A source of records in key order: a spilled run read in chunks, or the run still in memory. */
interface Cursor {
  buf: Buffer;
  at: number;
  /** Moves to the next record; false at the end. */
  next(): boolean;
}

function memoryCursor(buf: Buffer, offsets: number[]): Cursor {
  let i = -1;
  const c: Cursor = {
    buf,
    at: 0,
    next: () => {
      if (++i >= offsets.length) return false;
      c.at = offsets[i]!;
      return true;
    },
  };
  return c;
}

function fileCursor(file: string): Cursor & { close(): void } {
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  let end = 0;
  let pos = 0;
  let len = 0;
  let eof = false;
  const c = {
    buf,
    at: 0,
    next: (): boolean => {
      pos += len;
      for (;;) {
        if (end - pos >= HEADER && end - pos >= HEADER + buf.readUInt16LE(pos)) {
          len = HEADER + buf.readUInt16LE(pos);
          c.at = pos;
          return true;
        }
        if (eof) {
          if (end !== pos) throw new Error(`storage: index build run ${file} ends inside a record`);
          return false;
        }
        // Move what is left to the front and read more.
        buf.copy(buf, 0, pos, end);
        end -= pos;
        pos = 0;
        len = 0;
        const n = readSync(fd, buf, end, buf.length - end, null);
        if (n === 0) eof = true;
        end += n;
      }
    },
    close: () => closeSync(fd),
  };
  return c;
}

/**
 * Merges an index's runs and writes the entries in key order, checking a unique index's neighbours:
 * `violation(pk)` makes the error for the row whose primary-key bytes are `pk` (the later of two equal entries).
 */
function storeMerged(kv: KvBackend, runs: RunSet, violation: (pk: Buffer) => StorageError): void {
  const files = runs.files.map(fileCursor);
  try {
    const mem = runs.sorted();
    const cursors: Cursor[] = [...files, memoryCursor(mem.buf, mem.offsets)];
    const live = cursors.filter((c) => c.next());
    const out = new PackedOut();
    const unique = runs.il.def.unique;
    const prev = Buffer.allocUnsafe(MAX_KEY_BYTES + HEADER);
    let prevLen = -1;
    while (live.length > 0) {
      let m = 0;
      for (let i = 1; i < live.length; i++) if (compareRecords(live[i]!.buf, live[i]!.at, live[m]!.buf, live[m]!.at) < 0) m = i;
      const c = live[m]!;
      const { buf, at } = c;
      const keyLen = buf.readUInt16LE(at);
      const pkLen = buf.readUInt16LE(at + 2);
      const k = at + HEADER;
      if (unique) {
        const valuesLen = keyLen - pkLen;
        if (buf[at + 4] === HAS_NULL) prevLen = -1;
        else {
          if (prevLen === valuesLen && buf.compare(prev, 0, prevLen, k, k + valuesLen) === 0) {
            throw violation(Buffer.from(buf.subarray(k + valuesLen, k + keyLen)));
          }
          buf.copy(prev, 0, k, k + valuesLen);
          prevLen = valuesLen;
        }
      }
      out.add(buf, k, keyLen, pkLen);
      if (out.count >= WRITE_ENTRIES) out.flush(kv);
      if (!c.next()) live.splice(m, 1);
    }
    out.flush(kv);
  } finally {
    for (const f of files) f.close();
  }
}

/** Entries in key order packed for KvWriter.putPacked; the value of an entry is its key's primary-key tail. */
class PackedOut implements PackedEntries {
  private readonly w = new ByteWriter(1 << 20, true);
  ks = new Int32Array(WRITE_ENTRIES);
  kl = new Int32Array(WRITE_ENTRIES);
  vl = new Int32Array(WRITE_ENTRIES);
  count = 0;

  get bytes(): Buffer {
    return this.w.buf;
  }

  add(src: Buffer, k: number, keyLen: number, pkLen: number): void {
    const w = this.w;
    w.ensure(keyLen + pkLen);
    const n = this.count++;
    this.ks[n] = w.pos;
    this.kl[n] = keyLen;
    this.vl[n] = pkLen;
    // Short copies: a JS loop costs less than Buffer#copy's native call.
    const out = w.buf;
    let p = w.pos;
    for (let i = k; i < k + keyLen; i++) out[p++] = src[i]!;
    for (let i = k + keyLen - pkLen; i < k + keyLen; i++) out[p++] = src[i]!;
    w.pos = p;
  }

  flush(kv: KvBackend): void {
    if (this.count === 0) return;
    kv.write((w) => writePacked(w, this, this.count));
    this.count = 0;
    this.w.reset();
  }
}
