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
  /** Entries with start <= key < end, ascending, streamed. */
  range(start: Buffer, end: Buffer): Iterable<KvEntry>;
  /** The largest key in [start, end), or undefined. */
  lastKey(start: Buffer, end: Buffer): Buffer | undefined;
  close(): void;
}

/** Access inside one atomic write. Reads see the latest committed state plus this write's own changes. */
export interface KvWriter {
  get(key: Buffer): Buffer | undefined;
  put(key: Buffer, value: Buffer): void;
  remove(key: Buffer): void;
  range(start: Buffer, end: Buffer): Iterable<KvEntry>;
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
