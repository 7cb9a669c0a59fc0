import { open, type Database, type RootDatabase } from 'lmdb';
import type { KvBackend, KvEntry, KvSnapshot, KvWriter } from './kv.js';

/**
 * The LMDB backend: one environment, one binary keyspace (the sub-database "nano").
 * Snapshots are LMDB read transactions, which other processes may hold while this one commits;
 * a write is one synchronous LMDB transaction, durable when `write` returns.
 */
export class LmdbKv implements KvBackend {
  private readonly env: RootDatabase<Buffer, Buffer>;
  private readonly db: Database<Buffer, Buffer>;

  constructor(
    path: string,
    readonly readOnly: boolean,
  ) {
    this.env = open<Buffer, Buffer>({
      path,
      readOnly,
      maxDbs: 4,
      // Address space only; the file grows as needed. 1 TiB leaves room for any embedded workload.
      mapSize: 2 ** 40,
      keyEncoding: 'binary',
      encoding: 'binary',
    });
    this.db = this.env.openDB<Buffer, Buffer>({ name: 'nano', keyEncoding: 'binary', encoding: 'binary' });
  }

  snapshot(): KvSnapshot {
    const txn = this.env.useReadTransaction();
    const opts = { transaction: txn };
    const db = this.db;
    let open = true;
    return {
      get: (key) => db.get(key, opts),
      range: (start, end) => db.getRange({ start, end, transaction: txn }) as Iterable<KvEntry>,
      lastKey: (start, end) => {
        for (const k of db.getKeys({ start: end, end: start, reverse: true, exclusiveStart: true, limit: 1, transaction: txn }))
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
    const db = this.db;
    const writer: KvWriter = {
      get: (key) => db.get(key),
      put: (key, value) => db.putSync(key, value),
      remove: (key) => void db.removeSync(key),
      range: (start, end) => db.getRange({ start, end, snapshot: false }) as Iterable<KvEntry>,
    };
    return this.env.transactionSync(() => fn(writer));
  }

  close(): void {
    this.env.close();
  }
}
