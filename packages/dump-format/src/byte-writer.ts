const utf8 = new TextEncoder();

/** Little-endian field writer for the fixed-layout structures (metadata, trailer). Chainable. */
export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;

  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
    this.view = new DataView(this.buf.buffer);
  }

  private room(n: number): number {
    const at = this.pos;
    if (at + n > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, at + n));
      next.set(this.buf.subarray(0, at));
      this.buf = next;
      this.view = new DataView(next.buffer);
    }
    this.pos = at + n;
    return at;
  }

  u8(v: number): this {
    this.view.setUint8(this.room(1), v);
    return this;
  }
  u16(v: number): this {
    this.view.setUint16(this.room(2), v, true);
    return this;
  }
  u32(v: number): this {
    this.view.setUint32(this.room(4), v >>> 0, true);
    return this;
  }
  i32(v: number): this {
    this.view.setInt32(this.room(4), v, true);
    return this;
  }
  u64(v: bigint | number): this {
    this.view.setBigUint64(this.room(8), BigInt(v), true);
    return this;
  }
  bytes(b: Uint8Array): this {
    this.buf.set(b, this.room(b.length));
    return this;
  }

  get length(): number {
    return this.pos;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

export function encodeUtf8(s: string): Uint8Array {
  return utf8.encode(s);
}
