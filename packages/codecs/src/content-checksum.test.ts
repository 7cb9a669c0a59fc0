import { describe, expect, it } from 'vitest';
import { codecByName } from './registry.js';
import { SAMPLES, sameBytes } from './test-support/samples.js';
import { runTool } from './test-support/tools.js';

// Frame_Header_Descriptor is the byte after the 4-byte magic; bit 2 is Content_Checksum_flag (RFC 8878 3.1.1.1.1).
const checksumFlag = (frame: Uint8Array): boolean => (frame[4]! & 0b100) !== 0;

describe('zstd contentChecksum option', () => {
  const zstd = codecByName('zstd');

  it.each(SAMPLES)('off: no checksum flag, 4 bytes shorter, and the zstd tool and we still read %s', async (_, sample) => {
    const data = sample();
    const plain = await zstd.compress(data, 3, { contentChecksum: false });
    const checked = await zstd.compress(data, 3);
    expect(checksumFlag(plain)).toBe(false);
    expect(checksumFlag(checked)).toBe(true);
    expect(checked.length - plain.length).toBe(4);
    expect(sameBytes(await runTool('zstd', ['-d', '-c', '-q'], plain), data)).toBe(true);
    expect(sameBytes(await zstd.decompress(plain, data.length), data)).toBe(true);
  });

  it('other codecs ignore it and keep their own checks', async () => {
    const data = new TextEncoder().encode('row\t1\n'.repeat(1000));
    for (const name of ['gzip', 'lz4', 'brotli', 'none'] as const) {
      const codec = codecByName(name);
      const a = await codec.compress(data, codec.defaultLevel, { contentChecksum: false });
      expect(sameBytes(await codec.decompress(a, data.length), data)).toBe(true);
    }
    // lz4 keeps its frame content checksum: FLG bit 2 (Content checksum flag) stays set.
    const lz = await codecByName('lz4').compress(data, 1, { contentChecksum: false });
    expect(lz[4]! & 0b100).toBe(0b100);
  });
});
