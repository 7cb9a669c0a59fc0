import * as zlib from 'node:zlib';
import { crc32Slicing } from './crc32-slicing.js';
import { badArgument } from './errors.js';

type Crc32 = (data: Uint8Array, previous: number) => number;

// node:zlib's crc32 (Node >= 20.15 / 22.2) is zlib's native code: 5.7 GB/s against 1.7 GB/s for
// our slicing-by-8 JavaScript on 1 MiB and 64 KiB buffers (bench/crc32.mjs, README.md), so it is
// used when present and the JavaScript is the fallback.
const native = (zlib as { crc32?: Crc32 }).crc32;

/** Which implementation `crc32` uses: 'zlib' (native) or 'js' (slicing-by-8 fallback). */
export const CRC32_IMPLEMENTATION: 'zlib' | 'js' = native === undefined ? 'js' : 'zlib';

const impl: Crc32 = native ?? crc32Slicing;

/**
 * CRC-32 (IEEE 802.3, as zlib and gzip), unsigned. Incremental: pass the previous result to
 * continue, so `crc32(b, crc32(a))` equals `crc32(a + b)`.
 */
export function crc32(data: Uint8Array, previous = 0): number {
  if (!(data instanceof Uint8Array)) throw badArgument('crc32 data', data, 'a Uint8Array');
  if (!Number.isInteger(previous) || previous < 0 || previous > 0xffffffff) {
    throw badArgument('crc32 previous', previous, 'an unsigned 32-bit integer');
  }
  return impl(data, previous);
}
