import type { CodecName, CompressOptions } from './codec.js';

/**
 * What a codec file supplies: the library calls and nothing else. `defineCodec` turns a spec into a
 * `Codec` and adds level checks, magic checks, error mapping and the expected-size check, so those
 * rules live in one place.
 */
export interface CodecSpec {
  readonly name: CodecName;
  readonly id: number;
  /** The bytes every stream of this format starts with; undefined where the format has none. */
  readonly magic: Uint8Array | undefined;
  readonly defaultLevel: number;
  readonly minLevel: number;
  readonly maxLevel: number;
  /** Library used, named in error messages. */
  readonly library: string;
  compress(data: Buffer, level: number, options: CompressOptions): Promise<Uint8Array>;
  /** `maxOutput` is a hint: a spec may stop early once the output exceeds it. */
  decompress(data: Buffer, maxOutput: number | undefined): Promise<Uint8Array>;
  /** Absent where the library has no synchronous API. */
  readonly compressSync: ((data: Buffer, level: number) => Uint8Array) | undefined;
  readonly decompressSync: ((data: Buffer, maxOutput: number | undefined) => Uint8Array) | undefined;
}

/** A zero-copy Buffer view, since native bindings and node:zlib take Buffers. */
export function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
