import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

/** Where a reader's bytes come from: a path, a Readable, or bytes in memory. */
export type Source = string | Readable | Uint8Array;

/** The source as an async sequence of byte chunks (64 KiB reads for a path). */
export async function* byteChunks(source: Source): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    yield source;
    return;
  }
  const stream = typeof source === 'string' ? createReadStream(source, { highWaterMark: 1 << 16 }) : source;
  for await (const chunk of stream) {
    yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Uint8Array);
  }
}

/** A source that must be read whole (Parquet footer, Arrow file) when it is a stream: collected into memory. */
export async function collectBytes(source: Readable): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of byteChunks(source)) parts.push(c);
  return Buffer.concat(parts);
}
