import { OrderedMap } from './ordered-map.js';
import type { KvBackend, KvEntry, KvSnapshot, KvWriter } from './kv.js';

/**
 * The memory backend: nothing touches disk. The committed state is one OrderedMap; a snapshot is a
 * fork of it (O(1)), and a write works on a fork that replaces the committed map only if `fn` returns.
 */
export class MemoryKv implements KvBackend {
  readonly readOnly = false;
  private committed = OrderedMap.empty<Buffer>();
  private closed = false;

  snapshot(): KvSnapshot {
    this.checkOpen();
    const map = this.committed.fork();
    return {
      get: (key) => map.get(key),
      range: (start, end) => map.range(start, end) as Iterable<KvEntry>,
      lastKey: (start, end) => map.lastKeyIn(start, end),
      close: () => {},
    };
  }

  write<T>(fn: (w: KvWriter) => T): T {
    this.checkOpen();
    const map = this.committed.fork();
    const result = fn({
      get: (key) => map.get(key),
      put: (key, value) => map.set(key, value),
      remove: (key) => void map.delete(key),
      // Materialised so that callers may delete while iterating.
      range: (start, end) => [...map.range(start, end)],
    });
    this.committed = map;
    return result;
  }

  close(): void {
    this.closed = true;
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('storage: the memory database is closed');
  }
}
