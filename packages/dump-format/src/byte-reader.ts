const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Little-endian field reader over one structure that has already passed its CRC32. `fail` turns an
 * out-of-bounds read or a bad string into the caller's error (it names the structure's place).
 */
export class ByteReader {
  private readonly view: DataView;
  pos = 0;

  constructor(
    readonly bytes: Uint8Array,
    private readonly fail: (reason: string) => Error,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private take(n: number, what: string): number {
    const at = this.pos;
    if (at + n > this.bytes.length) {
      throw this.fail(`${what} at byte ${at} runs past the end of the ${this.bytes.length}-byte body`);
    }
    this.pos = at + n;
    return at;
  }

  u8(what: string): number {
    return this.view.getUint8(this.take(1, what));
  }
  u16(what: string): number {
    return this.view.getUint16(this.take(2, what), true);
  }
  u32(what: string): number {
    return this.view.getUint32(this.take(4, what), true);
  }
  i32(what: string): number {
    return this.view.getInt32(this.take(4, what), true);
  }
  u64(what: string): bigint {
    return this.view.getBigUint64(this.take(8, what), true);
  }
  /** A u64 that must fit a JS number (counts, sizes, offsets). */
  u64n(what: string): number {
    const v = this.u64(what);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw this.fail(`${what} ${v} exceeds 2^53-1`);
    return Number(v);
  }
  bytesOf(n: number, what: string): Uint8Array {
    const at = this.take(n, what);
    return this.bytes.subarray(at, at + n);
  }
  utf8(n: number, what: string): string {
    const b = this.bytesOf(n, what);
    try {
      return utf8.decode(b);
    } catch {
      throw this.fail(`${what} is not valid UTF-8`);
    }
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }
}
