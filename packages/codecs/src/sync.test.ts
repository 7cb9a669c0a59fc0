import { describe, expect, it } from 'vitest';
import { codecByName } from './registry.js';
import { randomBytes, sameBytes, text } from './test-support/samples.js';

describe.each(['gzip', 'brotli', 'lz4', 'none'] as const)('%s synchronous API', (name) => {
  const codec = codecByName(name);
  const data = text();

  it('reads what the async API writes, and the reverse', async () => {
    expect(sameBytes(codec.decompressSync(await codec.compress(data)), data)).toBe(true);
    expect(sameBytes(await codec.decompress(codec.compressSync(data)), data)).toBe(true);
  });

  it('produces the same bytes as the async API', async () => {
    expect(sameBytes(codec.compressSync(data), await codec.compress(data))).toBe(true);
  });
});

describe('zstd synchronous API', () => {
  it('does not exist in @mongodb-js/zstd 1.2.2, and says so', () => {
    const zstd = codecByName('zstd');
    expect(() => zstd.compressSync(text())).toThrow(expect.objectContaining({ code: 'ERR_CODEC_SYNC_UNSUPPORTED', codec: 'zstd' }));
    expect(() => zstd.decompressSync(text())).toThrow('zstd has no synchronous API');
  });
});

describe('inputs that are views into a larger buffer', () => {
  it.each(['zstd', 'gzip', 'brotli', 'lz4', 'none'] as const)('%s reads only the view', async (name) => {
    const codec = codecByName(name);
    const backing = randomBytes(10_000, 31);
    const view = backing.subarray(1234, 5678);
    const packed = await codec.compress(view);
    const padded = new Uint8Array(packed.length + 20);
    padded.set(packed, 7);
    const restored = await codec.decompress(padded.subarray(7, 7 + packed.length), view.length);
    expect(sameBytes(restored, view)).toBe(true);
  });
});
