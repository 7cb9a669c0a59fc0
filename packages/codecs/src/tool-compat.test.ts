import { describe, expect, it } from 'vitest';
import { codecByName } from './registry.js';
import { SAMPLES, sameBytes } from './test-support/samples.js';
import { runTool } from './test-support/tools.js';

// The standard tools are the independent witness: what we write, they read, and the reverse.
// Magic bytes are written out here, not imported, so a wrong constant in src/ cannot hide.
const FORMATS = [
  { name: 'zstd', levels: [1, 3, 19], magic: [0x28, 0xb5, 0x2f, 0xfd], decode: ['-d', '-c', '-q'], encoders: [['-c', '-q'], ['-c', '-q', '-19']] },
  { name: 'gzip', levels: [1, 6, 9], magic: [0x1f, 0x8b], decode: ['-d', '-c'], encoders: [['-c'], ['-c', '-9']] },
  { name: 'brotli', levels: [0, 6, 11], magic: [], decode: ['-d', '-c'], encoders: [['-c'], ['-c', '-q', '5']] },
  { name: 'lz4', levels: [1], magic: [0x04, 0x22, 0x4d, 0x18], decode: ['-d', '-c', '-q'], encoders: [['-c', '-q'], ['-c', '-q', '-9'], ['-c', '-q', '-BD', '--no-frame-crc']] },
] as const;

describe.each(FORMATS)('$name and the $name tool', ({ name, levels, magic, decode, encoders }) => {
  const codec = codecByName(name);

  describe.each(SAMPLES)('%s', (_, sample) => {
    const data = sample();

    it.each(levels)(`the ${name} tool reads our output at level %i`, async (level) => {
      const packed = await codec.compress(data, level);
      expect([...packed.subarray(0, magic.length)]).toEqual(magic);
      const restored = await runTool(name, decode, packed);
      expect(restored.length).toBe(data.length);
      expect(sameBytes(restored, data)).toBe(true);
    });

    if (name !== 'zstd') {
      it(`the ${name} tool reads our synchronous output`, async () => {
        const restored = await runTool(name, decode, codec.compressSync(data));
        expect(sameBytes(restored, data)).toBe(true);
      });
    }

    it.each(encoders.map((args) => [args.join(' ')] as const))(`we read the output of ${name} %s`, async (args) => {
      const packed = await runTool(name, args.split(' '), data);
      const restored = await codec.decompress(packed, data.length);
      expect(restored.length).toBe(data.length);
      expect(sameBytes(restored, data)).toBe(true);
      if (name !== 'zstd') expect(sameBytes(codec.decompressSync(packed, data.length), data)).toBe(true);
    });
  });
});

describe('none', () => {
  it.each(SAMPLES)('is the identity on %s, returning a copy', async (_, sample) => {
    const none = codecByName('none');
    const data = sample();
    const packed = await none.compress(data);
    expect(sameBytes(packed, data)).toBe(true);
    expect(sameBytes(await none.decompress(packed, data.length), data)).toBe(true);
    expect(sameBytes(none.compressSync(data), data)).toBe(true);
    if (data.length > 0) {
      packed[0] = packed[0]! ^ 0xff;
      expect(data[0]).not.toBe(packed[0]); // not a view of the input
    }
  });
});
