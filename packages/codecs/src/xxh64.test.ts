import { describe, expect, it } from 'vitest';
import { xxh64 } from './xxh64.js';
import { randomBytes } from './test-support/samples.js';
import { runTool } from './test-support/tools.js';

const hex = ({ high, low }: { high: number; low: number }): string =>
  high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');

describe('xxh64 (seed 0)', () => {
  it('gives the published values for "", "a" and "abc"', () => {
    const enc = new TextEncoder();
    expect(hex(xxh64(enc.encode('')))).toBe('ef46db3751d8e999');
    expect(hex(xxh64(enc.encode('a')))).toBe('d24ec4f1a98c6e5b');
    expect(hex(xxh64(enc.encode('abc')))).toBe('44bc2cf5ad770999');
  });

  it('matches the checksum the zstd tool writes, for every tail shape (lengths 0..80 and larger)', async () => {
    const data = randomBytes(70_000, 11);
    // Covers < 32 (no stripes), the 8-, 4- and 1-byte tails after stripes, and many stripes.
    const lengths = [...Array.from({ length: 81 }, (_, n) => n), 1000, 4099, 65_536, 70_000];
    for (const n of lengths) {
      const input = data.subarray(0, n);
      const frame = await runTool('zstd', ['-c', '-q', '--check'], input);
      // RFC 8878: with Content_Checksum_flag set the frame ends with XXH64's low 32 bits, little-endian.
      expect(xxh64(input).low, `length ${n}`).toBe(frame.readUInt32LE(frame.length - 4));
    }
  });

  it('reads from the view, not the start of the underlying buffer', () => {
    const data = randomBytes(1000, 12);
    const copy = data.slice(3, 900);
    expect(xxh64(data.subarray(3, 900))).toEqual(xxh64(copy));
  });
});
