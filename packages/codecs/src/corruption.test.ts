import { describe, expect, it } from 'vitest';
import { CodecError } from './codec-error.js';
import { codecByName } from './registry.js';
import { randomBytes, sameBytes, text } from './test-support/samples.js';

// "Never garbage": a damaged stream either fails with ERR_CODEC_CORRUPT or, where the damage hit a
// bit the format ignores (gzip's MTIME, a zstd window size that is still large enough), decodes
// to exactly the original bytes.

const INPUTS = [
  ['random 64 KiB (stored blocks)', randomBytes(65_536, 21)],
  ['text', text()],
  ['1 byte', Uint8Array.of(42)],
  ['empty', new Uint8Array(0)],
] as const;

/** Every position of a short stream; for a long one its header, its tail and 300 spread between. */
function positions(length: number): number[] {
  if (length <= 4096) return Array.from({ length }, (_, i) => i);
  const spread = Array.from({ length: 300 }, (_, i) => Math.floor((i * length) / 300));
  const ends = Array.from({ length: 64 }, (_, i) => [i, length - 1 - i]).flat();
  return [...new Set([...ends, ...spread])].sort((a, b) => a - b);
}

type Outcome = 'error' | 'same' | 'garbage';

async function outcome(run: () => Promise<Uint8Array>, original: Uint8Array): Promise<Outcome> {
  try {
    return sameBytes(await run(), original) ? 'same' : 'garbage';
  } catch (error) {
    if (error instanceof CodecError && error.code === 'ERR_CODEC_CORRUPT') return 'error';
    throw error;
  }
}

describe.each(['zstd', 'gzip', 'lz4'] as const)('%s on damaged input', (name) => {
  const codec = codecByName(name);

  describe.each(INPUTS)('%s', (_, data) => {
    it('a flipped bit gives ERR_CODEC_CORRUPT or the original bytes, never other bytes', async () => {
      const packed = await codec.compress(data);
      const counts: Record<Outcome, number> = { error: 0, same: 0, garbage: 0 };
      for (const p of positions(packed.length)) {
        for (const mask of [0x01, 0x80]) {
          const damaged = Uint8Array.from(packed);
          damaged[p] = damaged[p]! ^ mask;
          const result = await outcome(() => codec.decompress(damaged), data);
          expect(result, `byte ${p} ^ 0x${mask.toString(16)}`).not.toBe('garbage');
          counts[result] += 1;
          if (name !== 'zstd') {
            expect(await outcome(async () => codec.decompressSync(damaged), data)).toBe(result);
          }
        }
      }
      // Harmless bits exist (header fields, padding) but are few.
      expect(counts.same).toBeLessThanOrEqual(16);
    });

    it('every truncation gives ERR_CODEC_CORRUPT', async () => {
      const packed = await codec.compress(data);
      for (const cut of positions(packed.length)) {
        await expect(codec.decompress(packed.subarray(0, cut)), `cut at ${cut}`).rejects.toMatchObject({
          code: 'ERR_CODEC_CORRUPT',
          codec: name,
        });
      }
    });
  });

  it("names the codec and the library's reason", async () => {
    const data = randomBytes(65_536, 22);
    const packed = await codec.compress(data);
    const damaged = Uint8Array.from(packed);
    damaged[32_768] = damaged[32_768]! ^ 0x01; // inside a stored block: only a checksum can tell
    const reason = { zstd: "Restored data doesn't match checksum", gzip: 'incorrect data check', lz4: 'ContentChecksumError' }[name];
    await expect(codec.decompress(damaged)).rejects.toThrow(
      `codecs: ${name}: corrupt input (${packed.length} bytes): ${reason}`,
    );
  });
});

describe('brotli on damaged input (no magic, no checksum)', () => {
  const brotli = codecByName('brotli');

  it('detects every truncation', async () => {
    for (const [label, data] of INPUTS) {
      const packed = await brotli.compress(data);
      for (const cut of positions(packed.length)) {
        await expect(brotli.decompress(packed.subarray(0, cut)), `${label}, cut at ${cut}`).rejects.toMatchObject({
          code: 'ERR_CODEC_CORRUPT',
        });
      }
    }
  });

  it('does NOT detect a flipped byte inside a stored meta-block: the caller must check a CRC', async () => {
    const data = randomBytes(65_536, 23);
    const packed = await brotli.compress(data);
    const damaged = Uint8Array.from(packed);
    damaged[32_768] = damaged[32_768]! ^ 0x01;
    const out = await brotli.decompress(damaged, data.length);
    expect(out.length).toBe(data.length);
    expect(sameBytes(out, data)).toBe(false);
  });

  it('rejects bytes that are not a brotli stream', async () => {
    await expect(brotli.decompress(new TextEncoder().encode('plain text, not brotli'))).rejects.toMatchObject({
      code: 'ERR_CODEC_CORRUPT',
      codec: 'brotli',
    });
  });
});

describe('other codecs’ streams', () => {
  it('are rejected by magic before decoding', async () => {
    const data = text();
    const gz = await codecByName('gzip').compress(data);
    await expect(codecByName('zstd').decompress(gz)).rejects.toThrow(
      `codecs: zstd: corrupt input (${gz.length} bytes): not a zstd stream: it starts with 1f 8b 08 00, expected magic 28 b5 2f fd`,
    );
    await expect(codecByName('lz4').decompress(new Uint8Array(0))).rejects.toThrow('it is empty, expected magic 04 22 4d 18');
    const zs = await codecByName('zstd').compress(data);
    await expect(codecByName('gzip').decompress(zs)).rejects.toMatchObject({ code: 'ERR_CODEC_CORRUPT' });
  });
});
