import * as zlib from 'node:zlib';
import { promisify } from 'node:util';
import type { CodecSpec } from './codec-spec.js';
import { zlibLimit, zlibMapError, zlibSync } from './zlib-limit.js';

const compress = promisify(zlib.brotliCompress);
const decompress = promisify(zlib.brotliDecompress);

const { BROTLI_PARAM_QUALITY, BROTLI_PARAM_SIZE_HINT } = zlib.constants;

const options = (data: Buffer, level: number): zlib.BrotliOptions => ({
  params: { [BROTLI_PARAM_QUALITY]: level, [BROTLI_PARAM_SIZE_HINT]: data.length },
});

/**
 * A brotli stream (RFC 7932) via node:zlib: async on the thread pool, and synchronous.
 * Brotli streams have no magic bytes and no checksum: truncation is detected, but a flipped byte in
 * a stored (uncompressed) meta-block decodes to different bytes without error. Callers that need
 * integrity check their own checksum (dump blocks carry a CRC32).
 */
export const brotliSpec: CodecSpec = {
  name: 'brotli',
  id: 3,
  magic: undefined,
  // Not 11 (the brotli tool's and zlib's default): qualities 10 and 11 switch to a far slower
  // parser. On 1 MiB row blocks quality 11 compressed at ~1 MB/s against 14-18 MB/s for 6, for
  // output only ~12% smaller (bench/codecs.mjs, README.md): every dump would be CPU-bound.
  defaultLevel: 6,
  minLevel: 0,
  maxLevel: 11,
  library: 'node:zlib',
  compress: (data, level) => compress(data, options(data, level)),
  decompress: (data, max) => decompress(data, zlibLimit(max)).catch(zlibMapError),
  compressSync: (data, level) => zlib.brotliCompressSync(data, options(data, level)),
  decompressSync: (data, max) => zlibSync(() => zlib.brotliDecompressSync(data, zlibLimit(max))),
};
