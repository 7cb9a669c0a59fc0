import { describe, expect, it } from 'vitest';
import { CodecError } from './codec-error.js';
import { crc32, CRC32_IMPLEMENTATION } from './crc32.js';
import { crc32Slicing } from './crc32-slicing.js';
import { randomBytes } from './test-support/samples.js';
import { runTool } from './test-support/tools.js';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

const implementations = [
  ['crc32 (public)', (d: Uint8Array, p?: number) => crc32(d, p)],
  ['crc32Slicing (JS fallback)', (d: Uint8Array, p?: number) => crc32Slicing(d, p)],
] as const;

describe.each(implementations)('%s', (_, crc) => {
  it('gives the check value of CRC-32/ISO-HDLC and 0 for empty input', () => {
    expect(crc(ascii('123456789'))).toBe(0xcbf43926);
    expect(crc(new Uint8Array(0))).toBe(0);
    expect(crc(ascii('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });

  it('returns unsigned 32-bit values', () => {
    expect(crc(ascii('a'))).toBe(0xe8b7be43); // high bit set: would be negative if signed
  });

  it('is incremental at every split point of a 1000-byte buffer', () => {
    const data = randomBytes(1000, 7);
    const whole = crc(data);
    for (let split = 0; split <= data.length; split++) {
      expect(crc(data.subarray(split), crc(data.subarray(0, split)))).toBe(whole);
    }
  });

  it('is incremental across three pieces at unaligned offsets', () => {
    const data = randomBytes(4099, 9);
    const whole = crc(data);
    for (const [a, b] of [[1, 2], [3, 11], [7, 8], [8, 16], [1000, 4098], [0, 4099], [4099, 4099]] as const) {
      const first = crc(data.subarray(0, a));
      const second = crc(data.subarray(a, b), first);
      expect(crc(data.subarray(b), second)).toBe(whole);
    }
  });
});

describe('crc32 implementations', () => {
  it('agree with each other on every length 0..300 and on 1 MiB', () => {
    const data = randomBytes(300, 3);
    for (let n = 0; n <= data.length; n++) {
      expect(crc32Slicing(data.subarray(0, n))).toBe(crc32(data.subarray(0, n)));
    }
    const big = randomBytes(1 << 20, 4);
    expect(crc32Slicing(big)).toBe(crc32(big));
  });

  it('uses node:zlib native crc32 where Node has it (measured faster, see README)', () => {
    expect(CRC32_IMPLEMENTATION).toBe('zlib');
  });

  it("agrees with Python's zlib.crc32", async () => {
    const data = randomBytes(100_003, 5);
    const out = await runTool('python3', ['-c', 'import sys, zlib; print(zlib.crc32(sys.stdin.buffer.read()))'], data);
    expect(crc32(data)).toBe(Number(out.toString().trim()));
    expect(crc32Slicing(data)).toBe(Number(out.toString().trim()));
  });

  it("agrees with the CRC32 in the gzip tool's trailer", async () => {
    const data = randomBytes(77_777, 6);
    const member = await runTool('gzip', ['-c'], data);
    // RFC 1952: a member ends with CRC32 then ISIZE, both little-endian.
    expect(crc32(data)).toBe(member.readUInt32LE(member.length - 8));
  });

  it('rejects a previous value that is not an unsigned 32-bit integer', () => {
    for (const bad of [-1, 2 ** 32, 1.5, Number.NaN]) {
      expect(() => crc32(new Uint8Array(1), bad)).toThrow(CodecError);
    }
  });
});
