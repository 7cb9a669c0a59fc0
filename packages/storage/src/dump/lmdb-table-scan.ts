import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { open, type Database, type RootDatabase, type Transaction as LmdbTxn } from 'lmdb';
import { Catalog } from '../catalog/catalog.js';
import type { CatalogData, TableDef } from '../catalog/catalog-types.js';
import { prefixEnd } from '../kv/kv.js';
import { LmdbFile, type LmdbTree } from '../kv/lmdb-file.js';
import { canReleaseMappedPages, PageReleaser } from '../kv/release-pages.js';
import { META_CATALOG, META_LSN, Space } from '../keyspace.js';

/** A row as byte ranges: the full row key keySrc[keyStart, keyEnd), the row value[valueStart, valueEnd). */
export type RowSink = (keySrc: Uint8Array, keyStart: number, keyEnd: number, value: Uint8Array, valueStart: number, valueEnd: number) => unknown;

/**
 * A read-only view of a data directory's LMDB environment for full dumps: one LMDB read
 * transaction (one LSN), and table scans that hand each row's key and value to a callback as byte
 * ranges, allocating nothing per row. Rows are read from the data file's pages (LmdbFile) when the
 * file's layout is the one it knows and the transaction's meta page is found; else, and when asked
 * (`pages: false`), through lmdb-js's cursor and shared read buffers. Either way the rows scanned are
 * checked against LMDB's own count in the same transaction (checkCounts). Layout as in keyspace.ts
 * and LmdbKv (one named database per key space).
 */
export class LmdbTableScan {
  private readonly env: RootDatabase<Buffer, Buffer>;
  private readonly meta: Database<Buffer, Buffer>;
  private readonly rows: Database<unknown, Buffer>;
  private readonly txn: LmdbTxn;
  readonly lsn: bigint;
  readonly catalog: Catalog;
  // The current entry, set by the key and value decoders below during each iterator step.
  private keySrc: Uint8Array = new Uint8Array(0);
  private keyStart = 0;
  private keyEnd = 0;
  private sink: RowSink | null = null;
  /** The data file read page by page at this transaction, or null: through the cursor. */
  private readonly file: LmdbFile | null;
  private rowTree: Promise<LmdbTree | null> | null = null;
  /** Rows read from pages, per table. */
  private readonly scanned = new Map<TableDef, number>();
  /** Keeps the pages a table scan maps bounded (see release-pages.ts), when the native helper is there. */
  private readonly releaser: PageReleaser | null;

  constructor(dataDir: string, options: { pages?: boolean } = {}) {
    this.env = open<Buffer, Buffer>({ path: join(dataDir, 'lmdb'), readOnly: true, maxDbs: 7, mapSize: 2 ** 40, keyEncoding: 'binary', encoding: 'binary' });
    this.meta = this.env.openDB<Buffer, Buffer>({ name: spaceName(Space.Meta), keyEncoding: 'binary', encoding: 'binary' });
    this.rows = this.env.openDB({
      name: spaceName(Space.Row),
      keyEncoding: 'binary',
      // A decoder that does not need a stable buffer is handed lmdb-js's shared one (no copy).
      encoder: {
        encode: (v: Buffer) => v,
        decode: (bytes: Uint8Array, size: number) => this.sink!(this.keySrc, this.keyStart, this.keyEnd, bytes, 0, size),
        needsStableBuffer: false,
      },
    } as never) as Database<unknown, Buffer>;
    // lmdb-js reads each key with the store's readKey (a copying slice for binary keys); record the range instead.
    (this.rows as unknown as { readKey: (t: Uint8Array, s: number, e: number) => number }).readKey = (target, start, end) => {
      this.keySrc = target;
      this.keyStart = start;
      this.keyEnd = end;
      return end;
    };
    this.releaser = canReleaseMappedPages ? new PageReleaser(realpathSync(join(dataDir, 'lmdb', 'data.mdb'))) : null;
    this.txn = this.env.useReadTransaction();
    // Right after the transaction starts, while a meta page still names it (see LmdbFile.open).
    const txnid = options.pages === false ? null : ownReadTxnid(this.env);
    this.file = txnid === null ? null : LmdbFile.open(join(dataDir, 'lmdb', 'data.mdb'), txnid);
    const lsn = this.meta.get(META_LSN, { transaction: this.txn } as never) as Buffer | undefined;
    const catalog = this.meta.get(META_CATALOG, { transaction: this.txn } as never) as Buffer | undefined;
    if (!catalog) throw new Error(`dump: ${dataDir} has no catalog (meta key "catalog" is missing)`);
    this.lsn = lsn ? lsn.readBigUInt64BE(0) : 0n;
    this.catalog = new Catalog(JSON.parse(catalog.toString('utf8')) as CatalogData);
  }

  /** True when rows are read from the data file's pages rather than through the cursor. */
  get readsPages(): boolean {
    return this.file !== null;
  }

  /**
   * Calls `row` for every row of `table` in key order with the full row key (space byte, table id,
   * primary key) as keySrc[keyStart, keyEnd) and the row bytes as value[valueStart, valueEnd). The
   * ranges are valid only during the call. A promise `row` returns is awaited before the next row.
   */
  async scan(table: TableDef, row: RowSink): Promise<void> {
    const start = Buffer.alloc(5);
    start[0] = Space.Row;
    start.writeUInt32BE(table.id, 1);
    const end = prefixEnd(start);
    const tree = this.file ? await (this.rowTree ??= this.file.subDb(spaceName(Space.Row))) : null;
    if (this.file && tree) {
      this.scanned.set(table, await this.file.scan(tree, start, end, row));
      return;
    }
    this.sink = row;
    try {
      for (const { value } of this.rows.getRange({ start, end, transaction: this.txn } as never)) {
        if (value) await value;
        this.releaser?.tick();
      }
    } finally {
      this.sink = null;
    }
  }

  /**
   * After every table was scanned: checks the rows read from pages against LMDB's own count in the
   * same transaction, so a page walk that went wrong fails the dump instead of writing other rows.
   * The row space's entry count (in its database record) is the cheap check; only when it differs
   * is each table counted through LMDB, which tells a wrong table (an error) from rows of no table
   * in the catalog (left out, as they were always).
   */
  async checkCounts(): Promise<void> {
    const tree = this.rowTree ? await this.rowTree : null;
    if (!tree) return;
    let total = 0;
    for (const n of this.scanned.values()) total += n;
    if (total === tree.entries) return;
    for (const [table, n] of this.scanned) {
      const start = Buffer.alloc(5);
      start[0] = Space.Row;
      start.writeUInt32BE(table.id, 1);
      const counted = this.rows.getCount({ start, end: prefixEnd(start), transaction: this.txn } as never);
      if (counted !== n) throw new Error(`dump: table ${table.schema}.${table.name}: read ${n} rows from the data file's pages, LMDB counts ${counted} in the same transaction`);
    }
  }

  /** Only the data catalog's view of the tables; the same one the rows are read at. */
  get catalogData(): CatalogData {
    return this.catalog.data;
  }

  close(): void {
    this.file?.close();
    this.txn.done();
    this.env.close();
  }
}

function spaceName(b: number): string {
  return `space-${b.toString(16).padStart(2, '0')}`;
}

/**
 * The transaction id of this process's LMDB read transaction, from the environment's reader table
 * (lines "pid thread txnid"); null when this process has none, or several at different ids.
 */
function ownReadTxnid(env: RootDatabase<Buffer, Buffer>): number | null {
  const ids = new Set<number>();
  for (const line of env.readerList().split('\n')) {
    const [pid, , txnid] = line.trim().split(/\s+/);
    if (Number(pid) === process.pid && txnid !== undefined && /^\d+$/.test(txnid)) ids.add(Number(txnid));
  }
  return ids.size === 1 ? [...ids][0]! : null;
}
