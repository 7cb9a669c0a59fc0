/**
 * A connection's outgoing bytes: whole messages back to back in one growing buffer, taken out and
 * written to the socket in one write per batch (a Sync, a simple query, or a full buffer). Hot messages
 * (DataRow, CommandComplete, ReadyForQuery) are built in place, prebuilt ones are appended.
 */
export class OutputBuffer {
  private buf: Buffer;
  private pos = 0;
  /** Where the message being built starts (its code byte). */
  private start = -1;

  constructor(private readonly initialSize = 16 * 1024) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  get length(): number {
    return this.pos;
  }

  /** Appends complete messages (or any prebuilt bytes). */
  append(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }

  /** Starts a message: its code, and room for the length that `end()` fills in. */
  begin(code: number): this {
    this.ensure(5);
    this.start = this.pos;
    this.buf[this.pos] = code;
    this.pos += 5;
    return this;
  }

  /** Ends the message `begin` started; its length includes itself but not the code. */
  end(): this {
    this.buf.writeInt32BE(this.pos - this.start - 1, this.start + 1);
    this.start = -1;
    return this;
  }

  byte(v: number): this {
    this.ensure(1);
    this.buf[this.pos++] = v;
    return this;
  }

  int16(v: number): this {
    this.ensure(2);
    this.buf.writeInt16BE(v, this.pos);
    this.pos += 2;
    return this;
  }

  int32(v: number): this {
    this.ensure(4);
    this.buf.writeInt32BE(v, this.pos);
    this.pos += 4;
    return this;
  }

  bytes(b: Uint8Array): this {
    return this.append(b);
  }

  /** A UTF-8 string and its NUL terminator. */
  cstring(s: string): this {
    this.utf8(s);
    return this.byte(0);
  }

  /** A length-prefixed value (DataRow column): Int32 byte length, then the string's UTF-8 bytes. */
  text(s: string): this {
    this.ensure(4);
    const at = this.pos;
    this.pos += 4;
    const n = this.utf8(s);
    this.buf.writeInt32BE(n, at);
    return this;
  }

  /** Takes the bytes written so far (a copy) and starts over. */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.pos));
    this.pos = 0;
    // Do not keep a buffer a huge result grew.
    if (this.buf.length > 1024 * 1024) this.buf = Buffer.allocUnsafe(this.initialSize);
    return out;
  }

  private utf8(s: string): number {
    const len = s.length;
    this.ensure(len * 3);
    const buf = this.buf;
    let p = this.pos;
    // Short ASCII strings (numbers, names) byte by byte; anything else through the native encoder.
    if (len <= 64) {
      let i = 0;
      for (; i < len; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[p + i] = c;
      }
      if (i === len) {
        this.pos = p + len;
        return len;
      }
    }
    const n = buf.write(s, p, 'utf8');
    this.pos = p + n;
    return n;
  }

  private ensure(n: number): void {
    if (this.pos + n + 4 <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n + 4 + 1024));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
}
