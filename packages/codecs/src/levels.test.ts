import { describe, expect, it } from 'vitest';
import { CodecError } from './codec-error.js';
import { codecByName } from './registry.js';
import { text } from './test-support/samples.js';

async function rejection(promise: Promise<unknown>): Promise<CodecError> {
  const error: unknown = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  if (error instanceof CodecError) return error;
  throw error;
}

describe('compression levels', () => {
  const data = text();

  it.each([
    ['zstd', [0, 23, -1, 2.5], 'valid: 1..22, default 3'],
    ['gzip', [0, 10, -1], 'valid: 1..9, default 6'],
    ['brotli', [-1, 12], 'valid: 0..11, default 6'],
    ['lz4', [0, 2, 9], 'it has no levels; use 1 or omit the level'],
    ['none', [1, -1], 'it has no levels; use 0 or omit the level'],
  ] as const)('%s rejects levels outside its range, naming the codec and the range', async (name, bad, range) => {
    const codec = codecByName(name);
    for (const level of bad) {
      const error = await rejection(codec.compress(data, level));
      expect(error.code).toBe('ERR_CODEC_LEVEL');
      expect(error.codec).toBe(name);
      expect(error.message).toBe(`codecs: ${name} level ${level} is out of range (${range})`);
      if (name !== 'zstd') expect(() => codec.compressSync(data, level)).toThrow(error.message);
    }
  });

  it('zstd levels reach libzstd (the package index.js would drop them)', async () => {
    const zstd = codecByName('zstd');
    const [l1, l3, l19] = await Promise.all([1, 3, 19].map((l) => zstd.compress(data, l)));
    // Dropped levels would make all three identical.
    expect(l19!.length).toBeLessThan(l1!.length);
    expect(new Set([l1, l3, l19].map((z) => Buffer.from(z!).toString('hex'))).size).toBe(3);
    expect((await zstd.compress(data)).length).toBe(l3!.length);
  });

  it('gzip and brotli levels reach zlib', async () => {
    const gzip = codecByName('gzip');
    expect((await gzip.compress(data, 9)).length).toBeLessThan((await gzip.compress(data, 1)).length);
    expect(Buffer.from(await gzip.compress(data)).equals(Buffer.from(await gzip.compress(data, 6)))).toBe(true);
    const brotli = codecByName('brotli');
    expect((await brotli.compress(data, 11)).length).toBeLessThan((await brotli.compress(data, 0)).length);
    expect(Buffer.from(await brotli.compress(data)).equals(Buffer.from(await brotli.compress(data, 6)))).toBe(true);
  });

  it('lz4 and none accept their single level explicitly', async () => {
    await expect(codecByName('lz4').compress(data, 1)).resolves.toBeInstanceOf(Uint8Array);
    await expect(codecByName('none').compress(data, 0)).resolves.toBeInstanceOf(Uint8Array);
  });
});
