import * as zlib from 'node:zlib';
import { promisify } from 'node:util';
import type { CodecSpec } from './codec-spec.js';
import { GZIP_MAGIC } from './magic.js';
import { zlibLimit, zlibMapError, zlibSync } from './zlib-limit.js';

const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);

/**
 * One gzip member (RFC 1952) via node:zlib: async on the thread pool, and synchronous.
 * The member's CRC32 and length trailer make corruption of the compressed data detectable; the
 * header's MTIME, XFL and OS bytes are covered by nothing (zlib writes no header CRC).
 */
export const gzipSpec: CodecSpec = {
  name: 'gzip',
  id: 2,
  magic: GZIP_MAGIC,
  defaultLevel: 6, // zlib's and the gzip tool's default
  minLevel: 1, // as the gzip tool (-1..-9); for no compression use the 'none' codec
  maxLevel: 9,
  library: 'node:zlib',
  compress: (data, level) => gzip(data, { level }),
  decompress: (data, max) => gunzip(data, zlibLimit(max)).catch(zlibMapError),
  compressSync: (data, level) => zlib.gzipSync(data, { level }),
  decompressSync: (data, max) => zlibSync(() => zlib.gunzipSync(data, zlibLimit(max))),
};
