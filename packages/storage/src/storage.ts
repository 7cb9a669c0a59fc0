import { join } from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import { prepareNewDir, readIdentity, writeIdentity, type DataDirIdentity } from './dir/data-dir.js';
import { acquireWriterLock } from './dir/writer-lock.js';
import { DEFAULT_RETENTION, type ChangeSet, type RetentionPolicy } from './engine/change-log.js';
import { Engine } from './engine/engine.js';
import { Snapshot } from './engine/snapshot.js';
import { Transaction } from './engine/transaction.js';
import { LmdbKv } from './kv/lmdb-kv.js';
import { MemoryKv } from './kv/memory-kv.js';
import { IDENTITY_FILE } from './dir/data-dir.js';
import { randomUUID } from 'node:crypto';
import { KEY_SPACES } from './keyspace.js';
import type { IndexSpec } from './catalog/ddl-specs.js';
import { createIndexesSorted, type SortedIndexResult } from './engine/sorted-index-build.js';

export interface OpenOptions {
  /** The data directory. */
  dir: string;
  /** Create the directory (absent or empty) when it is not a data directory yet. */
  create?: boolean;
  /** Open for reading only (no writer lock; any number of read-only openers may run beside the writer). */
  readOnly?: boolean;
  /** Change-log retention (defaults: 7 days and at least the last 10,000 commits). */
  retention?: Partial<RetentionPolicy>;
  /**
   * Bulk load into a new directory nobody else uses yet (a conversion or restore into a temporary sibling that is
   * renamed at the end): commits are not flushed to disk one by one; `sync()` flushes everything once, before the
   * directory is published. A crash before then can lose or tear any commit, so the directory must be thrown away
   * (as a temporary sibling is). Also allows `createIndexesSorted`.
   */
  bulkLoad?: boolean;
}

/** The LMDB environment lives in this subdirectory of the data directory. */
const LMDB_SUBDIR = 'lmdb';

/** An open database: a data directory on LMDB, or an in-memory one. */
export class Storage {
  private closed = false;
  private bulkLoad = false;

  private constructor(
    private readonly engine: Engine,
    readonly identity: DataDirIdentity,
    /** The data directory, or null for a memory database. */
    readonly dir: string | null,
    private readonly releaseLock: () => void,
  ) {}

  static open(options: OpenOptions): Storage {
    const { dir } = options;
    const retention = { ...DEFAULT_RETENTION, ...options.retention };
    if (options.readOnly) {
      const identity = readIdentity(dir);
      return new Storage(new Engine(new LmdbKv(join(dir, LMDB_SUBDIR), true, KEY_SPACES), retention), identity, dir, () => {});
    }
    const isNew = options.create === true && !existsSync(join(dir, IDENTITY_FILE));
    if (isNew) mkdirSync(dir, { recursive: true });
    else readIdentity(dir);
    const release = acquireWriterLock(dir);
    try {
      if (isNew) prepareNewDir(dir);
      const identity = isNew ? null : readIdentity(dir);
      const engine = new Engine(new LmdbKv(join(dir, LMDB_SUBDIR), false, KEY_SPACES, options.bulkLoad === true), retention);
      // A large transaction's pending writes spill beside the data (the same disk, not a tmpfs /tmp); the file is
      // unlinked as soon as it is open.
      engine.spillDir = dir;
      engine.initialize();
      engine.prune();
      // The identity file is written last: a directory without it was never completely created.
      const storage = new Storage(engine, identity ?? writeIdentity(dir), dir, release);
      storage.bulkLoad = options.bulkLoad === true;
      return storage;
    } catch (e) {
      release();
      throw e;
    }
  }

  /**
   * A database that lives only in this process's memory: empty, or holding what `options.kv` was loaded with
   * (restoreIntoMemory, dump/restore-memory.ts).
   */
  static memory(options: { retention?: Partial<RetentionPolicy>; kv?: MemoryKv } = {}): Storage {
    const engine = new Engine(options.kv ?? new MemoryKv(), { ...DEFAULT_RETENTION, ...options.retention });
    engine.initialize();
    const identity: DataDirIdentity = {
      product: 'heliosdb-nano',
      formatVersion: 1,
      rowFormat: 1,
      databaseId: randomUUID(),
      createdAt: new Date().toISOString(),
    };
    return new Storage(engine, identity, null, () => {});
  }

  /** The database id (UUID) created with the data directory. */
  get databaseId(): string {
    return this.identity.databaseId;
  }

  get readOnly(): boolean {
    return this.engine.readOnly;
  }

  /** The LSN of the latest commit. */
  get lsn(): bigint {
    const s = this.snapshot();
    try {
      return s.lsn;
    } finally {
      s.close();
    }
  }

  /** Starts a transaction reading the latest committed state. Writing needs `await tx.lockForWrite()`. */
  begin(): Transaction {
    this.assertOpen();
    return new Transaction(this.engine);
  }

  /** Starts a transaction that already holds the writer lock. */
  async beginWrite(): Promise<Transaction> {
    const tx = this.begin();
    try {
      await tx.lockForWrite();
    } catch (e) {
      tx.rollback();
      throw e;
    }
    return tx;
  }

  /** Runs `fn` in a write transaction; commits when it returns, rolls back when it throws. Returns the commit LSN. */
  async write(fn: (tx: Transaction) => unknown): Promise<bigint> {
    const tx = await this.beginWrite();
    try {
      await fn(tx);
      return tx.commit();
    } catch (e) {
      tx.rollback();
      throw e;
    }
  }

  /** A read-only view of the latest commit; close it when done. */
  snapshot(): Snapshot {
    this.assertOpen();
    return new Snapshot(this.engine);
  }

  /** Changes after `lsn` up to the latest commit (see ChangeSet). */
  changesSince(lsn: bigint): ChangeSet {
    const s = this.snapshot();
    try {
      return s.changesSince(lsn);
    } finally {
      s.close();
    }
  }

  /** Flushes every commit to disk (fsync): what ends a bulk load (`OpenOptions.bulkLoad`); a no-op in memory. */
  async sync(): Promise<void> {
    this.assertOpen();
    if (this.engine.kv instanceof LmdbKv) await this.engine.kv.sync();
  }

  /**
   * Creates indexes of `table`, which already holds its rows, from sorted entries written in key order
   * (engine/sorted-index-build.ts): memory bounded by `runBytes` whatever the table's size, where createIndex
   * keeps every entry in one transaction. Only in bulk-load mode (its entries are written before the catalog
   * commit that makes them visible, so a crash part-way leaves entries no catalog names). A duplicate in a unique
   * index, or an entry over the key size limit, throws the error an insert would have (23505 naming the later
   * row in key order, 54000) and leaves none of the indexes; a spec whose definition is refused is returned in
   * `refused` and the others are created.
   */
  async createIndexesSorted(
    table: string,
    specs: readonly Omit<IndexSpec, 'table' | 'schema'>[],
    options: { schema?: string; runBytes?: number; tmpDir?: string } = {},
  ): Promise<SortedIndexResult> {
    if (!this.bulkLoad || this.dir === null) throw new Error('storage: createIndexesSorted needs a data directory opened with bulkLoad: true');
    const tx = await this.beginWrite();
    try {
      return createIndexesSorted(this.engine.kv, tx, table, options.schema ?? 'public', specs.map((s) => ({ ...s, table })), {
        tmpDir: options.tmpDir ?? this.dir,
        ...(options.runBytes !== undefined && { runBytes: options.runBytes }),
      });
    } finally {
      tx.rollback();
    }
  }

  /** Closes the database; snapshots and transactions still open end (uncommitted writes are lost). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.engine.sequences.flush();
    this.engine.closeSnapshots();
    this.engine.kv.close();
    this.releaseLock();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`storage: ${this.dir ?? 'the memory database'} is closed`);
  }
}
