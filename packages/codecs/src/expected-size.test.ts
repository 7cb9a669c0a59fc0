import { describe, expect, it } from 'vitest';
import { codecByName } from './registry.js';
import { CODEC_NAMES } from './codec.js';
import { text } from './test-support/samples.js';

describe.each(CODEC_NAMES)('%s with an expected size', (name) => {
  const codec = codecByName(name);
  const data = text();

  it('returns the output when the length matches', async () => {
    const packed = await codec.compress(data);
    expect((await codec.decompress(packed, data.length)).length).toBe(data.length);
    if (name !== 'zstd') expect(codec.decompressSync(packed, data.length).length).toBe(data.length);
  });

  it('fails with both numbers when the output is longer or shorter', async () => {
    const packed = await codec.compress(data);
    const n = data.length;
    // zlib stops inflating at the limit, so it reports "more than" the expected size.
    const longer = name === 'gzip' || name === 'brotli' ? `more than ${n - 1}` : String(n);
    await expect(codec.decompress(packed, n - 1)).rejects.toMatchObject({
      code: 'ERR_CODEC_SIZE',
      message: `codecs: ${name}: decompressed to ${longer} bytes, expected ${n - 1}`,
    });
    await expect(codec.decompress(packed, n + 1)).rejects.toMatchObject({
      code: 'ERR_CODEC_SIZE',
      message: `codecs: ${name}: decompressed to ${n} bytes, expected ${n + 1}`,
    });
    await expect(codec.decompress(packed, 0)).rejects.toMatchObject({ code: 'ERR_CODEC_SIZE' });
    if (name !== 'zstd') expect(() => codec.decompressSync(packed, n + 1)).toThrow(`expected ${n + 1}`);
  });

  it('accepts 0 for empty content', async () => {
    const packed = await codec.compress(new Uint8Array(0));
    expect((await codec.decompress(packed, 0)).length).toBe(0);
  });
});
