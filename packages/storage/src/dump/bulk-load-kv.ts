import { open, type Database, type RootDatabase } from 'lmdb';
import type { KvBackend, KvEntry, KvSnapshot, KvWriter } from '../kv/kv.js';
import { compareBytes } from '../kv/ordered-map.js';

/**
 * The keyspace of a database being restored, in the layout of the engine's LMDB backend (one named
 * database "space-XX" per first key byte, keys keep that byte; see kv/lmdb-kv.ts), opened for a
 * bulk load: write transactions commit without fsync and `sync()` flushes once at the end. Nobody
 * else sees the directory before the restore renames it into place, and a crash before then leaves
 * only the temporary directory, so durability per batch buys nothing; the final sync is what counts.
 * Ascending puts past a space's last key use MDB_APPEND (full pages), as the engine does.
 */
export class BulkLoadKv implements KvBackend {
  readonly readOnly = false;
  private readonly env: RootDatabase<Buffer, Buffer>;
  private readonly spaces = new Map<number, Database<Buffer, Buffer>>();
  private readonly tails = new Map<Database<Buffer, Buffer>, Buffer | null>();

  constructor(path: string, spaceBytes: readonly number[]) {
    this.env = open<Buffer, Buffer>({ path, maxDbs: spaceBytes.length + 2, mapSize: 2 ** 40, keyEncoding: 'binary', encoding: 'binary', noSync: true });
    for (const b of spaceBytes) {
      const name = `space-${b.toString(16).padStart(2, '0')}`;
      this.spaces.set(b, this.env.openDB<Buffer, Buffer>({ name, keyEncoding: 'binary', encoding: 'binary' }));
    }
  }

  private db(key: Buffer): Database<Buffer, Buffer> {
    const db = this.spaces.get(key[0]!);
    if (!db) throw new Error(`restore: key ${key.toString('hex')} is in no known key space`);
    return db;
  }

  snapshot(): KvSnapshot {
    throw new Error('restore: the bulk-load keyspace is write-only');
  }

  write<T>(fn: (w: KvWriter) => T): T {
    const tail = (db: Database<Buffer, Buffer>): Buffer | null => {
      let t = this.tails.get(db);
      if (t === undefined) {
        t = null;
        for (const k of db.getKeys({ reverse: true, limit: 1 })) t = Buffer.from(k as Buffer);
        this.tails.set(db, t);
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
          this.tails.set(db, key);
        } else {
          db.putSync(key, value);
        }
      },
      remove: (key) => {
        const db = this.db(key);
        db.removeSync(key);
        if (this.tails.get(db)?.equals(key)) this.tails.delete(db);
      },
      range: (start, end) => {
        const db = this.db(start);
        const to = end[0] === start[0] ? end : undefined;
        return db.getRange({ start, end: to, snapshot: false }) as Iterable<KvEntry>;
      },
    };
    return this.env.transactionSync(() => fn(writer));
  }

  /** Flushes everything written to disk (fsync). */
  sync(): Promise<void> {
    return new Promise((resolve, reject) => (this.env as unknown as { sync(cb: (e?: Error) => void): void }).sync((e) => (e ? reject(e) : resolve())));
  }

  close(): void {
    this.env.close();
  }
}

const APPEND = Object.freeze({ append: true });
