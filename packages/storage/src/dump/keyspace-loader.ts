import type { DumpRecord } from '@heliosdb/dump-format';
import { Catalog } from '../catalog/catalog.js';
import type { CatalogData } from '../catalog/catalog-types.js';
import type { TableLayout } from '../catalog/table-layout.js';
import { decodeRow } from '../encoding/row-codec.js';
import { encodeSequenceValue } from '../engine/sequences.js';
import { ByteWriter } from '../encoding/byte-writer.js';
import { prefixEnd, writePacked, type KvBackend, type KvWriter, type PackedEntries } from '../kv/kv.js';
import { grow } from '../kv/pending-writes.js';
import { idPrefix, META_CATALOG, META_LSN, META_PRUNED, Space, u64 } from '../keyspace.js';
import { decodeCatalogDocument, selectTables } from './catalog-document.js';

/** The LSN a restored database starts at; its change log begins after it (an append needs a new full dump). */
export const RESTORED_LSN = 1n;

interface OpenSection {
  layout: TableLayout | null; // null: a table left out by --tables
  mode: 'full' | 'replace' | 'delta';
}

/**
 * Replays dump records straight into a new database's keyspace (keyspace.ts): row bytes as dumped,
 * index entries computed from them, sequence values, and the catalog. Records are applied in
 * batches, each one atomic KV write. No constraint is rechecked: every segment's content is one
 * consistent snapshot of a database that enforced them.
 */
export class KeyspaceLoader {
  private catalog: Catalog | null = null;
  private uncalled = new Set<number>();
  private section: OpenSection | null = null;
  private where = '';
  rows = 0;
  tombstones = 0;

  constructor(
    private readonly kv: KvBackend,
    private readonly keep: ((schema: string, name: string) => boolean) | null,
  ) {}

  /** Rows of full sections, packed until the batch ends (or another kind of record comes). */
  private readonly packed = new PackedRows();

  /** Applies one batch of records of segment `segment` in one atomic write. */
  apply(segment: number, records: readonly DumpRecord[]): void {
    this.where = `segment ${segment}`;
    this.kv.write((w) => {
      for (const r of records) {
        if (r.kind !== 'row' && r.kind !== 'rows') this.packed.flush(w);
        this.record(w, r);
      }
      this.packed.flush(w);
    });
  }

  /** The catalog after the last segment applied (null before any). */
  get currentCatalog(): CatalogData | null {
    return this.catalog?.data ?? null;
  }

  /** Writes the final catalog and the starting LSN; the change log counts as pruned up to it. */
  finish(): void {
    const data = this.catalog?.data;
    if (!data) throw new Error('restore: the dump has no catalog record');
    this.kv.write((w) => {
      w.put(META_CATALOG, Buffer.from(JSON.stringify(data)));
      w.put(META_LSN, u64(RESTORED_LSN));
      w.put(META_PRUNED, u64(RESTORED_LSN));
    });
  }

  private record(w: KvWriter, r: DumpRecord): void {
    switch (r.kind) {
      case 'row': {
        const s = this.section!;
        if (!s.layout) return;
        this.putRow(w, s.layout, s.mode === 'delta', r.key, r.value);
        this.rows++;
        return;
      }
      case 'rows': {
        const s = this.section!;
        if (!s.layout) return;
        const l = s.layout;
        const { bytes, spans, count } = r;
        if (s.mode === 'delta' || l.indexes.length > 0) {
          for (let i = 0; i < count * 4; i += 4) this.putRow(w, l, s.mode === 'delta', bytes.subarray(spans[i]!, spans[i + 1]!), bytes.subarray(spans[i + 2]!, spans[i + 3]!));
        } else {
          // The common case (a full section of a table without secondary indexes): copied span by span.
          this.packed.addSpans(l.prefix, bytes, spans, count);
        }
        this.rows += count;
        return;
      }
      case 'tombstone': {
        const l = this.section!.layout;
        if (!l) return;
        const key = Buffer.concat([l.prefix, buf(r.key)]);
        const old = w.get(key);
        if (old) {
          this.removeIndexEntries(w, l, key, old);
          w.remove(key);
        }
        this.tombstones++;
        return;
      }
      case 'table-begin': {
        const cat = this.requireCatalog();
        const t = cat.tableById(r.tableId);
        if (!t) {
          if (this.keep && !this.keep(r.schema, r.name)) {
            this.section = { layout: null, mode: r.mode };
            return;
          }
          throw new Error(`restore: ${this.where} has rows for table ${r.schema}.${r.name} (id ${r.tableId}), which its catalog does not list`);
        }
        const layout = cat.layout(t);
        if (r.mode === 'replace') this.clearTable(w, layout);
        this.section = { layout, mode: r.mode };
        return;
      }
      case 'table-end':
        this.section = null;
        return;
      case 'table-drop':
        // Rows and index entries of dropped tables were cleared when the segment's catalog arrived.
        return;
      case 'sequence': {
        if (!this.requireCatalog().data.sequences.some((s) => s.id === r.sequenceId)) return;
        w.put(idPrefix(Space.Sequence, r.sequenceId), encodeSequenceValue(r.value, !this.uncalled.has(r.sequenceId)));
        return;
      }
      case 'catalog': {
        const doc = decodeCatalogDocument(r.json, this.where);
        const next = this.keep ? selectTables(doc.catalog, this.keep) : doc.catalog;
        if (this.catalog) this.dropRemoved(w, this.catalog.data, next);
        this.catalog = new Catalog(next);
        this.uncalled = new Set(doc.uncalledSequences);
        return;
      }
      case 'segment-end':
        return;
    }
  }

  private putRow(w: KvWriter, l: TableLayout, upsert: boolean, pkBytes: Uint8Array, rowBytes: Uint8Array): void {
    if (!upsert) {
      // Nothing reads these rows back within the batch: they go to LMDB packed, without a Buffer per row.
      this.packed.add(l.prefix, pkBytes, rowBytes);
      if (l.indexes.length === 0) return;
      const pk = buf(pkBytes);
      const values = decodeRow(l.shape, buf(rowBytes));
      for (const il of l.indexes) w.put(il.entryKey(values, pk), pk);
      return;
    }
    const pk = buf(pkBytes);
    const row = buf(rowBytes);
    const key = Buffer.allocUnsafe(5 + pk.length);
    l.prefix.copy(key, 0);
    pk.copy(key, 5);
    if (upsert) {
      const old = w.get(key);
      if (old) this.removeIndexEntries(w, l, key, old);
    }
    w.put(key, row);
    if (l.indexes.length === 0) return;
    const values = decodeRow(l.shape, row);
    for (const il of l.indexes) w.put(il.entryKey(values, pk), pk);
  }

  private removeIndexEntries(w: KvWriter, l: TableLayout, key: Buffer, old: Buffer): void {
    if (l.indexes.length === 0) return;
    const values = decodeRow(l.shape, old);
    const pk = key.subarray(5);
    for (const il of l.indexes) w.remove(il.entryKey(values, pk));
  }

  private clearTable(w: KvWriter, l: TableLayout): void {
    clearRange(w, l.prefix, l.end);
    for (const il of l.indexes) clearRange(w, il.prefix, il.end);
  }

  /** Everything the previous catalog had and the next one lacks: rows of dropped tables, entries of dropped indexes, dropped sequences. */
  private dropRemoved(w: KvWriter, prev: CatalogData, next: CatalogData): void {
    const tables = new Set(next.tables.map((t) => t.id));
    const indexes = new Set(next.indexes.map((i) => i.id));
    const sequences = new Set(next.sequences.map((s) => s.id));
    for (const t of prev.tables) if (!tables.has(t.id)) clearPrefix(w, idPrefix(Space.Row, t.id));
    for (const i of prev.indexes) if (!indexes.has(i.id)) clearPrefix(w, idPrefix(Space.Index, i.id));
    for (const s of prev.sequences) if (!sequences.has(s.id)) w.remove(idPrefix(Space.Sequence, s.id));
  }

  private requireCatalog(): Catalog {
    if (!this.catalog) throw new Error(`restore: ${this.where} has content before its catalog record`);
    return this.catalog;
  }
}

/** Row keys (table prefix + primary key) and row bytes laid out for `KvWriter.putPacked`, reused batch after batch. */
class PackedRows implements PackedEntries {
  private readonly w = new ByteWriter(1 << 16, true);
  ks: Int32Array = new Int32Array(4096);
  kl: Int32Array = new Int32Array(4096);
  vl: Int32Array = new Int32Array(4096);
  private count = 0;

  get bytes(): Buffer {
    return this.w.buf;
  }

  add(prefix: Buffer, pk: Uint8Array, row: Uint8Array): void {
    const n = this.count;
    if (n === this.ks.length) {
      this.ks = grow(this.ks);
      this.kl = grow(this.kl);
      this.vl = grow(this.vl);
    }
    const w = this.w;
    w.ensure(prefix.length + pk.length + row.length);
    this.ks[n] = w.pos;
    this.kl[n] = prefix.length + pk.length;
    this.vl[n] = row.length;
    w.buf.set(prefix, w.pos);
    w.buf.set(pk, w.pos + prefix.length);
    w.buf.set(row, w.pos + prefix.length + pk.length);
    w.pos += prefix.length + pk.length + row.length;
    this.count = n + 1;
  }

  /** Rows given as spans of `bytes` (keys without the table prefix; see DumpRecord 'rows'). */
  addSpans(prefix: Buffer, bytes: Uint8Array, spans: Int32Array, count: number): void {
    const src = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < count * 4; i += 4) {
      const ks = spans[i]!;
      const ke = spans[i + 1]!;
      const vs = spans[i + 2]!;
      const ve = spans[i + 3]!;
      const n = this.count;
      if (n === this.ks.length) {
        this.ks = grow(this.ks);
        this.kl = grow(this.kl);
        this.vl = grow(this.vl);
      }
      const w = this.w;
      const len = prefix.length + (ke - ks) + (ve - vs);
      w.ensure(len);
      const out = w.buf;
      let p = w.pos;
      this.ks[n] = p;
      this.kl[n] = prefix.length + (ke - ks);
      this.vl[n] = ve - vs;
      for (let j = 0; j < prefix.length; j++) out[p++] = prefix[j]!;
      for (let j = ks; j < ke; j++) out[p++] = src[j]!;
      src.copy(out, p, vs, ve);
      w.pos = p + (ve - vs);
      this.count = n + 1;
    }
  }

  /** Writes the rows held (LMDB copies them) and starts over in the same buffer. */
  flush(w: KvWriter): void {
    if (this.count === 0) return;
    writePacked(w, this, this.count);
    this.count = 0;
    this.w.reset();
  }
}


function buf(a: Uint8Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

function clearPrefix(w: KvWriter, prefix: Buffer): void {
  clearRange(w, prefix, prefixEnd(prefix));
}

function clearRange(w: KvWriter, start: Buffer, end: Buffer): void {
  const keys: Buffer[] = [];
  for (const e of w.range(start, end)) keys.push(Buffer.from(e.key));
  for (const k of keys) w.remove(k);
}
