import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { open, type Database, type RootDatabase, type Transaction as LmdbTxn } from 'lmdb';
import { Catalog } from '../catalog/catalog.js';
import type { CatalogData, TableDef } from '../catalog/catalog-types.js';
import { prefixEnd } from '../kv/kv.js';
import { canReleaseMappedPages, PageReleaser } from '../kv/release-pages.js';
import { META_CATALOG, META_LSN, Space } from '../keyspace.js';

/**
 * A read-only view of a data directory's LMDB environment for full dumps: one LMDB read
 * transaction (one LSN), and table scans that hand each row's key and value to a callback as byte
 * ranges of lmdb-js's shared read buffers. The engine's `rawRows` gives every entry two fresh
 * Buffers, which at a million rows is most of a dump's time (allocation and GC); here nothing is
 * allocated per row. Layout as in keyspace.ts and LmdbKv (one named database per key space).
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
  private sink: ((keySrc: Uint8Array, keyStart: number, keyEnd: number, value: Uint8Array, valueEnd: number) => unknown) | null = null;
  /** Keeps the pages a table scan maps bounded (see release-pages.ts), when the native helper is there. */
  private readonly releaser: PageReleaser | null;

  constructor(dataDir: string) {
    this.env = open<Buffer, Buffer>({ path: join(dataDir, 'lmdb'), readOnly: true, maxDbs: 7, mapSize: 2 ** 40, keyEncoding: 'binary', encoding: 'binary' });
    this.meta = this.env.openDB<Buffer, Buffer>({ name: spaceName(Space.Meta), keyEncoding: 'binary', encoding: 'binary' });
    this.rows = this.env.openDB({
      name: spaceName(Space.Row),
      keyEncoding: 'binary',
      // A decoder that does not need a stable buffer is handed lmdb-js's shared one (no copy).
      encoder: {
        encode: (v: Buffer) => v,
        decode: (bytes: Uint8Array, size: number) => this.sink!(this.keySrc, this.keyStart, this.keyEnd, bytes, size),
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
    const lsn = this.meta.get(META_LSN, { transaction: this.txn } as never) as Buffer | undefined;
    const catalog = this.meta.get(META_CATALOG, { transaction: this.txn } as never) as Buffer | undefined;
    if (!catalog) throw new Error(`dump: ${dataDir} has no catalog (meta key "catalog" is missing)`);
    this.lsn = lsn ? lsn.readBigUInt64BE(0) : 0n;
    this.catalog = new Catalog(JSON.parse(catalog.toString('utf8')) as CatalogData);
  }

  /**
   * Calls `row` for every row of `table` in key order with the full row key (space byte, table id,
   * primary key) as keySrc[keyStart, keyEnd) and the row bytes as value[0, valueEnd). The ranges are
   * valid only during the call. A promise `row` returns is awaited before the next row.
   */
  async scan(table: TableDef, row: (keySrc: Uint8Array, keyStart: number, keyEnd: number, value: Uint8Array, valueEnd: number) => unknown): Promise<void> {
    const start = Buffer.alloc(5);
    start[0] = Space.Row;
    start.writeUInt32BE(table.id, 1);
    this.sink = row;
    try {
      for (const { value } of this.rows.getRange({ start, end: prefixEnd(start), transaction: this.txn } as never)) {
        if (value) await value;
        this.releaser?.tick();
      }
    } finally {
      this.sink = null;
    }
  }

  /** Only the data catalog's view of the tables; the same one the rows are read at. */
  get catalogData(): CatalogData {
    return this.catalog.data;
  }

  close(): void {
    this.txn.done();
    this.env.close();
  }
}

function spaceName(b: number): string {
  return `space-${b.toString(16).padStart(2, '0')}`;
}
