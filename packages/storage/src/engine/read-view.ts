import type { KvEntry, KvSnapshot } from '../kv/kv.js';
import type { PendingWrites } from '../kv/pending-writes.js';
import { compareBytes } from '../kv/ordered-map.js';

/** A transaction's pending writes: key -> new value, or null for a deletion. */
export type Overlay = PendingWrites;

/** Reads a snapshot through an overlay of pending writes (the overlay wins; null hides the snapshot's entry). */
export class ReadView {
  constructor(
    public snap: KvSnapshot,
    public overlay: Overlay | null,
  ) {}

  get(key: Buffer): Buffer | undefined {
    if (this.overlay) {
      const v = this.overlay.get(key);
      if (v !== undefined) return v ?? undefined;
    }
    return this.snap.get(key);
  }

  /** get, possibly in a buffer the backend reuses: valid until the next read. */
  getTransient(key: Buffer): Buffer | undefined {
    if (this.overlay) {
      const v = this.overlay.get(key);
      if (v !== undefined) return v ?? undefined;
    }
    return this.snap.getTransient ? this.snap.getTransient(key) : this.snap.get(key);
  }

  /**
   * Entries in [start, end). With `stable` (the default) the pending writes are forked first (O(1)), so
   * the caller may write while iterating and still see the state as of the call (no Halloween problem).
   */
  range(start: Buffer, end: Buffer, stable = true): Iterable<KvEntry> {
    const base = this.snap.range(start, end);
    if (!this.overlay || this.overlay.size === 0) return base;
    const pending = (stable ? this.overlay.fork() : this.overlay).range(start, end);
    const first = pending.next();
    if (first.done) return base;
    return merge(base, first.value, pending);
  }

  /**
   * `decode` of every value in [start, end) (see KvSnapshot.rangeDecoded): straight from the snapshot
   * when no pending write falls in the range, else through `range`.
   */
  rangeDecoded<T>(start: Buffer, end: Buffer, decode: (bytes: Buffer, length: number) => T): Iterable<T> {
    const pendingHere = this.overlay !== null && this.overlay.size > 0 && this.overlay.lastKeyIn(start, end) !== undefined;
    if (!pendingHere && this.snap.rangeDecoded) return this.snap.rangeDecoded(start, end, decode);
    return decodeEach(this.range(start, end), decode);
  }

  /** `rangeDecoded` in push form (see KvSnapshot.eachDecoded). */
  eachDecoded<T>(start: Buffer, end: Buffer, decode: (bytes: Buffer, length: number) => T, sink: (value: T) => void): void {
    const pendingHere = this.overlay !== null && this.overlay.size > 0 && this.overlay.lastKeyIn(start, end) !== undefined;
    if (!pendingHere && this.snap.eachDecoded) return this.snap.eachDecoded(start, end, decode, sink);
    for (const v of this.rangeDecoded(start, end, decode)) sink(v);
  }

  /**
   * Every entry in [start, end), for short ranges (a unique-key or foreign-key probe): the pending writes
   * are read in place (see PendingWrites.entriesIn), and win over the snapshot's; deletions hide entries.
   * At most `limit` entries, the first in key order.
   */
  probe(start: Buffer, end: Buffer, limit = Infinity): KvEntry[] {
    const pending = this.overlay !== null && this.overlay.size > 0 ? this.overlay.entriesIn(start, end) : [];
    const out: KvEntry[] = [];
    if (pending.length === 0) {
      for (const e of this.snap.range(start, end)) if (out.push(e) >= limit) break;
      return out;
    }
    let i = 0;
    for (const e of this.snap.range(start, end)) {
      if (out.length >= limit) return out.slice(0, limit);
      while (i < pending.length && compareBytes(pending[i]!.key, e.key) < 0) {
        const p = pending[i++]!;
        if (p.value !== null) out.push({ key: p.key, value: p.value });
      }
      if (i < pending.length && compareBytes(pending[i]!.key, e.key) === 0) {
        const p = pending[i++]!;
        if (p.value !== null) out.push({ key: p.key, value: p.value });
        continue;
      }
      out.push(e);
    }
    for (; i < pending.length; i++) {
      const p = pending[i]!;
      if (p.value !== null) out.push({ key: p.key, value: p.value });
    }
    return out.length > limit ? out.slice(0, limit) : out;
  }

  lastKey(start: Buffer, end: Buffer): Buffer | undefined {
    const committed = this.snap.lastKey(start, end);
    if (!this.overlay) return committed;
    const pending = this.overlay.lastKeyIn(start, end);
    if (pending === undefined || (committed !== undefined && compareBytes(pending, committed) < 0)) {
      // Every pending key is below the committed last key: that key is the answer unless it is deleted.
      if (committed === undefined || this.overlay.get(committed) !== null) return committed;
    } else if (this.overlay.get(pending) !== null) {
      // The largest pending key is a write at or beyond the committed last key.
      return pending;
    }
    // Deletions hide the candidates: walk the merged range (rare: only after deletes in this transaction).
    let last: Buffer | undefined;
    for (const e of this.range(start, end, false)) last = e.key;
    return last;
  }
}

function* merge(
  base: Iterable<KvEntry>,
  firstPending: { key: Buffer; value: Buffer | null },
  pending: Iterator<{ key: Buffer; value: Buffer | null }>,
): Generator<KvEntry> {
  let p: { key: Buffer; value: Buffer | null } | undefined = firstPending;
  for (const b of base) {
    while (p && Buffer.compare(p.key, b.key) < 0) {
      if (p.value) yield { key: p.key, value: p.value };
      p = next(pending);
    }
    if (p && p.key.equals(b.key)) {
      if (p.value) yield { key: p.key, value: p.value };
      p = next(pending);
      continue;
    }
    yield b;
  }
  while (p) {
    if (p.value) yield { key: p.key, value: p.value };
    p = next(pending);
  }
}

function next<T>(it: Iterator<T>): T | undefined {
  const r = it.next();
  return r.done ? undefined : r.value;
}

function* decodeEach<T>(entries: Iterable<KvEntry>, decode: (bytes: Buffer, length: number) => T): Generator<T> {
  for (const e of entries) yield decode(e.value, e.value.length);
}
