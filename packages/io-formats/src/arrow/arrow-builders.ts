import type { PgDate, PgInterval, PgTime, PgTimestamp, PgType, Value } from '@heliosdb/types';
import * as A from 'apache-arrow';
import { decimalToUnscaled } from '../values/decimal-text.js';
import { textFormatter } from '../values/text-format.js';

/**
 * Column builders that lay each value into Arrow buffers as it arrives (typed arrays, and one growing byte buffer
 * for text), so a batch being filled holds no JS value per cell: the rows handed to a writer die young, which keeps
 * garbage collection to cheap scavenges. `finish()` returns the batch's Data and starts the next batch.
 */
export interface ColumnBuilder {
  add(v: Value): void;
  finish(): A.Data;
}

/** A builder for `pg` values as Arrow `type` (one of the types arrowTypeOf/parquetArrowType choose). */
export function columnBuilder(pg: PgType, type: A.DataType, capacity: number): ColumnBuilder {
  switch (type.typeId) {
    case A.Type.Bool:
      return new FixedBuilder(type, capacity, (n) => new Uint8Array((n + 7) >> 3), (d, i, v) => {
        if (v) (d as Uint8Array)[i >> 3]! |= 1 << (i & 7);
      });
    case A.Type.Int: {
      const bits = (type as A.Int).bitWidth;
      if (bits === 64) return new FixedBuilder(type, capacity, (n) => new BigInt64Array(n), (d, i, v) => ((d as BigInt64Array)[i] = v as bigint));
      const make = bits === 32 ? (n: number) => new Int32Array(n) : (n: number) => new Int16Array(n);
      return new FixedBuilder(type, capacity, make, (d, i, v) => ((d as Int32Array)[i] = v as number));
    }
    case A.Type.Float: {
      const make = (type as A.Float).precision === A.Precision.DOUBLE ? (n: number) => new Float64Array(n) : (n: number) => new Float32Array(n);
      return new FixedBuilder(type, capacity, make, (d, i, v) => ((d as Float64Array)[i] = v as number));
    }
    case A.Type.Decimal: {
      const scale = (type as A.Decimal).scale;
      return new FixedBuilder(type, capacity, (n) => new Uint32Array(4 * n), (d, i, v) => putDecimal(d as Uint32Array, i, v as string, scale));
    }
    case A.Type.Date:
      return new FixedBuilder(type, capacity, (n) => new Int32Array(n), (d, i, v) => {
        const days = (v as PgDate).days;
        if (!Number.isFinite(days)) throw new Error(`date ${days > 0 ? 'infinity' : '-infinity'} has no Arrow/Parquet DATE form`);
        (d as Int32Array)[i] = days;
      });
    case A.Type.Time:
      return new FixedBuilder(type, capacity, (n) => new BigInt64Array(n), (d, i, v) => ((d as BigInt64Array)[i] = BigInt((v as PgTime).micros)));
    case A.Type.Timestamp:
      return new FixedBuilder(type, capacity, (n) => new BigInt64Array(n), (d, i, v) => ((d as BigInt64Array)[i] = (v as PgTimestamp).micros));
    case A.Type.Interval:
      return new FixedBuilder(type, capacity, (n) => new Int32Array(4 * n), (d, i, v) => {
        const iv = v as PgInterval;
        const w = d as Int32Array;
        w[4 * i] = iv.months;
        w[4 * i + 1] = iv.days;
        new BigInt64Array(w.buffer, w.byteOffset + 16 * i + 8, 1)[0] = iv.micros * 1000n;
      });
    case A.Type.FixedSizeBinary:
      return new FixedBuilder(type, capacity, (n) => new Uint8Array(16 * n), (d, i, v) => {
        const hex = (v as string).replace(/-/g, '');
        if (hex.length !== 32) throw new Error(`uuid ${String(v)} is not 16 bytes`);
        (d as Uint8Array).set(Buffer.from(hex, 'hex'), 16 * i);
      });
    case A.Type.Binary:
      return new BytesBuilder(type, capacity, undefined);
    default: {
      // Utf8: strings as they are; other values (interval, arrays, ...) in PostgreSQL's text form
      const fmt = textFormatter(pg);
      return new BytesBuilder(type, capacity, fmt);
    }
  }
}

type Put = (data: ArrayBufferView, i: number, v: Value) => void;

class Validity {
  bitmap: Uint8Array;
  nullCount = 0;
  constructor(capacity: number) {
    this.bitmap = new Uint8Array((capacity + 7) >> 3);
  }
}

/** Fixed-width values: one typed array of `capacity` slots per batch. */
class FixedBuilder implements ColumnBuilder {
  private data: ArrayBufferView;
  private validity: Validity;
  private n = 0;
  constructor(
    private readonly type: A.DataType,
    private capacity: number,
    private readonly make: (n: number) => ArrayBufferView,
    private readonly put: Put,
  ) {
    this.data = make(capacity);
    this.validity = new Validity(capacity);
  }
  add(v: Value): void {
    if (this.n === this.capacity) this.grow();
    const i = this.n;
    if (v === null || v === undefined) this.validity.nullCount++;
    else {
      this.put(this.data, i, v); // first: a value that throws leaves no slot behind
      this.validity.bitmap[i >> 3]! |= 1 << (i & 7);
    }
    this.n = i + 1;
  }
  private grow(): void {
    const bigger = this.make(this.capacity * 2);
    (bigger as Uint8Array).set(this.data as Uint8Array);
    const bitmap = new Uint8Array((this.capacity * 2 + 7) >> 3);
    bitmap.set(this.validity.bitmap);
    this.validity.bitmap = bitmap;
    this.data = bigger;
    this.capacity *= 2;
  }
  finish(): A.Data {
    const { n, validity } = this;
    const width = this.data.byteLength / this.capacity;
    const bytes = this.type.typeId === A.Type.Bool ? (n + 7) >> 3 : width * n;
    const data = new Uint8Array(this.data.buffer, this.data.byteOffset, bytes).slice();
    const typed = this.type.typeId === A.Type.Bool ? data : new (this.data.constructor as new (b: ArrayBuffer) => ArrayBufferView)(data.buffer);
    const out = A.makeData({
      type: this.type,
      length: n,
      nullCount: validity.nullCount,
      nullBitmap: validity.nullCount ? validity.bitmap.slice(0, (n + 7) >> 3) : null,
      data: typed,
    } as never) as A.Data;
    this.data = this.make(this.capacity);
    this.validity = new Validity(this.capacity);
    this.n = 0;
    return out;
  }
}

/** Variable-width values (Utf8, Binary): offsets and one byte buffer, grown by doubling. */
class BytesBuilder implements ColumnBuilder {
  private bytes: Buffer;
  private offsets: Int32Array;
  private validity: Validity;
  private n = 0;
  private end = 0;
  constructor(
    private readonly type: A.DataType,
    private capacity: number,
    private readonly format: ((v: Value) => string) | undefined,
  ) {
    this.bytes = Buffer.allocUnsafe(Math.max(1024, capacity * 16));
    this.offsets = new Int32Array(capacity + 1);
    this.validity = new Validity(capacity);
  }
  add(v: Value): void {
    if (this.n === this.capacity) this.growRows();
    const i = this.n;
    if (v === null || v === undefined) this.validity.nullCount++;
    else {
      if (this.format) {
        const s = typeof v === 'string' ? v : this.format(v);
        if (this.bytes.length - this.end < s.length * 3) this.growBytes(s.length * 3);
        this.end += this.bytes.write(s, this.end);
      } else {
        const b = v as Uint8Array;
        if (this.bytes.length - this.end < b.byteLength) this.growBytes(b.byteLength);
        this.bytes.set(b, this.end);
        this.end += b.byteLength;
      }
      if (this.end > 0x7fffffff) throw new Error('more than 2 GiB of text in one batch; use a smaller batch or row group size');
      this.validity.bitmap[i >> 3]! |= 1 << (i & 7);
    }
    this.offsets[i + 1] = this.end;
    this.n = i + 1;
  }
  private growRows(): void {
    const offsets = new Int32Array(this.capacity * 2 + 1);
    offsets.set(this.offsets);
    this.offsets = offsets;
    const bitmap = new Uint8Array((this.capacity * 2 + 7) >> 3);
    bitmap.set(this.validity.bitmap);
    this.validity.bitmap = bitmap;
    this.capacity *= 2;
  }
  private growBytes(need: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.end + need));
    this.bytes.copy(bigger, 0, 0, this.end);
    this.bytes = bigger;
  }
  finish(): A.Data {
    const { n, validity } = this;
    const out = A.makeData({
      type: this.type as A.Utf8,
      length: n,
      nullCount: validity.nullCount,
      nullBitmap: validity.nullCount ? validity.bitmap.slice(0, (n + 7) >> 3) : null,
      data: new Uint8Array(this.bytes.subarray(0, this.end)),
      valueOffsets: this.offsets.slice(0, n + 1),
    } as never) as A.Data;
    // the bytes buffer was handed out (not copied): the next batch starts a new one of the same size
    this.bytes = Buffer.allocUnsafe(this.bytes.length);
    this.offsets = new Int32Array(this.capacity + 1);
    this.validity = new Validity(this.capacity);
    this.n = 0;
    this.end = 0;
    return out;
  }
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const TWO32 = 4294967296;

/**
 * Puts numeric text as the 128-bit little-endian unscaled integer of Arrow's Decimal128. Plain digits with at most
 * `scale` fractional digits and at most 15 digits in all are computed with doubles (exact below 2^53); everything
 * else goes through decimalToUnscaled's bigint path, which also makes the errors.
 */
function putDecimal(w: Uint32Array, i: number, text: string, scale: number): void {
  const len = text.length;
  let k = 0;
  let neg = false;
  const c0 = text.charCodeAt(0);
  if (c0 === 45 /* - */ || c0 === 43 /* + */) {
    neg = c0 === 45;
    k = 1;
  }
  let int = 0;
  let digits = 0;
  let frac = -1;
  let ok = k < len && scale <= 15;
  for (; ok && k < len; k++) {
    const c = text.charCodeAt(k);
    if (c >= 48 && c <= 57) {
      int = int * 10 + (c - 48);
      digits++;
      if (frac >= 0) frac++;
    } else if (c === 46 /* . */ && frac < 0) frac = 0;
    else ok = false;
  }
  if (frac < 0) frac = 0;
  if (ok && digits > 0 && frac <= scale && digits - frac + scale <= 15) {
    const m = int * POW10[scale - frac]!;
    let lo = m % TWO32;
    let hi = Math.floor(m / TWO32);
    let top = 0;
    if (neg && m !== 0) {
      // two's complement of (hi, lo) over 128 bits
      lo = (~lo + 1) >>> 0;
      hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
      top = 0xffffffff;
    }
    w[4 * i] = lo;
    w[4 * i + 1] = hi;
    w[4 * i + 2] = top;
    w[4 * i + 3] = top;
    return;
  }
  if (!/^[+-]?\d/.test(text) && !/^[+-]?\.\d/.test(text)) throw new Error(`numeric ${text} cannot be stored in a Parquet/Arrow DECIMAL; use an unconstrained numeric column`);
  const u = BigInt.asUintN(128, decimalToUnscaled(text, scale));
  w[4 * i] = Number(u & 0xffffffffn);
  w[4 * i + 1] = Number((u >> 32n) & 0xffffffffn);
  w[4 * i + 2] = Number((u >> 64n) & 0xffffffffn);
  w[4 * i + 3] = Number(u >> 96n);
}
