import { createRequire } from 'node:module';
import type { CodecSpec } from './codec-spec.js';
import { ZSTD_MAGIC } from './magic.js';
import { contentChecksum, withContentChecksum } from './zstd-content-checksum.js';

interface ZstdBindings {
  compress(data: Buffer, level?: number): Promise<Buffer>;
  decompress(data: Buffer): Promise<Buffer>;
}

// The package's index.js (1.2.2) wraps compress(data) and drops the level argument, so every level
// would silently become 3. The native bindings it wraps take (data, level); we call them directly.
let bindings: ZstdBindings | undefined;
/** Loaded on first use (a 15 ms dlopen), so a process that never touches zstd does not pay for it. */
const zstd = (): ZstdBindings => (bindings ??= createRequire(import.meta.url)('@mongodb-js/zstd/bindings.js') as ZstdBindings);

/**
 * zstd frames via @mongodb-js/zstd 1.2.2 (libzstd, async on the thread pool; no synchronous API).
 * The library writes frames without a content checksum, so a flipped byte in a stored block would
 * decode to wrong bytes without error; we add the XXH64 content checksum the zstd tool writes by
 * default, hashing on the main thread while the encoder runs. libzstd verifies it on decompress.
 */
export const zstdSpec: CodecSpec = {
  name: 'zstd',
  id: 1,
  magic: ZSTD_MAGIC,
  defaultLevel: 3, // libzstd's and the zstd tool's default
  minLevel: 1, // libzstd's negative "fast" levels are not offered
  maxLevel: 22, // 20..22 are the tool's --ultra levels; they use much more memory
  library: '@mongodb-js/zstd 1.2.2',
  async compress(data, level, options) {
    if (options.contentChecksum === false) return zstd().compress(data, level);
    const pending = zstd().compress(data, level);
    const checksum = contentChecksum(data);
    return withContentChecksum(await pending, checksum);
  },
  decompress: (data) => zstd().decompress(data),
  compressSync: undefined,
  decompressSync: undefined,
};
