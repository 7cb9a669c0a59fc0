import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32Combine } from './crc32-combine.js';

describe('crc32Combine', () => {
  it('equals the CRC32 of the concatenation, for lengths 0 to 5000 and a 3 MiB tail', () => {
    const bytes = Uint8Array.from({ length: 3 * 1024 * 1024 + 5000 }, (_, i) => (i * 131 + (i >>> 7)) & 0xff);
    for (const [a, b] of [[0, 1], [1, 0], [7, 1], [100, 255], [4096, 4096], [1, 5000], [5000, 3 * 1024 * 1024]] as const) {
      const left = bytes.subarray(0, a);
      const right = bytes.subarray(a, a + b);
      expect(crc32Combine(crc32(left), crc32(right), b), `${a}+${b}`).toBe(crc32(bytes.subarray(0, a + b)));
    }
  });
});
