import { Catalog } from '../catalog/catalog.js';
import { EMPTY_CATALOG, type CatalogChange, type CatalogData } from '../catalog/catalog-types.js';
import type { KvBackend, KvSnapshot, KvWriter, PackedEntries } from '../kv/kv.js';
import { changeKey, META_CATALOG, META_LSN, readU64, Space, u64 } from '../keyspace.js';
import { AsyncMutex } from './async-mutex.js';
import { ChangeEntryBuilder, pruneChanges, type RetentionPolicy } from './change-log.js';
import type { Overlay } from './read-view.js';
import { SequenceCache } from './sequences.js';

/** How often (in commits) a commit also prunes the change log. */
const PRUNE_EVERY = 256n;

/** The state shared by one open Storage: its KV backend, writer mutex, sequences and catalog cache. */
export class Engine {
  readonly writerMutex = new AsyncMutex();
  /** Where transactions put pending writes that do not fit in memory (see PendingWrites); undefined: the OS temporary directory. */
  spillDir: string | undefined;
  readonly sequences: SequenceCache;
  private cached: { bytes: Buffer; catalog: Catalog } | null = null;
  private readonly open = new Set<KvSnapshot>();

  constructor(
    readonly kv: KvBackend,
    readonly retention: RetentionPolicy,
  ) {
    this.sequences = new SequenceCache(kv);
  }

  get readOnly(): boolean {
    return this.kv.readOnly;
  }

  /** Writes the initial metadata of a new database. */
  initialize(): void {
    this.kv.write((w) => {
      if (w.get(META_LSN)) return;
      w.put(META_LSN, u64(0n));
      w.put(META_CATALOG, Buffer.from(JSON.stringify(EMPTY_CATALOG)));
    });
  }

  openSnapshot(): { snap: KvSnapshot; catalog: Catalog; lsn: bigint } {
    const inner = this.kv.snapshot();
    const snap: KvSnapshot = {
      get: (k) => inner.get(k),
      range: (s, e) => inner.range(s, e),
      lastKey: (s, e) => inner.lastKey(s, e),
      ...(inner.rangeDecoded && { rangeDecoded: inner.rangeDecoded.bind(inner) }),
      ...(inner.eachDecoded && { eachDecoded: inner.eachDecoded.bind(inner) }),
      ...(inner.getTransient && { getTransient: inner.getTransient.bind(inner) }),
      close: () => {
        this.open.delete(snap);
        inner.close();
      },
    };
    this.open.add(snap);
    // Read in place where the backend allows (LMDB's shared buffer): the LSN is decoded and the catalog bytes
    // compared before the next read, and only a changed catalog is copied.
    const read = inner.getTransient ? (k: Buffer) => inner.getTransient!(k) : (k: Buffer) => inner.get(k);
    return { snap, catalog: this.catalogOf(read), lsn: readU64(read(META_LSN)) };
  }

  /** Ends every snapshot still open (before the backend closes: LMDB must not close under a reader). */
  closeSnapshots(): void {
    for (const snap of [...this.open]) snap.close();
  }

  private catalogOf(read: (key: Buffer) => Buffer | undefined): Catalog {
    const bytes = read(META_CATALOG);
    if (!bytes) throw new Error('storage: the data directory has no catalog (meta key "catalog" is missing)');
    if (this.cached && this.cached.bytes.equals(bytes)) return this.cached.catalog;
    const catalog = new Catalog(JSON.parse(bytes.toString('utf8')) as CatalogData);
    this.cached = { bytes: Buffer.from(bytes), catalog };
    return catalog;
  }

  /** Applies a transaction's writes in one atomic KV write; returns the new LSN. */
  commit(overlay: Overlay, catalog: Catalog, changes: readonly CatalogChange[], rangeDeletes: readonly [Buffer, Buffer][]): bigint {
    const now = Date.now();
    return this.kv.write((w) => {
      const lsn = readU64(w.get(META_LSN)) + 1n;
      for (const [start, end] of rangeDeletes) {
        const keys: Buffer[] = [];
        for (const e of w.range(start, end)) keys.push(Buffer.from(e.key));
        for (const k of keys) w.remove(k);
      }
      const touched = new ChangeEntryBuilder();
      // The overlay iterates in key order, which is also LMDB's cheapest order to write.
      overlay.forEachInOrder(
        (key, value) => {
          if (value === null) w.remove(key);
          else w.put(key, value);
          if (key[0] === Space.Row) touched.addKey(key, 0, key.length);
        },
        (run, from, to) => {
          if (w.putPacked) w.putPacked(run, from, to);
          else for (let i = from; i < to; i++) writePacked(w, run, i);
          // A run's keys share their first byte.
          if (run.bytes[run.ks[from]!] === Space.Row) {
            for (let i = from; i < to; i++) touched.addKey(run.bytes, run.ks[i]!, run.ks[i]! + run.kl[i]!);
          }
        },
      );
      if (changes.length > 0) w.put(META_CATALOG, Buffer.from(JSON.stringify(catalog.data)));
      w.put(changeKey(lsn), touched.finish(now, changes));
      w.put(META_LSN, u64(lsn));
      if (lsn % PRUNE_EVERY === 0n) pruneChanges(w, lsn, this.retention, now);
      return lsn;
    });
  }

  prune(): void {
    if (this.readOnly) return;
    this.kv.write((w) => pruneChanges(w, readU64(w.get(META_LSN)), this.retention, Date.now()));
  }
}

/** Entry i of `packed` through the plain writer calls. */
function writePacked(w: KvWriter, packed: PackedEntries, i: number): void {
  const s = packed.ks[i]!;
  const e = s + packed.kl[i]!;
  const key = packed.bytes.subarray(s, e);
  const len = packed.vl[i]!;
  if (len < 0) w.remove(key);
  else w.put(key, packed.bytes.subarray(e, e + len));
}
