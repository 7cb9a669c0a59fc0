import { once } from 'node:events';
import { type FileHandle, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';

/** Where the writer's bytes go: a file (seekable, patched in place) or a stream (e.g. stdout). */
export interface ByteSink {
  readonly seekable: boolean;
  /** Bytes written so far; the file offset of the next byte. */
  readonly position: number;
  write(chunks: readonly Uint8Array[]): Promise<void>;
  /** Overwrites bytes already written. Only on seekable sinks. */
  patch(offset: number, bytes: Uint8Array): Promise<void>;
  sync(): Promise<void>;
  /** Ends the output; `sync: false` skips the final fsync (see DumpWriter.close). */
  finish(options?: { sync?: boolean }): Promise<void>;
  abort(): Promise<void>;
}

/**
 * A new dump goes to a temporary sibling ".<name>.tmp-<pid>", is fsynced, then renamed over the
 * final name, so a crash leaves either no file or a complete one. An appended segment is written
 * in place after `start`; abort truncates back to `start`.
 */
export class FileSink implements ByteSink {
  readonly seekable = true;
  position: number;

  private constructor(
    private readonly fh: FileHandle,
    private readonly finalPath: string,
    private readonly tempPath: string | null,
    private readonly start: number,
  ) {
    this.position = start;
  }

  static async create(path: string): Promise<FileSink> {
    const tempPath = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
    return new FileSink(await open(tempPath, 'w'), path, tempPath, 0);
  }

  static appendTo(fh: FileHandle, path: string, start: number): FileSink {
    return new FileSink(fh, path, null, start);
  }

  async write(chunks: readonly Uint8Array[]): Promise<void> {
    let pending = chunks.filter((c) => c.length > 0);
    while (pending.length > 0) {
      const { bytesWritten } = await this.fh.writev(pending, this.position);
      this.position += bytesWritten;
      let skip = bytesWritten;
      const rest: Uint8Array[] = [];
      for (const c of pending) {
        if (skip >= c.length) skip -= c.length;
        else {
          rest.push(c.subarray(skip));
          skip = 0;
        }
      }
      pending = rest;
    }
  }

  async patch(offset: number, bytes: Uint8Array): Promise<void> {
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.fh.write(bytes, done, bytes.length - done, offset + done);
      done += bytesWritten;
    }
  }

  sync(): Promise<void> {
    return this.fh.sync();
  }

  async finish(options: { sync?: boolean } = {}): Promise<void> {
    await this.fh.truncate(this.position);
    if (options.sync !== false || this.tempPath !== null) await this.fh.sync();
    await this.fh.close();
    if (this.tempPath !== null) {
      await rename(this.tempPath, this.finalPath);
      await syncDirectory(dirname(this.finalPath));
    }
  }

  async abort(): Promise<void> {
    if (this.tempPath !== null) {
      await this.fh.close().catch(() => undefined);
      await unlink(this.tempPath).catch(() => undefined);
      return;
    }
    await this.fh.truncate(this.start);
    await this.fh.sync();
    await this.fh.close();
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A Node Writable. Not seekable: segment metadata stays unpatched and the trailer carries the totals. */
export class StreamSink implements ByteSink {
  readonly seekable = false;
  position = 0;
  private error: Error | null = null;

  constructor(private readonly stream: Writable) {
    stream.on('error', (e: Error) => {
      this.error ??= e;
    });
  }

  async write(chunks: readonly Uint8Array[]): Promise<void> {
    for (const chunk of chunks) {
      if (this.error) throw this.error;
      if (chunk.length === 0) continue;
      this.position += chunk.length;
      if (!this.stream.write(chunk)) await this.drained();
    }
    if (this.error) throw this.error;
  }

  private async drained(): Promise<void> {
    const ac = new AbortController();
    try {
      await Promise.race([once(this.stream, 'drain', { signal: ac.signal }), once(this.stream, 'close', { signal: ac.signal })]);
    } finally {
      ac.abort();
    }
    if (this.error) throw this.error;
  }

  patch(): Promise<void> {
    return Promise.reject(new Error('heliodump writer: a stream cannot be patched'));
  }

  async sync(): Promise<void> {}

  async finish(): Promise<void> {
    if (this.error) throw this.error;
    const s = this.stream;
    if (s === (process.stdout as Writable) || s === (process.stderr as Writable)) {
      if (s.writableNeedDrain) await this.drained();
      return;
    }
    s.end();
    if (!s.writableFinished) await once(s, 'finish');
    if (this.error) throw this.error;
  }

  async abort(): Promise<void> {}
}
