import { type FileHandle, open } from 'node:fs/promises';

/** Sequential input: a file (size known, can skip) or any async iterable of chunks (stdin). */
export interface ByteSource {
  /** Offset of the next byte to be read. */
  readonly position: number;
  /** File size, or null for a stream. */
  readonly size: number | null;
  /** Reads n bytes; fewer only where the input ends. */
  read(n: number): Promise<Uint8Array>;
  /** Moves past n bytes without returning them; returns how many there were. */
  skip(n: number): Promise<number>;
  close(): Promise<void>;
}

export class FileSource implements ByteSource {
  position = 0;

  private constructor(
    readonly fh: FileHandle,
    readonly size: number,
    private readonly owned: boolean,
  ) {}

  static async open(path: string): Promise<FileSource> {
    const fh = await open(path, 'r');
    return new FileSource(fh, (await fh.stat()).size, true);
  }

  /** Reads through a handle the caller keeps (openDumpForAppend). */
  static async over(fh: FileHandle): Promise<FileSource> {
    return new FileSource(fh, (await fh.stat()).size, false);
  }

  async read(n: number): Promise<Uint8Array> {
    const want = Math.max(0, Math.min(n, this.size - this.position));
    const out = Buffer.allocUnsafe(want);
    let got = 0;
    while (got < want) {
      const { bytesRead } = await this.fh.read(out, got, want - got, this.position + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    this.position += got;
    return got === want ? out : out.subarray(0, got);
  }

  async readAt(offset: number, n: number): Promise<Uint8Array> {
    this.position = offset;
    return this.read(n);
  }

  async skip(n: number): Promise<number> {
    const moved = Math.max(0, Math.min(n, this.size - this.position));
    this.position += moved;
    return moved;
  }

  async close(): Promise<void> {
    if (this.owned) await this.fh.close();
  }
}

export class StreamSource implements ByteSource {
  position = 0;
  readonly size = null;
  private readonly iterator: AsyncIterator<Uint8Array | string> | Iterator<Uint8Array | string>;
  private head: Uint8Array = new Uint8Array(0);
  private done = false;

  constructor(stream: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>) {
    this.iterator = Symbol.asyncIterator in stream ? stream[Symbol.asyncIterator]() : stream[Symbol.iterator]();
  }

  private async more(): Promise<boolean> {
    while (!this.done) {
      const { value, done } = await this.iterator.next();
      if (done) {
        this.done = true;
        return false;
      }
      if (typeof value === 'string') throw new Error('heliodump reader: the stream yields strings; open it without an encoding');
      if (value.length === 0) continue;
      this.head = this.head.length === 0 ? value : concat([this.head, value]);
      return true;
    }
    return false;
  }

  async read(n: number): Promise<Uint8Array> {
    if (this.head.length < n) {
      // Gather chunks and concatenate once, so a large block costs one copy.
      const parts = [this.head];
      let have = this.head.length;
      this.head = new Uint8Array(0);
      while (have < n && (await this.more())) {
        parts.push(this.head);
        have += this.head.length;
        this.head = new Uint8Array(0);
      }
      this.head = concat(parts);
    }
    const out = this.head.subarray(0, Math.min(n, this.head.length));
    this.head = this.head.subarray(out.length);
    this.position += out.length;
    return out;
  }

  async skip(n: number): Promise<number> {
    return (await this.read(n)).length;
  }

  /** Puts bytes just read back in front (the end-of-stream probe between segments). */
  unread(bytes: Uint8Array): void {
    this.head = this.head.length === 0 ? bytes : concat([bytes, this.head]);
    this.position -= bytes.length;
  }

  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
