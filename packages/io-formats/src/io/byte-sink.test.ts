import { T } from '@heliosdb/types';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createWriter } from '../create.js';

describe('a stream sink whose reader goes away', () => {
  it('a writer waiting on back-pressure fails when the stream is destroyed, instead of waiting forever', async () => {
    // Nobody reads this stream: once its 16 KiB buffer is full, the writer waits for a drain that never comes.
    const stream = new PassThrough({ highWaterMark: 16 * 1024 });
    const w = await createWriter(stream, [{ name: 's', type: T.text }], { format: 'csv' });
    const rows = Array.from({ length: 60_000 }, (_, i) => [`row ${i} ${'x'.repeat(20)}`]);
    const writing = w.writeRows(rows); // ~2 MB: more than one flush, so it blocks on the second
    setImmediate(() => stream.destroy());
    await expect(writing).rejects.toThrow('the output stream was closed before the end (the reader went away)');
    await w.abort();
  });

  it('writing after the stream was destroyed fails at once', async () => {
    const stream = new PassThrough();
    stream.resume();
    const w = await createWriter(stream, [{ name: 'n', type: T.int4 }], { format: 'csv' });
    stream.destroy();
    await expect((async () => {
      await w.writeRows(Array.from({ length: 300_000 }, (_, i) => [i]));
      await w.finish();
    })()).rejects.toThrow(/closed before the end/);
  });
});
