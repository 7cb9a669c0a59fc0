/**
 * The key-value layer under the engine: one ordered keyspace of byte keys and byte values, two backends
 * (LMDB on disk, an in-memory persistent B+tree). Everything above (catalog, rows, indexes, change log)
 * is encoded into this keyspace; see keyspace.ts.
 */
export interface KvEntry {
  key: Buffer;
  value: Buffer;
}

/** A consistent read view: every read sees the same committed state until `close()`. */
export interface KvSnapshot {
  get(key: Buffer): Buffer | undefined;
  /** get into a buffer the backend may reuse: valid until the next read. Optional (LMDB's shared read buffer). */
  getTransient?(key: Buffer): Buffer | undefined;
  /** Entries with start <= key < end, ascending, streamed. */
  range(start: Buffer, end: Buffer): Iterable<KvEntry>;
  /** The largest key in [start, end), or undefined. */
  lastKey(start: Buffer, end: Buffer): Buffer | undefined;
  /**
   * `decode(value bytes, length)` of every entry in [start, end), ascending, streamed; keys are not read.
   * The bytes may be a buffer the backend reuses: `decode` must copy what it keeps. Optional: a backend
   * offers it when it saves a copy per entry (LMDB hands out its shared read buffer).
   */
  rangeDecoded?<T>(start: Buffer, end: Buffer, decode: (bytes: Buffer, length: number) => T): Iterable<T>;
  /**
   * `rangeDecoded` in push form: `sink(decode(bytes, length))` for every entry in [start, end), ascending. One loop
   * over the backend's cursor, without an iterator of our own between it and the caller (full-table scans).
   * Optional, as rangeDecoded.
   */
  eachDecoded?<T>(start: Buffer, end: Buffer, decode: (bytes: Buffer, length: number) => T, sink: (value: T) => void): void;
  close(): void;
}

/**
 * Entries laid out in one buffer (a pending-writes run): entry i's key is bytes[ks[i], ks[i] + kl[i]),
 * its value the vl[i] bytes after the key (vl[i] = -1: remove the key). Keys ascend strictly and share
 * their first byte. `bytes` starts at offset 0 of its ArrayBuffer.
 */
export interface PackedEntries {
  readonly bytes: Buffer;
  readonly ks: Int32Array;
  readonly kl: Int32Array;
  readonly vl: Int32Array;
}

/** Writes entries [0, count) of `p` through `w`: putPacked where the backend has it, else entry by entry. */
export function writePacked(w: KvWriter, p: PackedEntries, count: number): void {
  if (w.putPacked) {
    w.putPacked(p, 0, count);
    return;
  }
  for (let i = 0; i < count; i++) {
    const s = p.ks[i]!;
    const e = s + p.kl[i]!;
    const key = Buffer.from(p.bytes.subarray(s, e));
    const len = p.vl[i]!;
    if (len < 0) w.remove(key);
    else w.put(key, Buffer.from(p.bytes.subarray(e, e + len)));
  }
}

/** Access inside one atomic write. Reads see the latest committed state plus this write's own changes. */
export interface KvWriter {
  get(key: Buffer): Buffer | undefined;
  put(key: Buffer, value: Buffer): void;
  remove(key: Buffer): void;
  range(start: Buffer, end: Buffer): Iterable<KvEntry>;
  /** Entries from..to-1 of `packed`, as put/remove would write them; a backend may do it without a view per entry. */
  putPacked?(packed: PackedEntries, from: number, to: number): void;
}

export interface KvBackend {
  readonly readOnly: boolean;
  snapshot(): KvSnapshot;
  /** Runs `fn` as one atomic, durable write: all of it is committed, or (if it throws) none of it. */
  write<T>(fn: (w: KvWriter) => T): T;
  close(): void;
}

/** The first key after every key that starts with `prefix`. */
export function prefixEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i]!++;
      return end.subarray(0, i + 1);
    }
  }
  throw new Error(`kv: prefix ${prefix.toString('hex')} has no upper bound`);
}
