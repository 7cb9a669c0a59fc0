/**
 * A growable output buffer reused across rows and keys, so encoding allocates only the final copy.
 * Integers in row bytes are little-endian; key bytes are written big-endian by key-codec.ts.
 */
export class ByteWriter {
  buf: Buffer;
  /** A view of `buf` for fixed-width numbers (V8 optimises DataView; Node's bigint writers are slower JS). */
  dv: DataView;
  pos = 0;

  /**
   * `own`: every buffer is its own allocation, starting at offset 0 of its ArrayBuffer (never a slice
   * of Node's shared pool), as lmdb-js needs to take a value as a [start, end) of it.
   */
  constructor(
    initial = 4096,
    private readonly own = false,
  ) {
    this.buf = own ? Buffer.allocUnsafeSlow(initial) : Buffer.allocUnsafe(initial);
    this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
  }

  reset(): this {
    this.pos = 0;
    return this;
  }

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const size = Math.max(this.buf.length * 2, this.pos + n, 1024);
    const next = this.own ? Buffer.allocUnsafeSlow(size) : Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
    this.dv = new DataView(next.buffer, next.byteOffset, next.length);
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  bytes(b: Uint8Array): void {
    const n = b.length;
    this.ensure(n);
    // A typed-array copy is a native call; short byte strings (keys, small bytea) copy faster in JS.
    if (n <= 32) {
      const out = this.buf;
      let p = this.pos;
      for (let i = 0; i < n; i++) out[p++] = b[i]!;
      this.pos = p;
      return;
    }
    this.buf.set(b, this.pos);
    this.pos += n;
  }

  /** LEB128: 7 bits per byte, low bits first, high bit set on every byte but the last. */
  varint(v: number): void {
    this.ensure(5);
    while (v >= 0x80) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.pos++] = v;
  }

  /** UTF-8 of `s`, preceded by its byte length as a varint. */
  lengthPrefixedUtf8(s: string): void {
    // A UTF-16 code unit is at most 3 UTF-8 bytes.
    this.ensure(5 + s.length * 3);
    const start = this.pos;
    if (s.length < 0x80) {
      // Short ASCII text is copied in JS, cheaper than the native UTF-8 encoder's call.
      const b = this.buf;
      let i = 0;
      for (; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        b[start + 1 + i] = c;
      }
      if (i === s.length) {
        b[start] = i;
        this.pos = start + 1 + i;
        return;
      }
    }
    // Reserve one length byte for short strings; move the bytes if the length needs more.
    const n = this.buf.write(s, start + 1, 'utf8');
    if (n < 0x80) {
      this.buf[start] = n;
      this.pos = start + 1 + n;
      return;
    }
    const bytes = Buffer.from(this.buf.subarray(start + 1, start + 1 + n));
    this.pos = start;
    this.varint(n);
    this.bytes(bytes);
  }

  /** A copy of the bytes written since `reset()`. */
  take(): Buffer {
    // allocUnsafe takes small buffers from Node's shared pool: no malloc per row.
    const n = this.pos;
    const out = Buffer.allocUnsafe(n);
    // Buffer#copy validates its arguments in JS at a cost larger than copying a short row byte by byte.
    if (n <= 128) for (let i = 0; i < n; i++) out[i] = this.buf[i]!;
    else out.set(this.buf.subarray(0, n));
    return out;
  }
}

/** A read cursor over row bytes. */
export class ByteReader {
  pos = 0;
  constructor(public buf: Buffer) {}

  varint(): number {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = this.buf[this.pos++];
      if (b === undefined) throw new Error(`row bytes: varint runs past the end at offset ${this.pos - 1}`);
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
    }
  }
}
