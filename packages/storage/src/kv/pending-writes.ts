import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { PackedEntries } from './kv.js';
import { ByteWriter } from '../encoding/byte-writer.js';
import { compareBytes, OrderedMap, type Entry } from './ordered-map.js';

/**
 * Bytes of one run segment. A run that would grow past it is sealed and written to a temporary file
 * (its first and last keys stay in memory), and a new segment of the same prefix takes the later keys:
 * a bulk load's pending writes then hold about one segment in memory, not the whole load.
 */
export const SEGMENT_BYTES = 4 * 1024 * 1024;
/** Room left in a segment for the value being encoded in place (a larger value grows the buffer once). */
const SEGMENT_HEADROOM = 64 * 1024;

/**
 * A transaction's pending writes (key -> new value, or null for a deletion), built for bulk loads.
 *
 * Most writes of a load arrive in ascending key order within one table or index (serial keys, row ids,
 * restores in key order). Such writes go to a *run*: one per 5-byte key prefix (space byte + u32 id),
 * holding strictly ascending keys and their values as bytes in one growable buffer, with offsets in
 * typed arrays. A run costs no JS object per entry (nothing for the garbage collector to trace or
 * promote) and answers lookups by binary search (an append is checked with one comparison).
 *
 * Everything else lives in `base`, the persistent ordered map (B+tree with O(1) fork). A write that
 * would break a run's order moves the run's entries into `base` and sends that prefix's later writes
 * to `base` directly. A run is cut into segments of SEGMENT_BYTES: a full one is sealed, written to a
 * temporary file and read back only when a lookup, a range or the commit reaches it (one at a time),
 * so a long load holds one segment per prefix in memory. Ordered reads and forks (savepoints, stable scans) first move every run into
 * `base`, once; after that, new ascending writes start new runs. A key may be in a run and in `base`
 * at once: the run's entry is the newer one and wins.
 */
export class PendingWrites {
  private runs = new Map<number, Run | null>();
  /** Runs with entries, kept until spilled (iteration order does not matter; commit sorts by prefix). */
  private live: Run[] = [];
  private lastRun: Run | null = null;
  /** The run a `beginValue` write is open in. */
  private open: Run | null = null;
  /** Where sealed segments go; made at the first one. */
  private file: SpillFile | null = null;
  /** Set when the spill file could not be made or written. */
  private cannotSpill = false;

  private constructor(
    private base: OrderedMap<Buffer | null>,
    private readonly segmentBytes: number,
    private readonly spillDir: string | undefined,
  ) {}

  /** `segmentBytes`: see SEGMENT_BYTES (smaller in tests); `spillDir`: where the spill file goes (default the OS temporary directory). */
  static empty(segmentBytes = SEGMENT_BYTES, spillDir?: string): PendingWrites {
    return new PendingWrites(OrderedMap.empty<Buffer | null>(), segmentBytes, spillDir);
  }

  /** Closes the temporary file of sealed segments (when there is one); the pending writes must not be used after. */
  dispose(): void {
    this.file?.close();
    this.file = null;
  }

  /** Entries held; 0 exactly when there are no pending writes (a key in a run and in `base` counts twice). */
  get size(): number {
    let n = this.base.size;
    for (const r of this.live) n += r.count;
    return n;
  }

  get(key: Buffer): Buffer | null | undefined {
    if (key.length > 5 && this.live.length > 0) {
      const last = this.lastRun;
      let run = last !== null && last.hasPrefixOf(key) ? last : this.runs.get(prefixOf(key));
      if (run && run.count > 0) {
        const i = run.find(key);
        if (i >= 0) return run.value(i);
        // Sealed segments of the prefix hold smaller keys, newest first.
        if (run.prev !== null && run.compareFirst(key) < 0) {
          for (run = run.prev; run !== null; run = run.prev) {
            if (run.compareLast(key) > 0) break;
            if (run.compareFirst(key) >= 0) {
              const j = run.find(key);
              if (j >= 0) return run.value(j);
              break;
            }
          }
        }
      }
    }
    return this.base.size === 0 ? undefined : this.base.get(key);
  }

  set(key: Buffer, value: Buffer | null): void {
    if (key.length > 5) {
      let run = this.runOf(key);
      if (run !== null) {
        if (run.count === 0 || run.compareLast(key) > 0) {
          run = this.roomIn(run, key.length + (value === null ? 0 : value.length));
          if (run.count === 0) this.live.push(run);
          run.append(key, value, value === null ? -1 : value.length);
          return;
        }
        this.stopRun(run);
      }
    }
    this.base.set(key, value);
  }

  /**
   * Like `set(key, src[0, length))`, for bytes in a buffer that will be reused (the row encoder's):
   * they are copied, into a run without allocating a Buffer for them.
   */
  setFrom(key: Buffer, src: Buffer, length: number): void {
    if (key.length > 5) {
      let run = this.runOf(key);
      if (run !== null) {
        if (run.count === 0 || run.compareLast(key) > 0) {
          run = this.roomIn(run, key.length + length);
          if (run.count === 0) this.live.push(run);
          run.append(key, src, length);
          return;
        }
        this.stopRun(run);
      }
    }
    this.base.set(key, Buffer.from(src.subarray(0, length)));
  }

  /**
   * For a write of `key` whose value the caller encodes in place (no copy): the writer to encode into,
   * then `endValue()`; or null when the key cannot go to a run (use `set` or `setFrom` instead).
   */
  beginValue(key: Buffer): ByteWriter | null {
    if (key.length <= 5) return null;
    let run = this.runOf(key);
    if (run === null) return null;
    if (run.count === 0 || run.compareLast(key) > 0) {
      run = this.roomIn(run, key.length + 96);
      this.open = run;
      return run.beginValue(key);
    }
    this.stopRun(run);
    return null;
  }

  /** Ends the write `beginValue` started. */
  endValue(): void {
    const run = this.open!;
    this.open = null;
    run.endValue();
    if (run.count === 1) this.live.push(run);
  }

  /** The run for the key's 5-byte prefix (created when new), or null when that prefix has left runs. */
  private runOf(key: Buffer): Run | null {
    // Consecutive writes mostly share a prefix: compare its bytes before hashing a (non-Smi) number.
    const last = this.lastRun;
    if (last !== null && last.hasPrefixOf(key)) return last;
    const p = prefixOf(key);
    let run = this.runs.get(p);
    if (run === undefined) {
      run = new Run(p, key);
      this.runs.set(p, run);
    }
    if (run !== null) this.lastRun = run;
    return run;
  }

  /**
   * `run` itself, or when `bytes` more would take it past a segment, a new run of its prefix after it
   * (the caller has checked the key's order against `run`); the full one is written to the spill file.
   */
  private roomIn(run: Run, bytes: number): Run {
    if (run.count === 0 || run.used + bytes + Math.min(SEGMENT_HEADROOM, this.segmentBytes >> 3) <= this.segmentBytes) return run;
    // Without a usable temporary directory (read-only, full) the runs grow in memory, as they did before segments.
    if (this.cannotSpill) return run;
    try {
      this.file ??= new SpillFile(this.spillDir ?? tmpdir());
    } catch {
      this.cannotSpill = true;
      return run;
    }
    const next = new Run(run.prefix, run.key(0), this.segmentBytes);
    next.prev = run;
    this.runs.set(run.prefix, next);
    this.lastRun = next;
    try {
      run.spillTo(this.file);
    } catch {
      // The sealed segment stays in memory (a sealed run reads the same from memory as from the file).
      this.cannotSpill = true;
    }
    return next;
  }

  /** Out of order: the run's entries (and its sealed segments') move to the ordered map, which takes this prefix's later writes. */
  private stopRun(run: Run): void {
    for (let r: Run | null = run; r !== null; ) {
      const prev: Run | null = r.prev;
      this.spill(r);
      r = prev;
    }
    this.runs.set(run.prefix, null);
    if (this.lastRun === run) this.lastRun = null;
  }

  /** Forgets the pending write of `key` (not a deletion: the committed value shows again). */
  delete(key: Buffer): boolean {
    if (key.length > 5) {
      const run = this.runs.get(prefixOf(key));
      if (run) this.stopRun(run);
    }
    return this.base.delete(key);
  }

  /** An independent copy (for savepoints and stable iteration): runs move to `base`, then `base` forks in O(1). */
  fork(): PendingWrites {
    this.spillAll();
    return new PendingWrites(this.base.fork(), this.segmentBytes, this.spillDir);
  }

  /** Entries with start <= key < end in key order; either bound may be omitted. */
  range(start?: Buffer, end?: Buffer): Generator<Entry<Buffer | null>> {
    this.spillAll();
    return this.base.range(start, end);
  }

  /**
   * Pending writes with start <= key < end, in key order (the newest write of a key only), read in
   * place: runs stay runs. For short ranges such as a unique-key probe; `range` moves every run into
   * the ordered map first, which costs a bulk load its runs when done once per row.
   */
  entriesIn(start: Buffer, end: Buffer): Entry<Buffer | null>[] {
    const out: Entry<Buffer | null>[] = [];
    if (this.base.size > 0) for (const e of this.base.range(start, end)) out.push(e);
    let fromRuns = false;
    for (const run of this.live) {
      // A run wholly outside the range is not read (a sealed segment would be loaded from its file).
      if (run.compareLast(start) > 0 || run.compareFirst(end) <= 0) continue;
      for (let i = run.lowerBound(start); i < run.count && run.compareAt(i, end) < 0; i++) {
        out.push({ key: run.key(i), value: run.value(i) });
        fromRuns = true;
      }
    }
    if (!fromRuns) return out;
    // Base entries first, run entries after: a stable sort keeps that order among equal keys, and the
    // run's entry (the newer write) is the one kept.
    out.sort((a, b) => compareBytes(a.key, b.key));
    return out.filter((e, i) => i + 1 === out.length || compareBytes(e.key, out[i + 1]!.key) !== 0);
  }

  /** The largest pending key with start <= key < end (deletions included), or undefined. */
  lastKeyIn(start: Buffer, end: Buffer): Buffer | undefined {
    let best = this.base.lastKeyIn(start, end);
    for (const run of this.live) {
      if (run.compareLast(start) > 0 || run.compareFirst(end) <= 0) continue;
      const k = run.lastKeyIn(start, end);
      if (k && (!best || compareBytes(k, best) > 0)) best = k;
    }
    return best;
  }

  /**
   * Calls `fn` for every pending write in ascending key order (the newest write of a key only), without
   * moving runs: the commit path. Keys and values are views that stay valid after the call. With
   * `slice`, consecutive entries of a run go to it as one call instead (no view per entry).
   */
  forEachInOrder(fn: (key: Buffer, value: Buffer | null) => void, slice?: (run: PackedEntries, from: number, to: number) => void): void {
    // By prefix, and a prefix's segments by their keys (each holds keys above the one before it).
    const runs = this.live.slice().sort((a, b) => a.prefix - b.prefix || compareBytes(a.first(), b.first()));
    if (runs.length === 0) {
      for (const e of this.base.range()) fn(e.key, e.value);
      return;
    }
    const emit = (run: Run, from: number, to: number): void => {
      if (slice) slice(run, from, to);
      else for (let k = from; k < to; k++) fn(run.key(k), run.value(k));
    };
    let r = 0;
    let i = 0;
    // Emits run entries with keys below `key`, and the run's entry for `key` itself (all entries when key
    // is undefined); returns true when a run held `key` (its entry wins over base's).
    const drainBelow = (key: Buffer | undefined): boolean => {
      while (r < runs.length) {
        const run = runs[r]!;
        run.load();
        let j = i;
        let hit = false;
        if (key) {
          for (; j < run.count; j++) {
            const c = run.compareAt(j, key);
            if (c >= 0) {
              hit = c === 0;
              break;
            }
          }
        } else j = run.count;
        const to = hit ? j + 1 : j;
        if (to > i) emit(run, i, to);
        i = to;
        if (j < run.count) return hit;
        r++;
        i = 0;
      }
      return false;
    };
    for (const e of this.base.range()) {
      if (drainBelow(e.key)) continue;
      fn(e.key, e.value);
    }
    drainBelow(undefined);
  }

  private spill(run: Run): void {
    run.prev = null;
    if (run.count === 0) return;
    for (let i = 0; i < run.count; i++) this.base.set(run.key(i), run.value(i));
    run.clear();
    this.live.splice(this.live.indexOf(run), 1);
  }

  private spillAll(): void {
    while (this.live.length > 0) this.spill(this.live[this.live.length - 1]!);
  }
}

/** The 5-byte prefix (space byte + u32 BE id) as a number (below 2^40, exact). */
function prefixOf(key: Buffer): number {
  return key[0]! * 0x100000000 + (((key[1]! << 24) | (key[2]! << 16) | (key[3]! << 8) | key[4]!) >>> 0);
}

/** Strictly ascending keys of one prefix, and their values, as bytes in one buffer. */
class Run implements PackedEntries {
  /** The entries' bytes: each key, then its value. Entries are never rewritten (views of them may be held). Null once spilled. */
  private w: ByteWriter | null;
  /** Per entry: start of the key in `bytes`, key length, value length (-1: a deletion). The value follows the key. */
  ks: Int32Array = new Int32Array(16);
  kl: Int32Array = new Int32Array(16);
  vl: Int32Array = new Int32Array(16);
  count = 0;
  /** The sealed segment of the same prefix before this one (its keys are all smaller), or null. */
  prev: Run | null = null;
  /** A spilled segment: its file, where its entries start, their byte length, its bytes while loaded, copies of its first and last keys. */
  private file: SpillFile | null = null;
  private at = 0;
  private length = 0;
  private loaded: Buffer | null = null;
  private firstKey: Buffer | null = null;
  private lastKey: Buffer | null = null;

  private readonly p0: number;
  private readonly p1: number;
  private readonly p2: number;
  private readonly p3: number;
  private readonly p4: number;

  constructor(
    readonly prefix: number,
    key: Buffer,
    initial = 0,
  ) {
    this.w = new ByteWriter(initial, true);
    this.p0 = key[0]!;
    this.p1 = key[1]!;
    this.p2 = key[2]!;
    this.p3 = key[3]!;
    this.p4 = key[4]!;
  }

  get bytes(): Buffer {
    if (this.w !== null) return this.w.buf;
    return this.loaded ?? this.load();
  }

  /** Bytes the entries take. */
  get used(): number {
    return this.w !== null ? this.w.pos : this.length;
  }

  hasPrefixOf(key: Buffer): boolean {
    return key[4] === this.p4 && key[3] === this.p3 && key[2] === this.p2 && key[1] === this.p1 && key[0] === this.p0;
  }

  /** Room for entry `count` in the index arrays; writes its key and returns where the key starts. */
  private startEntry(key: Buffer, valueRoom: number): number {
    const n = this.count;
    if (n === this.ks.length) {
      this.ks = grow(this.ks);
      this.kl = grow(this.kl);
      this.vl = grow(this.vl);
    }
    const w = this.w!;
    // A grown buffer copies the bytes before it; views handed out keep the old buffer, unchanged.
    w.ensure(key.length + valueRoom);
    const b = w.buf;
    const start = w.pos;
    let p = start;
    for (let j = 0; j < key.length; j++) b[p++] = key[j]!;
    w.pos = p;
    this.ks[n] = start;
    this.kl[n] = key.length;
    return start;
  }

  /** Appends `key` with value bytes value[0, vlen) (vlen -1: a deletion, value unused). */
  append(key: Buffer, value: Buffer | null, vlen: number): void {
    this.startEntry(key, vlen > 0 ? vlen : 0);
    const w = this.w!;
    if (vlen > 0) {
      const b = w.buf;
      let p = w.pos;
      // Past a couple of dozen bytes the native copy beats a JS byte loop (measured: 62 bytes, 70 vs 155 ns).
      if (vlen <= 24) for (let j = 0; j < vlen; j++) b[p++] = value![j]!;
      else {
        value!.copy(b, p, 0, vlen);
        p += vlen;
      }
      w.pos = p;
    }
    this.vl[this.count] = vlen;
    this.count++;
  }

  /** Starts an entry for `key` whose value the caller writes into the returned writer, then `endValue()`. */
  beginValue(key: Buffer): ByteWriter {
    this.startEntry(key, 96);
    return this.w!;
  }

  /** Ends the entry `beginValue` started: its value is what was written since. */
  endValue(): void {
    const n = this.count;
    this.vl[n] = this.w!.pos - this.ks[n]! - this.kl[n]!;
    this.count = n + 1;
  }

  /** Forgets the entries. Their bytes stay as they are (views of them may be held, e.g. by the ordered map); new entries go after them. */
  clear(): void {
    if (this.w === null) this.unload();
    this.count = 0;
    this.w = new ByteWriter(0, true);
    this.ks = new Int32Array(16);
    this.kl = new Int32Array(16);
    this.vl = new Int32Array(16);
    this.file = null;
    this.firstKey = null;
    this.lastKey = null;
  }

  /** Seals the segment: its entries go to `file` and leave memory (`load` reads them back when needed). */
  spillTo(file: SpillFile): void {
    const n = this.count;
    const length = this.w!.pos;
    // Written first: if a write fails, the segment is left as it was, in memory.
    const at = file.write(this.w!.buf, length);
    file.write(this.ks, n * 4);
    file.write(this.kl, n * 4);
    file.write(this.vl, n * 4);
    this.firstKey = Buffer.from(this.key(0));
    this.lastKey = Buffer.from(this.key(n - 1));
    this.length = length;
    this.at = at;
    this.file = file;
    this.w = null;
    this.unload();
  }

  /** A spilled segment's entries, read back (one segment per file stays loaded); returns the bytes. */
  load(): Buffer {
    if (this.w !== null) return this.w.buf;
    if (this.loaded !== null) return this.loaded;
    const f = this.file!;
    if (f.resident !== null && f.resident !== this) f.resident.unload();
    const n = this.count;
    // Its own ArrayBuffer at offset 0 (lmdb-js takes values as [start, end) of it; see PackedEntries).
    const bytes = Buffer.allocUnsafeSlow(this.length);
    let at = f.read(bytes, this.length, this.at);
    const ks = new Int32Array(n);
    const kl = new Int32Array(n);
    const vl = new Int32Array(n);
    at = f.read(ks, n * 4, at);
    at = f.read(kl, n * 4, at);
    f.read(vl, n * 4, at);
    this.ks = ks;
    this.kl = kl;
    this.vl = vl;
    this.loaded = bytes;
    f.resident = this;
    return bytes;
  }

  /** Lets a loaded spilled segment's entries go (views handed out keep their bytes). */
  private unload(): void {
    this.loaded = null;
    this.ks = EMPTY;
    this.kl = EMPTY;
    this.vl = EMPTY;
    if (this.file !== null && this.file.resident === this) this.file.resident = null;
  }

  key(i: number): Buffer {
    const b = this.bytes;
    const s = this.ks[i]!;
    return b.subarray(s, s + this.kl[i]!);
  }

  value(i: number): Buffer | null {
    const b = this.bytes;
    const len = this.vl[i]!;
    if (len < 0) return null;
    const s = this.ks[i]! + this.kl[i]!;
    return b.subarray(s, s + len);
  }

  /** memcmp of entry i's key with `key`. */
  compareAt(i: number, key: Buffer): number {
    const b = this.bytes;
    const s = this.ks[i]!;
    const len = this.kl[i]!;
    const n = len < key.length ? len : key.length;
    for (let j = 0; j < n; j++) {
      const d = b[s + j]! - key[j]!;
      if (d !== 0) return d;
    }
    return len - key.length;
  }

  /** `key` compared with the last key: > 0 when key comes after it (a spilled segment answers from memory). */
  compareLast(key: Buffer): number {
    if (this.lastKey !== null) return compareBytes(key, this.lastKey);
    return -this.compareAt(this.count - 1, key);
  }

  /** `key` compared with the first key: > 0 when key comes after it. */
  compareFirst(key: Buffer): number {
    if (this.firstKey !== null) return compareBytes(key, this.firstKey);
    return -this.compareAt(0, key);
  }

  /** The first key (from memory for a spilled segment). */
  first(): Buffer {
    return this.firstKey ?? this.key(0);
  }

  /** The index of the first entry whose key is >= `key` (count when none is). */
  lowerBound(key: Buffer): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareAt(mid, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The index of `key`, or -1. */
  find(key: Buffer): number {
    let lo = 0;
    let hi = this.count - 1;
    // Appends and lookups of new keys (the bulk case) are answered by one comparison.
    if (this.compareLast(key) > 0) return -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.compareAt(mid, key);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The largest key with start <= key < end, or undefined. */
  lastKeyIn(start: Buffer, end: Buffer): Buffer | undefined {
    if (this.count === 0) return undefined;
    // The last entry below `end`.
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareAt(mid, end) < 0) lo = mid + 1;
      else hi = mid;
    }
    const i = lo - 1;
    return i >= 0 && this.compareAt(i, start) >= 0 ? this.key(i) : undefined;
  }
}

const EMPTY = new Int32Array(0);

/** Closes the file of pending writes nobody disposed when they are collected. */
const openFiles = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
});

/** A temporary file of spilled run segments, unlinked as soon as it is open (nothing is left behind). */
class SpillFile {
  private fd: number;
  private end = 0;
  /** The spilled segment whose entries are loaded now. */
  resident: Run | null = null;

  constructor(dir: string) {
    const path = join(dir, `.heliosdb-pending-${process.pid}-${randomBytes(6).toString('hex')}`);
    this.fd = openSync(path, 'wx+', 0o600);
    try {
      unlinkSync(path);
    } catch (e) {
      closeSync(this.fd);
      throw e;
    }
    openFiles.register(this, this.fd, this);
  }

  /** Appends the first `length` bytes of `data`; returns where they start. */
  write(data: ArrayBufferView, length: number): number {
    const at = this.end;
    const bytes = new Uint8Array(data.buffer, data.byteOffset, length);
    for (let done = 0; done < length; ) done += writeSync(this.fd, bytes, done, length - done, at + done);
    this.end += length;
    return at;
  }

  /** Reads `length` bytes at `at` into `into`; returns the position after them. */
  read(into: ArrayBufferView, length: number, at: number): number {
    const bytes = new Uint8Array(into.buffer, into.byteOffset, length);
    for (let done = 0; done < length; ) {
      const n = readSync(this.fd, bytes, done, length - done, at + done);
      if (n === 0) throw new Error('storage: the pending-writes spill file ended early');
      done += n;
    }
    return at + length;
  }

  close(): void {
    if (this.fd < 0) return;
    openFiles.unregister(this);
    closeSync(this.fd);
    this.fd = -1;
  }
}

/** `a` copied into an array twice its length. */
export function grow(a: Int32Array): Int32Array {
  const next = new Int32Array(a.length * 2);
  next.set(a);
  return next;
}
