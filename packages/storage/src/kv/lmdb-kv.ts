import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import { canReleaseMappedPages, PageReleaser } from './release-pages.js';
import { compareBytes } from './ordered-map.js';
import type { KvBackend, KvEntry, KvSnapshot, KvWriter } from './kv.js';

/** MDB_APPEND: the key goes after every key in its database (checked by the caller). */
const APPEND = { append: true } as const;

/**
 * The LMDB backend: one environment holding the one ordered keyspace, split into one named LMDB
 * database per key space (the key's first byte, see keyspace.ts); keys keep that byte, so the
 * keyspace is the same as the memory backend's. The split lets a write append at the end of a space
 * with MDB_APPEND, which fills pages completely when keys arrive in ascending order (a plain put
 * splits a full page in the middle, leaving sequential loads half-full pages: twice the file).
 * Snapshots are LMDB read transactions, which other processes may hold while this one commits;
 * a write is one synchronous LMDB transaction, durable when `write` returns.
 *
 * `bulkLoad` (restore into a directory nobody else sees yet): writes commit without fsync and `sync()`
 * flushes once at the end. A crash before then leaves only that unfinished directory, so durability
 * per write buys nothing; the final sync is what counts.
 */
export class LmdbKv implements KvBackend {
  private readonly env: RootDatabase<Buffer, Buffer>;
  private readonly spaces = new Map<number, Database<Buffer, Buffer>>();
  /** Releases the data file's mapped pages during long range reads, when the native helper is there. */
  private readonly releaser: PageReleaser | null;

  constructor(
    path: string,
    readonly readOnly: boolean,
    /** The first bytes of keys in use; each gets its own named database ("space-XX"). */
    spaceBytes: readonly number[],
    bulkLoad = false,
  ) {
    this.env = open<Buffer, Buffer>({
      path,
      readOnly,
      ...(bulkLoad && { noSync: true }),
      maxDbs: spaceBytes.length + 2,
      // Address space only; the file grows as needed. 1 TiB leaves room for any embedded workload.
      mapSize: 2 ** 40,
      keyEncoding: 'binary',
      encoding: 'binary',
    });
    for (const b of spaceBytes) {
      const name = `space-${b.toString(16).padStart(2, '0')}`;
      this.spaces.set(b, this.env.openDB<Buffer, Buffer>({ name, keyEncoding: 'binary', encoding: 'binary' }));
    }
    // Opened up front, as the spaces are: opening a database handle while a read transaction is live
    // fails on a read-only environment ("No transaction to renew").
    for (const b of spaceBytes) this.decodingDb(b);
    this.releaser = canReleaseMappedPages ? new PageReleaser(realpathSync(join(path, 'data.mdb'))) : null;
  }

  /** A range read that keeps the pages it maps bounded (see PageReleaser), so a scan of any size does too. */
  private *released(entries: Iterable<KvEntry>, releaser: PageReleaser): Generator<KvEntry> {
    for (const e of entries) {
      releaser.tick();
      yield e;
    }
  }

  private lastSpace = -1;
  private lastDb: Database<Buffer, Buffer> | undefined;

  private db(key: Buffer): Database<Buffer, Buffer> {
    if (key[0] === this.lastSpace) return this.lastDb!;
    const db = this.spaces.get(key[0]!);
    if (!db) throw new Error(`kv: key ${key.toString('hex')} is in no known key space`);
    this.lastSpace = key[0]!;
    this.lastDb = db;
    return db;
  }

  /** A range within one space; an end of just the next space byte means "to the end of the space". */
  private bounds(start: Buffer, end: Buffer): { db: Database<Buffer, Buffer>; end: Buffer | undefined } {
    const db = this.db(start);
    if (end[0] === start[0]) return { db, end };
    if (end.length === 1 && end[0] === start[0]! + 1) return { db, end: undefined };
    throw new Error(`kv: range ${start.toString('hex')}..${end.toString('hex')} spans key spaces`);
  }

  /** Per key space, a second handle whose values go to `decoding` straight from lmdb-js's read buffer. */
  private readonly decodingDbs = new Map<number, Database<unknown, Buffer>>();
  /** The decoder of the range being stepped (set before each step: ranges may interleave, as in joins). */
  private decoding: ((bytes: Buffer, length: number) => unknown) | null = null;

  private decodingDb(space: number): Database<unknown, Buffer> {
    let db = this.decodingDbs.get(space);
    if (!db) {
      db = this.env.openDB({
        name: `space-${space.toString(16).padStart(2, '0')}`,
        keyEncoding: 'binary',
        // needsStableBuffer false: lmdb-js passes its shared buffer and the length, without a copy.
        encoder: { encode: (v: Buffer) => v, decode: (bytes: Buffer, length: number) => this.decoding!(bytes, length), needsStableBuffer: false },
      } as never) as Database<unknown, Buffer>;
      // Keys are not wanted: skip lmdb-js's copy of each one.
      (db as unknown as { readKey: (t: Uint8Array, s: number, e: number) => number }).readKey = (_t, _s, e) => e;
      this.decodingDbs.set(space, db);
    }
    return db;
  }

  /**
   * The decoded values of a range. An iterator object rather than a generator: a scan steps it once per row,
   * and resuming a generator costs more than a call. The LMDB cursor is closed when the range ends, when the
   * caller stops early (`return`), and when a step throws.
   */
  private decodedRange<T>(db: Database<unknown, Buffer>, options: object, decode: (bytes: Buffer, length: number) => T): Iterable<T> {
    const kv = this;
    return {
      [Symbol.iterator](): Iterator<T> {
        const it = (db.getRange(options as never) as Iterable<{ value: unknown }>)[Symbol.iterator]();
        const releaser = kv.releaser;
        let open = true;
        const close = () => {
          if (!open) return;
          open = false;
          it.return?.();
        };
        return {
          next(): IteratorResult<T> {
            if (!open) return { done: true, value: undefined };
            kv.decoding = decode;
            let step: IteratorResult<{ value: unknown }>;
            try {
              step = it.next();
            } catch (e) {
              close();
              throw e;
            }
            if (step.done) {
              close();
              return { done: true, value: undefined };
            }
            releaser?.tick();
            return { done: false, value: step.value.value as T };
          },
          return(): IteratorResult<T> {
            close();
            return { done: true, value: undefined };
          },
        };
      },
    };
  }

  snapshot(): KvSnapshot {
    const txn = this.env.useReadTransaction();
    const opts = { transaction: txn };
    let open = true;
    return {
      rangeDecoded: (start, end, decode) => {
        const b = this.bounds(start, end);
        return this.decodedRange(this.decodingDb(start[0]!), { start, end: b.end, transaction: txn }, decode);
      },
      eachDecoded: (start, end, decode, sink) => {
        const b = this.bounds(start, end);
        const it = (this.decodingDb(start[0]!).getRange({ start, end: b.end, transaction: txn } as never) as Iterable<{ value: unknown }>)[Symbol.iterator]();
        const releaser = this.releaser;
        try {
          for (;;) {
            // Set before each step: the sink may run another range (a subquery) in between.
            this.decoding = decode;
            const step = it.next();
            if (step.done) return;
            releaser?.tick();
            sink(step.value.value as never);
          }
        } finally {
          it.return?.();
        }
      },
      get: (key) => this.db(key).get(key, opts),
      getTransient: (key) => {
        const db = this.db(key) as Database<Buffer, Buffer> & { getBinaryFast(k: Buffer, o: typeof opts): Buffer | undefined; lastSize: number };
        // lmdb's typings omit getBinaryFast's options (read.js takes the transaction). The buffer it
        // returns is its shared read buffer with a patched `length`; the real size is db.lastSize.
        const v = db.getBinaryFast(key, opts);
        return v === undefined ? undefined : v.subarray(0, db.lastSize);
      },
      range: (start, end) => {
        const b = this.bounds(start, end);
        const entries = b.db.getRange({ start, end: b.end, transaction: txn }) as Iterable<KvEntry>;
        return this.releaser === null ? entries : this.released(entries, this.releaser);
      },
      lastKey: (start, end) => {
        const b = this.bounds(start, end);
        // Reverse ranges run from `start` (exclusive here: the upper bound) down to `end`.
        for (const k of b.db.getKeys({ start: b.end, end: start, reverse: true, exclusiveStart: b.end !== undefined, limit: 1, transaction: txn }))
          return k as Buffer;
        return undefined;
      },
      close: () => {
        if (open) txn.done();
        open = false;
      },
    };
  }

  write<T>(fn: (w: KvWriter) => T): T {
    // Per space: the largest key now in it, known once asked; puts beyond it append.
    const tails = new Map<Database<Buffer, Buffer>, Buffer | null>();
    const tail = (db: Database<Buffer, Buffer>): Buffer | null => {
      let t = tails.get(db);
      if (t === undefined) {
        t = null;
        for (const k of db.getKeys({ reverse: true, limit: 1 })) t = Buffer.from(k as Buffer);
        tails.set(db, t);
      }
      return t;
    };
    const writer: KvWriter = {
      get: (key) => this.db(key).get(key),
      put: (key, value) => {
        const db = this.db(key);
        const last = tail(db);
        if (last === null || compareBytes(key, last) > 0) {
          db.putSync(key, value, APPEND);
          tails.set(db, key);
        } else {
          db.putSync(key, value);
        }
      },
      remove: (key) => {
        const db = this.db(key);
        db.removeSync(key);
        // The tail may be gone; look it up again when next needed.
        if (tails.get(db)?.equals(key)) tails.delete(db);
      },
      range: (start, end) => {
        const b = this.bounds(start, end);
        return b.db.getRange({ start, end: b.end, snapshot: false }) as Iterable<KvEntry>;
      },
      putPacked: (packed, from, to) => {
        const { bytes, ks, kl, vl } = packed;
        // lmdb-js takes a value as [start, end) of a Buffer that begins its ArrayBuffer when the Buffer
        // carries `start`/`end`: one Buffer for every value of the run instead of a view per value.
        const values = bytes as Buffer & { start?: number; end?: number };
        const buffer = bytes.buffer;
        let db: Database<Buffer, Buffer> | undefined;
        // Keys ascend: once one is past the space's last key, every later one is too.
        let appended: Uint8Array | null = null;
        try {
          for (let i = from; i < to; i++) {
            const s = ks[i]!;
            // A plain Uint8Array view costs less to make than a Buffer one, and lmdb-js copies key bytes from either.
            const key = new Uint8Array(buffer, s, kl[i]!) as Buffer;
            const len = vl[i]!;
            if (len < 0) {
              if (appended !== null) tails.set(db!, Buffer.from(appended));
              appended = null;
              writer.remove(bytes.subarray(s, s + kl[i]!));
              continue;
            }
            db ??= this.db(key);
            if (appended === null) {
              const last = tail(db);
              if (last === null || compareBytes(key, last) > 0) appended = key;
            }
            values.start = s + kl[i]!;
            values.end = values.start + len;
            if (appended !== null) {
              db.putSync(key, values, APPEND);
              appended = key;
            } else db.putSync(key, values);
          }
        } finally {
          values.start = undefined;
          values.end = undefined;
          if (appended !== null) tails.set(db!, Buffer.from(appended));
        }
      },
    };
    return this.env.transactionSync(() => fn(writer));
  }

  /**
   * Releases the data file's mapped pages when they have grown (see PageReleaser): a bulk load calls
   * it between writes, as the B-tree pages its puts descend through stay mapped too.
   */
  releasePages(): void {
    this.releaser?.check();
  }

  /** Flushes everything written to disk (fsync): the end of a bulk load. */
  sync(): Promise<void> {
    return new Promise((resolve, reject) => (this.env as unknown as { sync(cb: (e?: Error) => void): void }).sync((e) => (e ? reject(e) : resolve())));
  }

  close(): void {
    this.env.close();
  }
}
