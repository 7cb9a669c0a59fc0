import { describe, expect, it } from 'vitest';
import { codecByName } from './registry.js';
import { sameBytes, text } from './test-support/samples.js';
import { runTool } from './test-support/tools.js';

// What each codec does with more than one stream, or bytes after the stream, in one input.
// A dump block holds exactly one stream; these pin the behaviour documented in README.md.

const concat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

describe('input holding more than one stream', () => {
  const a = text();
  const b = new TextEncoder().encode('second part');

  it.each(['zstd', 'gzip'] as const)('%s decodes concatenated streams to their concatenation, as its tool does', async (name) => {
    const codec = codecByName(name);
    const joined = concat(await codec.compress(a), await codec.compress(b));
    const expected = concat(a, b);
    expect(sameBytes(await codec.decompress(joined, expected.length), expected)).toBe(true);
    expect(sameBytes(await runTool(name, ['-d', '-c'], joined), expected)).toBe(true);
  });

  it('lz4 rejects a second frame instead of dropping it', async () => {
    const lz4 = codecByName('lz4');
    const first = await lz4.compress(a);
    const joined = concat(first, await lz4.compress(b));
    await expect(lz4.decompress(joined)).rejects.toMatchObject({
      code: 'ERR_CODEC_CORRUPT',
      message: expect.stringContaining(`after the frame's end at offset ${first.length} (one frame per input)`),
    });
  });

  it('brotli ignores bytes after the end of its stream (nothing marks where a stream should end)', async () => {
    const brotli = codecByName('brotli');
    const joined = concat(await brotli.compress(a), new TextEncoder().encode('trailing'));
    expect(sameBytes(await brotli.decompress(joined), a)).toBe(true);
  });

  it('zstd rejects bytes after its frame that are not another frame', async () => {
    const zstd = codecByName('zstd');
    const joined = concat(await zstd.compress(a), new TextEncoder().encode('trailing'));
    await expect(zstd.decompress(joined)).rejects.toMatchObject({ code: 'ERR_CODEC_CORRUPT' });
  });
});
