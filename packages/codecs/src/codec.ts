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
  compress(data: Uint8Array, level?: number): Promise<Uint8Array>;
  /** With `expectedSize`, output of any other length is an error that names both numbers. */
  decompress(data: Uint8Array, expectedSize?: number): Promise<Uint8Array>;
  /** Throws `ERR_CODEC_SYNC_UNSUPPORTED` for zstd: @mongodb-js/zstd 1.2.2 has no synchronous API. */
  compressSync(data: Uint8Array, level?: number): Uint8Array;
  /** Throws `ERR_CODEC_SYNC_UNSUPPORTED` for zstd: @mongodb-js/zstd 1.2.2 has no synchronous API. */
  decompressSync(data: Uint8Array, expectedSize?: number): Uint8Array;
}
