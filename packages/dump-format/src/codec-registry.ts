/**
 * What the writer and reader need from a codec. Structurally the `Codec` of @heliosdb/codecs; the
 * format core never imports that package, it is handed a registry (the default one is loaded
 * lazily in default-codecs.ts), so a reader can be built with other implementations.
 */
export interface BlockCodec {
  readonly name: string;
  /** The byte stored in segment metadata: none=0, zstd=1, gzip=2, brotli=3, lz4=4. */
  readonly id: number;
  readonly defaultLevel: number;
  readonly minLevel: number;
  readonly maxLevel: number;
  /** The writer passes `{ contentChecksum: false }`: each block carries CRC32s of both its forms,
   *  so a codec's own (JS-computed, for zstd) content checksum would only cost time. */
  compress(data: Uint8Array, level?: number, options?: { readonly contentChecksum?: boolean }): Promise<Uint8Array>;
  decompress(data: Uint8Array, expectedSize?: number): Promise<Uint8Array>;
}

/** The shape of the @heliosdb/codecs module: `import * as codecs from '@heliosdb/codecs'` fits. */
export interface CodecRegistry {
  /** Throws for an unknown id. */
  codecById(id: number): BlockCodec;
  /** Throws for an unknown name. */
  codecByName(name: string): BlockCodec;
  /** IEEE CRC-32 (the zlib/gzip one), continued from `previous` when given. */
  crc32(data: Uint8Array, previous?: number): number;
}

/** Codec ids defined by format version 1. */
export const CODEC_IDS: Readonly<Record<string, number>> = Object.freeze({ none: 0, zstd: 1, gzip: 2, brotli: 3, lz4: 4 });
export const MAX_CODEC_ID = 4;
