import { RecordKind } from './record-kind.js';
import { varintSize, writeVarint } from './varint.js';

/**
 * Packs records into blocks of exactly `blockSize` bytes (the last block of a segment may be
 * shorter). A record that does not fit the space left continues in the next block. `seal` gets
 * each full block; the encoder never touches a sealed block again.
 */
export class PayloadEncoder {
  private block: Uint8Array;
  private pos = 0;
  /** Payload bytes sealed so far plus the bytes in the open block. */
  get size(): number {
    return this.sealedBytes + this.pos;
  }
  private sealedBytes = 0;
  private readonly scratch = new Uint8Array(32);

  /** Block buffers handed back by the writer once compressed and written, reused to spare the GC. */
  private readonly spare: Uint8Array[] = [];

  constructor(
    private readonly blockSize: number,
    private readonly seal: (block: Uint8Array) => void,
  ) {
    this.block = new Uint8Array(blockSize);
  }

  recycle(block: Uint8Array): void {
    if (block.buffer.byteLength === this.blockSize && this.spare.length < 8) this.spare.push(new Uint8Array(block.buffer));
  }

  /** ROW: kind, varint key length, key, varint value length, value. The hot path: one copy per field. */
  row(key: Uint8Array, value: Uint8Array): void {
    const need = 1 + varintSize(key.length) + key.length + varintSize(value.length) + value.length;
    let p = this.pos;
    if (p + need <= this.blockSize) {
      const b = this.block;
      b[p++] = RecordKind.Row;
      p = key.length < 0x80 ? ((b[p] = key.length), p + 1) : writeVarint(b, p, key.length);
      b.set(key, p);
      p += key.length;
      p = value.length < 0x80 ? ((b[p] = value.length), p + 1) : writeVarint(b, p, value.length);
      b.set(value, p);
      this.pos = p + value.length;
      if (this.pos === this.blockSize) this.flushBlock();
      return;
    }
    const s = this.scratch;
    s[0] = RecordKind.Row;
    this.append(s.subarray(0, writeVarint(s, 1, key.length)));
    this.append(key);
    this.append(s.subarray(0, writeVarint(s, 0, value.length)));
    this.append(value);
  }

  /**
   * ROW from byte ranges of larger buffers (a database's shared read buffers), so the caller needs
   * no per-row views: key = keySrc[keyStart, keyEnd), value = valueSrc[valueStart, valueEnd).
   */
  rowFrom(keySrc: Uint8Array, keyStart: number, keyEnd: number, valueSrc: Uint8Array, valueStart: number, valueEnd: number): void {
    const kl = keyEnd - keyStart;
    const vl = valueEnd - valueStart;
    const need = 1 + varintSize(kl) + kl + varintSize(vl) + vl;
    let p = this.pos;
    if (p + need > this.blockSize) {
      this.row(view(keySrc, keyStart, keyEnd), view(valueSrc, valueStart, valueEnd));
      return;
    }
    const b = this.block;
    b[p++] = RecordKind.Row;
    p = kl < 0x80 ? ((b[p] = kl), p + 1) : writeVarint(b, p, kl);
    p = copyInto(b, p, keySrc, keyStart, keyEnd);
    p = vl < 0x80 ? ((b[p] = vl), p + 1) : writeVarint(b, p, vl);
    this.pos = copyInto(b, p, valueSrc, valueStart, valueEnd);
    if (this.pos === this.blockSize) this.flushBlock();
  }

  /** A record built whole (everything but ROW and large CATALOG bodies). */
  append(bytes: Uint8Array): void {
    let from = 0;
    while (from < bytes.length) {
      const take = Math.min(bytes.length - from, this.blockSize - this.pos);
      this.block.set(bytes.subarray(from, from + take), this.pos);
      this.pos += take;
      from += take;
      if (this.pos === this.blockSize) this.flushBlock();
    }
  }

  /** Seals the open block if it holds anything (end of segment). */
  flush(): void {
    if (this.pos > 0) this.flushBlock();
  }

  private flushBlock(): void {
    const full = this.pos === this.blockSize ? this.block : this.block.subarray(0, this.pos);
    this.sealedBytes += this.pos;
    this.block = this.spare.pop() ?? new Uint8Array(this.blockSize);
    this.pos = 0;
    this.seal(full);
  }
}

/**
 * Copies src[start, end) to dst at p: short ranges by a loop (no allocation), long ones through a
 * plain Uint8Array view (not `subarray`, which on a Buffer builds a Buffer, nor Buffer#copy, which
 * trusts `length` and lmdb-js's shared buffers carry a length property shorter than their bytes).
 */
function copyInto(dst: Uint8Array, p: number, src: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n < 64) {
    for (let i = start; i < end; i++) dst[p++] = src[i]!;
    return p;
  }
  dst.set(view(src, start, end), p);
  return p + n;
}

/** src[start, end) as a plain Uint8Array view (Buffer#subarray clamps to the `length` property). */
function view(src: Uint8Array, start: number, end: number): Uint8Array {
  return new Uint8Array(src.buffer, src.byteOffset + start, end - start);
}
