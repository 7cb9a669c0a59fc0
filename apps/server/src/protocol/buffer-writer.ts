/** Builds backend messages: chainable field writers, then `flush(code)` frames one message. */
export class BufferWriter {
  private buffer: Buffer;
  private offset = 5; // room for the code byte and the length

  constructor(size = 1024) {
    this.buffer = Buffer.allocUnsafe(size);
  }

  addInt16(v: number): this {
    this.ensure(2);
    this.buffer.writeInt16BE(v, this.offset);
    this.offset += 2;
    return this;
  }

  addInt32(v: number): this {
    this.ensure(4);
    this.buffer.writeInt32BE(v, this.offset);
    this.offset += 4;
    return this;
  }

  addByte(v: number): this {
    this.ensure(1);
    this.buffer[this.offset++] = v;
    return this;
  }

  /** A UTF-8 string followed by NUL; the length written is the byte length, never the character count. */
  addCString(s: string): this {
    const n = Buffer.byteLength(s, 'utf8');
    this.ensure(n + 1);
    this.buffer.write(s, this.offset, 'utf8');
    this.offset += n;
    this.buffer[this.offset++] = 0;
    return this;
  }

  addBytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buffer.set(b, this.offset);
    this.offset += b.length;
    return this;
  }

  /** Frames what was added as one message; the length includes itself but not the code. */
  flush(code: number): Buffer {
    this.buffer[0] = code;
    this.buffer.writeInt32BE(this.offset - 1, 1);
    const out = Buffer.from(this.buffer.subarray(0, this.offset));
    this.offset = 5;
    return out;
  }

  private ensure(n: number): void {
    if (this.offset + n <= this.buffer.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.offset + n));
    this.buffer.copy(next, 0, 0, this.offset);
    this.buffer = next;
  }
}
