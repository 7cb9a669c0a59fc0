import { closeSync, openSync, readSync } from 'node:fs';

/*
 * Reads the B-trees of an LMDB data file (data.mdb) straight from the file, as of one committed
 * transaction that a read transaction of this process holds open. Written from the page layout of
 * the LMDB that lmdb-js 3.5 builds (dependencies/lmdb/libraries/liblmdb/mdb.c, "LMDB 0.9.90", data
 * version 2, which adds a transaction id to every page header):
 *
 *   page header (24 bytes): pgno u64 | txnid u64 | pad u16 | flags u16 | lower u16, upper u16 (or pages u32)
 *   node pointers: u16 offsets after the header, (lower >> 1) of them; node i is at header + ptr[i]
 *   node: lo u16 | hi u16 | flags u16 | ksize u16 | key | data   (leaf: data size lo | hi << 16;
 *         branch: child pgno lo | hi << 16 | flags << 32, and node 0's key is empty, below every key)
 *   meta (pages 0 and 1, after the header): magic u32 | version u32 | address u64 | mapsize u64 |
 *         free db (48 bytes, its pad is the page size) | main db (48 bytes) | last pgno u64 | txnid u64
 *   db record (48 bytes): pad u32 | flags u16 | depth u16 | branch, leaf, overflow pages u64 | entries u64 | root u64
 *   F_BIGDATA leaf data: overflow pgno u64 | txnid u64 | pages u64; the value follows the overflow page's header
 *
 * Why: lmdb-js steps a cursor with one native call per entry (0.3-0.4 us), most of a full dump's
 * main-thread time; parsing pages read in runs of up to a megabyte costs a fraction of that. The
 * pages of the snapshot cannot change while the read transaction is open (LMDB reuses a page only
 * after every reader older than its release is gone), and every page read is checked to be what
 * the tree says it is (its own pgno, its kind, a creator txnid no newer than the snapshot's), so a
 * mistake here fails loudly instead of dumping wrong rows.
 */

const PAGEHDRSZ = 24;
const P_BRANCH = 0x01;
const P_LEAF = 0x02;
const P_OVERFLOW = 0x04;
const P_LEAF2 = 0x20;
const P_SUBP = 0x40;
const F_BIGDATA = 0x01;
const F_SUBDATA = 0x02;
const F_DUPDATA = 0x04;
const MDB_MAGIC = 0xbeefc0de;
const MDB_DATA_VERSION = 2;
const MDB_ENCRYPT = 0x2000;
/** Database flags that change how keys or values are laid out (dupsort, integer keys, reverse keys ...). */
const LAYOUT_FLAGS = 0x02 | 0x04 | 0x08 | 0x10 | 0x20 | 0x40;
/** Leaf pages read per read call when they lie one after another in the file. */
const RUN_PAGES = 256;

/** One B-tree: a database record of the main tree, or the main tree itself. */
export interface LmdbTree {
  readonly root: number;
  readonly depth: number;
  readonly entries: number;
  readonly flags: number;
}

/** A leaf entry: its key is keySrc[keyStart, keyEnd), its value valueSrc[valueStart, valueEnd); valid only during the call. */
export type LmdbEntrySink = (keySrc: Buffer, keyStart: number, keyEnd: number, valueSrc: Buffer, valueStart: number, valueEnd: number) => unknown;

export class LmdbFileError extends Error {
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'LmdbFileError';
  }
}

const u64 = (b: Buffer, o: number): number => b.readUInt32LE(o) + b.readUInt32LE(o + 4) * 0x1_0000_0000;

function readTree(b: Buffer, o: number): LmdbTree {
  return { flags: b.readUInt16LE(o + 4), depth: b.readUInt16LE(o + 6), entries: u64(b, o + 32), root: u64(b, o + 40) };
}

/** a[as, ae) against b[bs, be), bytewise, the shorter first on a tie (LMDB's default key order). */
function compare(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): number {
  const n = Math.min(ae - as, be - bs);
  for (let i = 0; i < n; i++) {
    const d = a[as + i]! - b[bs + i]!;
    if (d !== 0) return d;
  }
  return ae - as - (be - bs);
}

/**
 * The trees of `path` as of transaction `txnid`. `open` answers null, and the caller reads through
 * LMDB instead, when the file is not in the layout above (another LMDB version, encryption) or
 * its two meta pages no longer hold `txnid` (two commits came after it).
 */
export class LmdbFile {
  private readonly run: Buffer;
  private overflow = Buffer.alloc(0);

  private constructor(
    private readonly path: string,
    private readonly fd: number,
    readonly pageSize: number,
    readonly txnid: number,
    readonly main: LmdbTree,
  ) {
    this.run = Buffer.allocUnsafe(RUN_PAGES * pageSize);
  }

  static open(path: string, txnid: number): LmdbFile | null {
    const fd = openSync(path, 'r');
    try {
      const head = Buffer.alloc(PAGEHDRSZ + 160);
      if (readSync(fd, head, 0, head.length, 0) !== head.length) return close(fd);
      const m = PAGEHDRSZ;
      const pageSize = head.readUInt32LE(m + 24);
      if (head.readUInt32LE(m) !== MDB_MAGIC || head.readUInt32LE(m + 4) !== MDB_DATA_VERSION) return close(fd);
      if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return close(fd);
      for (const page of [0, 1]) {
        const b = Buffer.alloc(PAGEHDRSZ + 160);
        if (readSync(fd, b, 0, b.length, page * pageSize) !== b.length) return close(fd);
        if (b.readUInt32LE(m) !== MDB_MAGIC || (b.readUInt16LE(m + 28) & MDB_ENCRYPT) !== 0) return close(fd);
        if (u64(b, m + 128) !== txnid) continue;
        const main = readTree(b, m + 72);
        if ((main.flags & LAYOUT_FLAGS) !== 0) return close(fd);
        return new LmdbFile(path, fd, pageSize, txnid, main);
      }
      return close(fd);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  /** The named database `name`'s tree (a record of the main tree), or null when there is none or its keys are not plain bytes. */
  async subDb(name: string): Promise<LmdbTree | null> {
    const key = Buffer.from(name, 'utf8');
    let tree: LmdbTree | null = null;
    await this.scan(this.main, key, null, (src, ks, ke, vsrc, vs, ve) => {
      // lmdb-js names a database with its C string, terminating NUL included.
      if (ke - ks === key.length + 1 && src[ke - 1] === 0) ke--;
      if (compare(src, ks, ke, key, 0, key.length) !== 0) return false;
      if (ve - vs !== 48) throw new LmdbFileError(this.path, `database record "${name}" is ${ve - vs} bytes, not 48`);
      tree = readTree(vsrc, vs);
      return false;
    });
    const t = tree as LmdbTree | null;
    return t && (t.flags & LAYOUT_FLAGS) === 0 ? t : null;
  }

  /**
   * Calls `sink` for every entry of `tree` with start <= key < end (end null: to the last), in key
   * order; a promise it returns is awaited before the next entry, `false` stops the scan.
   * Returns the entries passed to `sink`.
   */
  async scan(tree: LmdbTree, start: Uint8Array, end: Uint8Array | null, sink: LmdbEntrySink): Promise<number> {
    let count = 0;
    if (tree.entries === 0 || tree.depth === 0) return 0;
    // The branch pages from the root down to the leaves' parents, with the child taken in each.
    const stack: { page: Buffer; index: number; count: number }[] = [];
    let pgno = tree.root;
    for (let level = 1; level < tree.depth; level++) {
      const page = this.readPage(pgno, P_BRANCH);
      const n = page.readUInt16LE(20) >> 1;
      // The last child whose first key is <= start (node 0 stands below every key).
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        const node = PAGEHDRSZ + page.readUInt16LE(PAGEHDRSZ + 2 * mid);
        const ks = page.readUInt16LE(node + 6);
        if (compare(page, node + 8, node + 8 + ks, start, 0, start.length) <= 0) lo = mid;
        else hi = mid - 1;
      }
      stack.push({ page, index: lo, count: n });
      pgno = branchChild(page, lo);
    }
    let first = true;
    for (;;) {
      // The leaves to read next: the rest of the lowest branch page's children (or the root leaf).
      const leaves: number[] = [];
      if (stack.length === 0) leaves.push(pgno);
      else {
        const low = stack[stack.length - 1]!;
        for (let i = low.index; i < low.count; i++) leaves.push(branchChild(low.page, i));
      }
      const run = this.run;
      for (let i = 0; i < leaves.length; ) {
        // One read for a run of leaves that lie one after another in the file.
        let n = 1;
        while (i + n < leaves.length && n < RUN_PAGES && leaves[i + n] === leaves[i]! + n) n++;
        this.readAt(run, n * this.pageSize, leaves[i]!);
        for (let j = 0; j < n; j++) {
          const base = j * this.pageSize;
          const leaf = leaves[i + j]!;
          this.checkPage(run, base, leaf, P_LEAF);
          const keys = run.readUInt16LE(base + 20) >> 1;
          for (let k = 0; k < keys; k++) {
            const node = base + PAGEHDRSZ + run.readUInt16LE(base + PAGEHDRSZ + 2 * k);
            const flags = run.readUInt16LE(node + 4);
            const keyStart = node + 8;
            const keyEnd = keyStart + run.readUInt16LE(node + 6);
            if (first && compare(run, keyStart, keyEnd, start, 0, start.length) < 0) continue;
            first = false;
            if (end && compare(run, keyStart, keyEnd, end, 0, end.length) >= 0) return count;
            const size = run.readUInt16LE(node) | (run.readUInt16LE(node + 2) << 16);
            if ((flags & (F_SUBDATA | F_DUPDATA)) !== 0 && tree !== this.main)
              throw new LmdbFileError(this.path, `page ${leaf} node ${k}: unexpected node flags ${flags}`);
            let r: unknown;
            count++;
            if ((flags & F_BIGDATA) !== 0) {
              const value = this.readOverflow(u64(run, keyEnd), size);
              r = sink(run, keyStart, keyEnd, value, PAGEHDRSZ, PAGEHDRSZ + size);
            } else {
              if (keyEnd + size > base + this.pageSize) throw new LmdbFileError(this.path, `page ${leaf} node ${k} runs past the page`);
              r = sink(run, keyStart, keyEnd, run, keyEnd, keyEnd + size);
            }
            if (r === false) return count;
            // The run buffer changes only at the next read, so the sink's bytes stay valid meanwhile.
            if (r instanceof Promise) await r;
          }
        }
        i += n;
      }
      // The lowest branch page is done: up to the nearest one with children left, then down the
      // leftmost path of its next child.
      stack.pop();
      while (stack.length > 0 && stack[stack.length - 1]!.index + 1 >= stack[stack.length - 1]!.count) stack.pop();
      if (stack.length === 0) return count;
      const top = stack[stack.length - 1]!;
      top.index++;
      let child = branchChild(top.page, top.index);
      while (stack.length < tree.depth - 1) {
        const page = this.readPage(child, P_BRANCH);
        stack.push({ page, index: 0, count: page.readUInt16LE(20) >> 1 });
        child = branchChild(page, 0);
      }
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  private readPage(pgno: number, kind: number): Buffer {
    const page = Buffer.allocUnsafe(this.pageSize);
    this.readAt(page, this.pageSize, pgno);
    this.checkPage(page, 0, pgno, kind);
    return page;
  }

  private readOverflow(pgno: number, size: number): Buffer {
    const bytes = PAGEHDRSZ + size;
    if (this.overflow.length < bytes) this.overflow = Buffer.allocUnsafe(Math.max(bytes, 2 * this.overflow.length));
    this.readAt(this.overflow, bytes, pgno);
    this.checkPage(this.overflow, 0, pgno, P_OVERFLOW);
    return this.overflow;
  }

  private readAt(into: Buffer, bytes: number, pgno: number): void {
    let done = 0;
    while (done < bytes) {
      const n = readSync(this.fd, into, done, bytes - done, pgno * this.pageSize + done);
      if (n === 0) throw new LmdbFileError(this.path, `page ${pgno} lies past the end of the file`);
      done += n;
    }
  }

  private checkPage(b: Buffer, base: number, pgno: number, kind: number): void {
    const flags = b.readUInt16LE(base + 18);
    if (u64(b, base) !== pgno || (flags & kind) === 0 || (flags & (P_LEAF2 | P_SUBP)) !== 0 || u64(b, base + 8) > this.txnid)
      throw new LmdbFileError(
        this.path,
        `page ${pgno} is not the ${kind === P_LEAF ? 'leaf' : kind === P_BRANCH ? 'branch' : 'overflow'} page of transaction ${this.txnid} its tree points to (pgno ${u64(b, base)}, flags ${flags}, txnid ${u64(b, base + 8)})`,
      );
  }
}

function branchChild(page: Buffer, i: number): number {
  const node = PAGEHDRSZ + page.readUInt16LE(PAGEHDRSZ + 2 * i);
  return page.readUInt16LE(node) + page.readUInt16LE(node + 2) * 0x1_0000 + page.readUInt16LE(node + 4) * 0x1_0000_0000;
}

function close(fd: number): null {
  closeSync(fd);
  return null;
}
