import { describe, expect, it } from 'vitest';
import { CODEC_NAMES } from './codec.js';
import { codecByName } from './registry.js';
import { compressible, randomBytes, sameBytes } from './test-support/samples.js';

/** 16 different 1 MiB blocks: half random, half compressible with a distinct head. */
function blocks(): Uint8Array[] {
  return Array.from({ length: 16 }, (_, i) => {
    if (i % 2 === 0) return randomBytes(1 << 20, 100 + i);
    const block = compressible();
    block.set(randomBytes(64, 200 + i));
    return block;
  });
}

describe('concurrent compression on the thread pool', () => {
  it.each(CODEC_NAMES)('%s: 16 blocks compressed and decompressed at once all round-trip', async (name) => {
    const codec = codecByName(name);
    const inputs = blocks();
    const packed = await Promise.all(inputs.map((b) => codec.compress(b)));
    const restored = await Promise.all(packed.map((p, i) => codec.decompress(p, inputs[i]!.length)));
    restored.forEach((out, i) => expect(sameBytes(out, inputs[i]!), `block ${i}`).toBe(true));
    // Each result belongs to its own block, not a neighbour's.
    expect(sameBytes(restored[1]!, inputs[3]!)).toBe(false);
  });

  it('all codecs at once, mixed levels', async () => {
    const inputs = blocks().slice(0, 10);
    const jobs = inputs.map((b, i) => {
      const codec = codecByName(CODEC_NAMES[i % CODEC_NAMES.length]!);
      const level = i < 5 ? codec.defaultLevel : codec.minLevel;
      return codec.compress(b, level).then((p) => codec.decompress(p, b.length));
    });
    const restored = await Promise.all(jobs);
    restored.forEach((out, i) => expect(sameBytes(out, inputs[i]!), `job ${i}`).toBe(true));
  });
});
