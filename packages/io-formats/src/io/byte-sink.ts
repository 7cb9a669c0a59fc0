import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';

/** Where a writer's bytes go: a path (written atomically) or a Writable. */
export type Sink = string | Writable;

const FLUSH_AT = 1 << 20;

/**
 * A byte sink with a 1 MiB coalescing buffer. Path sinks write `.<name>.<random>.tmp` beside the target,
 * then fsync, rename and fsync the directory, so the target holds either its old content or the whole new file.
 */
export class ByteSink {
  private parts: Uint8Array[] = [];
  private pending = 0;
  private handle: FileHandle | undefined;
  private tmpPath: string | undefined;
  private done = false;
  bytesWritten = 0;

  private constructor(
    private readonly path: string | undefined,
    private readonly stream: Writable | undefined,
  ) {}

  static async open(sink: Sink): Promise<ByteSink> {
    if (typeof sink !== 'string') return new ByteSink(undefined, sink);
    const s = new ByteSink(sink, undefined);
    s.tmpPath = join(dirname(sink), `.${basename(sink)}.${randomBytes(6).toString('hex')}.tmp`);
    s.handle = await open(s.tmpPath, 'wx');
    return s;
  }

  /** Queues bytes; call `maybeFlush()` (awaited) at batch ends to bound memory. */
  push(chunk: string | Uint8Array): void {
    // Strings are encoded at once: a rope built by `+=` and kept until the flush would be promoted to the old
    // generation and cost a full garbage collection; its bytes outside the JS heap cost nothing to keep.
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.parts.push(bytes);
    this.pending += bytes.byteLength;
  }

  async maybeFlush(): Promise<void> {
    if (this.pending >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const buf = Buffer.concat(this.parts);
    this.parts = [];
    this.pending = 0;
    this.bytesWritten += buf.byteLength;
    if (this.handle) {
      let off = 0;
      while (off < buf.byteLength) off += (await this.handle.write(buf, off)).bytesWritten;
    } else if (this.stream) {
      const s = this.stream;
      if (s.destroyed) throw new Error('the output stream was closed before the end (the reader went away)');
      if (!s.write(buf)) {
        await new Promise<void>((resolve, reject) => {
          // A stream destroyed without an error (a client that disconnected) sends no drain: stop, do not wait.
          const done = (e?: Error) => {
            s.off('drain', onDrain).off('error', onError).off('close', onClose);
            if (e) reject(e);
            else resolve();
          };
          const onDrain = () => done();
          const onError = (e: Error) => done(e);
          const onClose = () => done(new Error('the output stream was closed before the end (the reader went away)'));
          s.once('drain', onDrain).once('error', onError).once('close', onClose);
        });
      }
    }
  }

  async finish(): Promise<void> {
    if (this.done) return;
    await this.flush();
    this.done = true;
    if (this.handle && this.tmpPath && this.path) {
      await this.handle.sync();
      await this.handle.close();
      await rename(this.tmpPath, this.path);
      const dir = await open(dirname(this.path), 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    } else if (this.stream) {
      const s = this.stream;
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.end(() => resolve());
      });
    }
  }

  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    this.parts = [];
    if (this.handle && this.tmpPath) {
      await this.handle.close().catch(() => undefined);
      await rm(this.tmpPath, { force: true });
    } else if (this.stream) {
      this.stream.destroy();
    }
  }
}
