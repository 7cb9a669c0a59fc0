import { describe, expect, it } from 'vitest';
import type { CodecSpec } from './codec-spec.js';
import { CodecError } from './codec-error.js';
import { defineCodec } from './define-codec.js';

// A fake spec whose "library" writes the wrong framing, as lz4-napi's plain compress() would.
const rawBlockSpec: CodecSpec = {
  name: 'lz4',
  id: 4,
  magic: Uint8Array.of(0x04, 0x22, 0x4d, 0x18),
  defaultLevel: 1,
  minLevel: 1,
  maxLevel: 1,
  library: 'fake',
  compress: async () => Uint8Array.of(0xf0, 0x01, 0x02, 0x03),
  decompress: async () => new Uint8Array(0),
  compressSync: () => Uint8Array.of(0x04, 0x22),
  decompressSync: undefined,
};

describe('defineCodec', () => {
  const codec = defineCodec(rawBlockSpec);

  it('rejects compressor output without the format magic', async () => {
    await expect(codec.compress(new Uint8Array(10))).rejects.toMatchObject({
      code: 'ERR_CODEC_MAGIC',
      message: 'codecs: lz4 compressor output starts with f0 01 02 03, expected magic 04 22 4d 18',
    });
    expect(() => codec.compressSync(new Uint8Array(10))).toThrow('output starts with 04 22, expected magic');
  });

  it('rejects input without the format magic before the library sees it', async () => {
    await expect(codec.decompress(Uint8Array.of(1, 2, 3, 4, 5))).rejects.toMatchObject({
      code: 'ERR_CODEC_CORRUPT',
      message: 'codecs: lz4: corrupt input (5 bytes): not a lz4 stream: it starts with 01 02 03 04, expected magic 04 22 4d 18',
    });
  });

  it('says which codecs have no synchronous API', () => {
    expect(() => codec.decompressSync(new Uint8Array(4))).toThrow(CodecError);
    expect(() => codec.decompressSync(new Uint8Array(4))).toThrow('lz4 has no synchronous API (fake offers only async)');
  });

  it('rejects inputs that are not bytes and sizes that are not counts', async () => {
    await expect(codec.compress('text' as unknown as Uint8Array)).rejects.toMatchObject({ code: 'ERR_CODEC_ARGUMENT' });
    await expect(codec.decompress(new Uint8Array(8), -1)).rejects.toMatchObject({ code: 'ERR_CODEC_ARGUMENT' });
    await expect(codec.decompress(new Uint8Array(8), 1.5)).rejects.toMatchObject({ code: 'ERR_CODEC_ARGUMENT' });
  });
});
