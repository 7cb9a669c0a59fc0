import { copyFileSync, mkdtempSync, readdirSync, openSync, readSync, rmSync, writeSync, closeSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { T } from '@heliosdb/types';
import { LmdbFile, type LmdbEntrySink, type LmdbTree } from '../kv/lmdb-file.js';
import { Storage } from '../storage.js';
import { dumpDatabase } from './dump-database.js';
import { LmdbTableScan } from './lmdb-table-scan.js';

// The page reader (LmdbFile) against LMDB itself: every table scanned from the data file's pages must
// give exactly the entries lmdb-js's cursor gives in the same transaction, byte for byte and in order.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function work(): string {
  const d = mkdtempSync(join(tmpdir(), 'heliosdb-pages-test-'));
  dirs.push(d);
  return d;
}

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every row of every table as hex "key=value" strings, through the page reader or the cursor. */
async function entries(dir: string, pages: boolean): Promise<{ readsPages: boolean; tables: Record<string, string[]> }> {
  const scan = new LmdbTableScan(dir, { pages });
  try {
    const tables: Record<string, string[]> = {};
    for (const t of scan.catalogData.tables) {
      const rows: string[] = (tables[t.name] = []);
      await scan.scan(t, (k, ks, ke, v, vs, ve) => {
        rows.push(`${Buffer.from(k.subarray(ks, ke)).toString('hex')}=${Buffer.from(v.subarray(vs, ve)).toString('hex')}`);
      });
    }
    return { readsPages: scan.readsPages, tables };
  } finally {
    scan.close();
  }
}

/**
 * Tables whose trees have several branch levels, rows large enough for overflow pages (2 KiB to
 * 200 KiB), and pages scattered over the file by random inserts, updates and deletes in many commits.
 */
async function buildScattered(dir: string): Promise<Storage> {
  const db = Storage.open({ dir, create: true });
  const r = prng(7);
  await db.write((tx) => {
    tx.createTable({ name: 'small', columns: [{ name: 'id', type: T.int8 }, { name: 'v', type: T.text }], primaryKey: { columns: ['id'] } });
    tx.createTable({ name: 'big', columns: [{ name: 'id', type: T.int4 }, { name: 'blob', type: T.bytea }], primaryKey: { columns: ['id'] } });
    tx.createTable({ name: 'empty', columns: [{ name: 'id', type: T.int4 }], primaryKey: { columns: ['id'] } });
    tx.createTable({ name: 'textkey', columns: [{ name: 'k', type: T.text }, { name: 'n', type: T.int4 }], primaryKey: { columns: ['k'] } });
  });
  for (let batch = 0; batch < 12; batch++) {
    await db.write((tx) => {
      const small = tx.table('small');
      for (let i = 0; i < 4000; i++) {
        const id = BigInt(Math.floor(r() * 200_000));
        const key = tx.keyOf(small, [id]);
        if (r() < 0.15) tx.delete(small, key);
        else if (!tx.delete(small, key) || r() < 0.5) tx.insert(small, [id, 'x'.repeat(Math.floor(r() * 60))]);
      }
      const big = tx.table('big');
      for (let i = 0; i < 6; i++) {
        const id = Math.floor(r() * 40);
        tx.delete(big, tx.keyOf(big, [id]));
        const size = [1500, 2100, 4090, 4200, 9000, 200_000][Math.floor(r() * 6)]!;
        tx.insert(big, [id, Buffer.alloc(size, Math.floor(r() * 256))]);
      }
      const textkey = tx.table('textkey');
      for (let i = 0; i < 300; i++) {
        const k = `${'k'.repeat(Math.floor(r() * 200))}${Math.floor(r() * 1e6)}`;
        if (!tx.delete(textkey, tx.keyOf(textkey, [k]))) tx.insert(textkey, [k, i]);
      }
    });
  }
  return db;
}

/** The newer of the data file's two meta pages' transaction ids (meta: after the 24-byte page header, txnid at +128). */
function newestTxnid(path: string): number {
  const fd = openSync(path, 'r');
  const b = Buffer.alloc(4096 + 200);
  readSync(fd, b, 0, b.length, 0);
  closeSync(fd);
  return Math.max(Number(b.readBigUInt64LE(24 + 128)), Number(b.readBigUInt64LE(4096 + 24 + 128)));
}

describe('LmdbTableScan reading pages', () => {
  it('gives the same entries as the LMDB cursor, over branch levels, overflow values and scattered pages', async () => {
    const dir = join(work(), 'db');
    const db = await buildScattered(dir);
    db.close();
    const viaPages = await entries(dir, true);
    const viaCursor = await entries(dir, false);
    expect(viaPages.readsPages).toBe(true);
    expect(viaCursor.readsPages).toBe(false);
    expect(viaCursor.tables['small']!.length).toBeGreaterThan(30_000);
    expect(viaCursor.tables['big']!.some((e) => e.length > 400_000)).toBe(true);
    expect(viaCursor.tables['empty']).toEqual([]);
    expect(viaPages.tables).toEqual(viaCursor.tables);
    // The row space's tree has branch pages above branch pages: the walk goes up and down levels.
    const file = LmdbFile.open(join(dir, 'lmdb', 'data.mdb'), newestTxnid(join(dir, 'lmdb', 'data.mdb')))!;
    expect((await file.subDb('space-10'))!.depth).toBeGreaterThanOrEqual(3);
    file.close();
  });

  it('reads the transaction it started with while another writer commits many times', async () => {
    const dir = join(work(), 'db');
    const db = await buildScattered(dir);
    const before = await entries(dir, false);
    const scan = new LmdbTableScan(dir);
    expect(scan.readsPages).toBe(true);
    // More commits than LMDB has meta pages, changing every table, while the scan's transaction is open.
    for (let i = 0; i < 5; i++) {
      await db.write((tx) => {
        const small = tx.table('small');
        for (let k = 0; k < 2000; k++) tx.insert(small, [1_000_000n + BigInt(i * 2000 + k), 'new']);
        tx.delete(tx.table('big'), tx.keyOf(tx.table('big'), [(i * 7) % 40]));
      });
    }
    const seen: Record<string, string[]> = {};
    for (const t of scan.catalogData.tables) {
      const rows: string[] = (seen[t.name] = []);
      await scan.scan(t, (k, ks, ke, v, vs, ve) => {
        rows.push(`${Buffer.from(k.subarray(ks, ke)).toString('hex')}=${Buffer.from(v.subarray(vs, ve)).toString('hex')}`);
      });
    }
    scan.close();
    db.close();
    expect(seen).toEqual(before.tables);
  });

  it('falls back to the cursor when no meta page holds the transaction', async () => {
    const dir = join(work(), 'db');
    const db = await buildScattered(dir);
    db.close();
    expect(LmdbFile.open(join(dir, 'lmdb', 'data.mdb'), 1)).toBeNull();
  });

  it('fails a scan, rather than passing other bytes on, when a page is not the one its tree points to', async () => {
    const w = work();
    const dir = join(w, 'db');
    const db = await buildScattered(dir);
    db.close();
    // A copy whose leaf pages of the row space each claim another page number.
    const copy = join(w, 'copy');
    mkdirSync(join(copy, 'lmdb'), { recursive: true });
    copyFileSync(join(dir, 'heliosdb.json'), join(copy, 'heliosdb.json'));
    copyFileSync(join(dir, 'lmdb', 'data.mdb'), join(copy, 'lmdb', 'data.mdb'));
    const fd = openSync(join(copy, 'lmdb', 'data.mdb'), 'r+');
    const page = Buffer.alloc(4096);
    for (let pgno = 2; readSync(fd, page, 0, 4096, pgno * 4096) === 4096; pgno++) {
      if ((page.readUInt16LE(18) & 0x02) === 0 || page.readUInt16LE(20) < 40) continue;
      page.writeUInt32LE(pgno + 1, 0);
      writeSync(fd, page, 0, 4096, pgno * 4096);
    }
    closeSync(fd);
    const scan = new LmdbTableScan(copy);
    try {
      expect(scan.readsPages).toBe(true);
      const small = scan.catalogData.tables.find((t) => t.name === 'small')!;
      await expect(scan.scan(small, () => undefined)).rejects.toThrow(/page \d+ is not the leaf page of transaction/);
    } finally {
      scan.close();
    }
  });

  it('a dump fails when the rows read from pages disagree with LMDB\'s count (a page walk that skips an entry)', async () => {
    const w = work();
    const db = await buildScattered(join(w, 'db'));
    // The walk with a fault: every table's 10th entry is dropped before the sink sees it.
    const scan = LmdbFile.prototype.scan;
    const spy = vi.spyOn(LmdbFile.prototype, 'scan').mockImplementation(function (this: LmdbFile, tree: LmdbTree, start: Uint8Array, end: Uint8Array | null, sink: LmdbEntrySink) {
      let n = 0;
      return scan.call(this, tree, start, end, (...a) => (++n === 10 ? undefined : sink(...a))).then((c) => (n >= 10 && tree !== this.main ? c - 1 : c));
    });
    try {
      await expect(dumpDatabase(db, join(w, 'x.heliodump'))).rejects.toThrow(/table public\.small: read \d+ rows from the data file's pages, LMDB counts \d+ in the same transaction/);
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
      db.close();
    }
    expect(readdirSync(w).filter((f) => f.includes('heliodump'))).toEqual([]);
  });
});
