/** Options of one compress call. */
export interface CompressOptions {
  /**
   * zstd only: write the frame's XXH64 content checksum (default true, as the zstd tool). It is
   * computed in JavaScript on the main thread (the library has no checksum option), which costs more
   * than the compression itself; a caller that checks the bytes by other means (a dump block's
   * CRC32 of the uncompressed bytes) turns it off. gzip, lz4 and brotli ignore it: gzip's and lz4's
   * checks are native and cheap, brotli has none.
   */
  readonly contentChecksum?: boolean;
}

export type CodecName = 'none' | 'zstd' | 'gzip' | 'brotli' | 'lz4';

/** Every codec name, in the order a user is offered them (best general choice first). */
export const CODEC_NAMES: readonly CodecName[] = Object.freeze(['zstd', 'gzip', 'brotli', 'lz4', 'none'] as const);

/**
 * One compression format. The output of `compress` is a complete stream in the format's standard
 * framing (a zstd frame, a gzip member, a brotli stream, an LZ4 frame), so the matching command-line
 * tool can read it; `decompress` reads what that tool writes.
 *
 * Do not modify `data` until the returned promise settles: the async methods read it on libuv's
 * thread pool.
 */
export interface Codec {
  readonly name: CodecName;
  /** The stable byte stored in dump files: none=0, zstd=1, gzip=2, brotli=3, lz4=4. */
  readonly id: number;
  readonly defaultLevel: number;
  readonly minLevel: number;
  readonly maxLevel: number;
  /** Runs on libuv's thread pool, so several blocks compress at once. */
  compress(data: Uint8Array, level?: number, options?: CompressOptions): Promise<Uint8Array>;
  /** With `expectedSize`, output of any other length is an error that names both numbers. */
  decompress(data: Uint8Array, expectedSize?: number): Promise<Uint8Array>;
  /** Throws `ERR_CODEC_SYNC_UNSUPPORTED` for zstd: @mongodb-js/zstd 1.2.2 has no synchronous API. */
  compressSync(data: Uint8Array, level?: number): Uint8Array;
  /** Throws `ERR_CODEC_SYNC_UNSUPPORTED` for zstd: @mongodb-js/zstd 1.2.2 has no synchronous API. */
  decompressSync(data: Uint8Array, expectedSize?: number): Uint8Array;
}
