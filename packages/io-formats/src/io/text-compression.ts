import { createReadStream } from 'node:fs';
import { pipeline, type Readable, type Writable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { CompressStream, DecompressStream } from 'zstd-napi';
import { FormatError } from '../errors.js';
import { ByteSink, type Sink } from './byte-sink.js';
import type { RowWriter } from '../schema.js';

import { compressionFromExtension, type TextCompression } from '../formats.js';

export type { TextCompression };

/**
 * The compression asked for: an explicit option ('gzip', 'zstd', or 'none'/'uncompressed' for none) wins over the
 * extension. Other values are an error naming the choices.
 */
export function textCompression(format: string, path: string | undefined, option: string | undefined): TextCompression | undefined {
  if (option === undefined) return path === undefined ? undefined : compressionFromExtension(path);
  const o = option.toLowerCase();
  if (o === 'none' || o === 'uncompressed') return undefined;
  if (o === 'gzip' || o === 'zstd') return o;
  throw new FormatError('unknown', `${format} files can be compressed with gzip or zstd (or none), not "${option}"`);
}

/** A source decompressed as it is read (a path is read 1 MiB at a time). */
export function decompressed(source: string | Readable | Uint8Array, c: TextCompression): Readable {
  const input = typeof source === 'string' ? createReadStream(source, { highWaterMark: 1 << 20 }) : source instanceof Uint8Array ? undefined : source;
  const codec = c === 'gzip' ? createGunzip() : new DecompressStream();
  if (input) {
    // errors of either stream end the last one, which the reader iterates
    return pipeline(input, codec, () => undefined) as unknown as Readable;
  }
  codec.end(source as Uint8Array);
  return codec;
}

/**
 * Opens `sink` (a path, written atomically, or a stream) behind a compressor, and the writer made by `make` over the
 * compressor's input. finish() ends the compressed stream, then finishes the file; abort() removes the file.
 */
export async function compressedWriter(sink: Sink, c: TextCompression, make: (input: Writable) => Promise<RowWriter>): Promise<RowWriter> {
  const codec = c === 'gzip' ? createGzip() : new CompressStream();
  const file = await ByteSink.open(sink);
  const pump = (async () => {
    for await (const chunk of codec as AsyncIterable<Uint8Array>) {
      file.push(chunk);
      await file.maybeFlush();
    }
  })();
  pump.catch(() => undefined); // reported by finish()
  const inner = await make(codec);
  return {
    get rowCount() {
      return inner.rowCount;
    },
    get bytesWritten() {
      return file.bytesWritten;
    },
    writeRows: (rows) => inner.writeRows(rows),
    write: (row) => inner.write(row),
    async finish() {
      await inner.finish();
      await pump;
      await file.finish();
    },
    async abort() {
      await inner.abort();
      await file.abort();
    },
  };
}
