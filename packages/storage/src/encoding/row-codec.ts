import { PgDate, PgInterval, PgTime, PgTimestamp, PgTimestampTz, type PgType, type Value } from '@heliosdb/types';
import { ByteReader, ByteWriter } from './byte-writer.js';
import { scalarTag, Tag, typeTag } from './type-tag.js';

/**
 * Nano row format v1 (specified byte for byte in README.md, "Row encoding"):
 *   u16 LE column count N | null bitmap, ceil(N/8) bytes, bit (i & 7) of byte (i >> 3) = column i is NULL |
 *   the non-null values in column order, each in its type's fixed or length-prefixed form.
 * Rows written before an ADD COLUMN have a smaller N; the missing trailing columns read as NULL.
 */
export const ROW_FORMAT_VERSION = 1;

const DATE_INFINITY = 0x7fffffff;
const DATE_NEG_INFINITY = -0x80000000;

/** What the row codec needs to know about a table's columns: their types, and which are dropped. */
export interface RowShape {
  readonly types: readonly PgType[];
  readonly tags: Int8Array;
  readonly elementTags: Int8Array;
  /** 1 for a dropped column: written as NULL; a value in older rows is skipped and read as NULL. */
  readonly dropped: Uint8Array;
}

export function rowShape(types: readonly PgType[], dropped: readonly boolean[]): RowShape {
  const tags = new Int8Array(types.length);
  const elementTags = new Int8Array(types.length);
  const droppedFlags = new Uint8Array(types.length);
  types.forEach((t, i) => {
    tags[i] = typeTag(t);
    elementTags[i] = scalarTag(t);
    droppedFlags[i] = dropped[i] ? 1 : 0;
  });
  return { types, tags, elementTags, dropped: droppedFlags };
}

const shared = new ByteWriter();

/** Encodes a row whose values are already checked (value-check.ts). */
export function encodeRow(shape: RowShape, values: readonly Value[]): Buffer {
  return encodeRowInto(shape, values).take();
}

/** Encodes a checked row into a shared writer: the bytes are w.buf[0, w.pos), until the next call. */
export function encodeRowInto(shape: RowShape, values: readonly Value[]): ByteWriter {
  return encodeRowAt(shape, values, shared.reset());
}

/** Encodes a checked row into `w` at `w.pos` (advancing it). */
export function encodeRowAt(shape: RowShape, values: readonly Value[], w: ByteWriter): ByteWriter {
  const n = shape.tags.length;
  const bitmapBytes = (n + 7) >>> 3;
  w.ensure(2 + bitmapBytes);
  const start = w.pos;
  const b = w.buf;
  b[start] = n & 0xff;
  b[start + 1] = n >>> 8;
  // Buffer#fill validates its arguments at more cost than clearing a byte or two.
  for (let j = start + 2; j < start + 2 + bitmapBytes; j++) b[j] = 0;
  w.pos = start + 2 + bitmapBytes;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const tag = shape.tags[i]!;
    if (v === null || v === undefined || shape.dropped[i] === 1) {
      // w.buf, not b: writing values may have moved the bytes to a bigger buffer.
      w.buf[start + 2 + (i >>> 3)]! |= 1 << (i & 7);
      continue;
    }
    if (tag === Tag.Array) writeArray(w, shape.elementTags[i]!, v as readonly Value[]);
    else writeScalar(w, tag, v);
  }
  return w;
}

function writeArray(w: ByteWriter, tag: Tag, items: readonly Value[]): void {
  w.varint(items.length);
  const bitmapAt = w.pos;
  const bitmapBytes = (items.length + 7) >>> 3;
  w.ensure(bitmapBytes);
  w.buf.fill(0, bitmapAt, bitmapAt + bitmapBytes);
  w.pos += bitmapBytes;
  items.forEach((x, i) => {
    if (x === null) w.buf[bitmapAt + (i >>> 3)]! |= 1 << (i & 7);
    else writeScalar(w, tag, x);
  });
}

function writeScalar(w: ByteWriter, tag: Tag, v: Value): void {
  switch (tag) {
    case Tag.Bool:
      w.u8(v ? 1 : 0);
      return;
    case Tag.Int2:
      w.ensure(2);
      w.dv.setInt16(w.pos, v as number, true);
      w.pos += 2;
      return;
    case Tag.Int4:
      w.ensure(4);
      w.dv.setInt32(w.pos, v as number, true);
      w.pos += 4;
      return;
    case Tag.Int8:
      w.ensure(8);
      w.dv.setBigInt64(w.pos, typeof v === 'bigint' ? v : BigInt(v as number), true);
      w.pos += 8;
      return;
    case Tag.Float4:
      w.ensure(4);
      w.dv.setFloat32(w.pos, v as number, true);
      w.pos += 4;
      return;
    case Tag.Float8:
      w.ensure(8);
      w.dv.setFloat64(w.pos, v as number, true);
      w.pos += 8;
      return;
    case Tag.Numeric:
    case Tag.Text:
      w.lengthPrefixedUtf8(v as string);
      return;
    case Tag.Bytea:
      w.varint((v as Uint8Array).length);
      w.bytes(v as Uint8Array);
      return;
    case Tag.Date: {
      const d = (v as PgDate).days;
      w.ensure(4);
      w.pos = w.buf.writeInt32LE(d === Infinity ? DATE_INFINITY : d === -Infinity ? DATE_NEG_INFINITY : d, w.pos);
      return;
    }
    case Tag.Time:
      w.ensure(8);
      w.dv.setBigInt64(w.pos, BigInt((v as PgTime).micros), true);
      w.pos += 8;
      return;
    case Tag.Timestamp:
    case Tag.TimestampTz:
      w.ensure(8);
      w.dv.setBigInt64(w.pos, (v as PgTimestamp).micros, true);
      w.pos += 8;
      return;
    case Tag.Interval: {
      const iv = v as PgInterval;
      w.ensure(16);
      w.buf.writeInt32LE(iv.months, w.pos);
      w.buf.writeInt32LE(iv.days, w.pos + 4);
      w.pos = w.buf.writeBigInt64LE(iv.micros, w.pos + 8);
      return;
    }
    case Tag.Uuid:
      w.ensure(16);
      w.buf.write((v as string).replace(/-/g, ''), w.pos, 16, 'hex');
      w.pos += 16;
      return;
    default:
      throw new Error(`row codec: no encoding for type tag ${tag}`);
  }
}

/** Decodes row bytes into values in column order (dropped and missing trailing columns are null). */
export function decodeRow(shape: RowShape, buf: Buffer): Value[] {
  const n = shape.tags.length;
  const stored = buf.readUInt16LE(0);
  const out: Value[] = new Array(n);
  const r = new ByteReader(buf);
  r.pos = 2 + ((stored + 7) >>> 3);
  for (let i = 0; i < n; i++) {
    if (i >= stored || (buf[2 + (i >>> 3)]! & (1 << (i & 7))) !== 0) {
      out[i] = null;
      continue;
    }
    const tag = shape.tags[i]!;
    out[i] = tag === Tag.Array ? readArray(r, shape.elementTags[i]!) : readScalar(r, tag);
    if (shape.dropped[i] === 1) out[i] = null;
  }
  return out;
}

/**
 * decodeRow for the columns whose `wanted` byte is 1 (every other column is null): the values before the last
 * wanted column are stepped over by their lengths, and those after it are not read at all.
 */
export function decodeRowColumns(shape: RowShape, buf: Buffer, wanted: Uint8Array): Value[] {
  const n = shape.tags.length;
  const stored = buf.readUInt16LE(0);
  const out: Value[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = null;
  let last = n - 1;
  while (last >= 0 && wanted[last] !== 1) last--;
  if (last >= stored) last = stored - 1;
  const r = new ByteReader(buf);
  r.pos = 2 + ((stored + 7) >>> 3);
  for (let i = 0; i <= last; i++) {
    if ((buf[2 + (i >>> 3)]! & (1 << (i & 7))) !== 0) continue;
    const tag = shape.tags[i]!;
    if (wanted[i] !== 1 || shape.dropped[i] === 1) {
      if (tag === Tag.Array) skipArray(r, shape.elementTags[i]!);
      else skipScalar(r, tag);
      continue;
    }
    out[i] = tag === Tag.Array ? readArray(r, shape.elementTags[i]!) : readScalar(r, tag);
  }
  return out;
}

/**
 * decodeRowColumns into a caller's array, for scans that hand on one array row after row: each call writes
 * every wanted position (its value or NULL) and no other, so positions never wanted stay as the caller left
 * them (NULL). Made once per scan; per row it allocates nothing but the values themselves. When the row
 * stores every column up to the last wanted one and none of them is NULL (the usual case), the values are
 * stepped through without testing the bitmap column by column.
 */
export function columnsDecoder(shape: RowShape, wanted: Uint8Array): (buf: Buffer, out: Value[]) => void {
  const n = shape.tags.length;
  let last = n - 1;
  while (last >= 0 && wanted[last] !== 1) last--;
  const tags = shape.tags;
  const elementTags = shape.elementTags;
  // 1: decode; 2: wanted but dropped (always NULL); 0: step over.
  const mode = new Uint8Array(n);
  for (let i = 0; i <= last; i++) if (wanted[i] === 1) mode[i] = shape.dropped[i] === 1 ? 2 : 1;
  const width = new Int8Array(n);
  for (let i = 0; i < n; i++) width[i] = tags[i] === Tag.Array ? -2 : (FIXED_WIDTH[tags[i]!] ?? -3);
  // The bitmap bytes covering columns 0..last, and the mask of those columns in the final one.
  const fullBytes = (last + 1) >>> 3;
  const tailMask = (1 << ((last + 1) & 7)) - 1;
  const r = new ByteReader(Buffer.alloc(0));
  const general = (buf: Buffer, out: Value[], stored: number): void => {
    r.buf = buf;
    r.pos = 2 + ((stored + 7) >>> 3);
    for (let i = 0; i <= last; i++) {
      const m = mode[i]!;
      if (i >= stored || (buf[2 + (i >>> 3)]! & (1 << (i & 7))) !== 0) {
        if (m !== 0) out[i] = null;
        continue;
      }
      const tag = tags[i]!;
      if (m !== 1) {
        if (tag === Tag.Array) skipArray(r, elementTags[i]!);
        else skipScalar(r, tag);
        if (m === 2) out[i] = null;
        continue;
      }
      out[i] = tag === Tag.Array ? readArray(r, elementTags[i]!) : readScalar(r, tag);
    }
  };
  return (buf, out) => {
    if (last < 0) return;
    const stored = buf[0]! | (buf[1]! << 8);
    let clean = stored > last;
    if (clean) {
      for (let b = 0; b < fullBytes; b++) if (buf[2 + b] !== 0) clean = false;
      if (tailMask !== 0 && (buf[2 + fullBytes]! & tailMask) !== 0) clean = false;
    }
    if (!clean) return general(buf, out, stored);
    r.buf = buf;
    r.pos = 2 + ((stored + 7) >>> 3);
    for (let i = 0; i <= last; i++) {
      const m = mode[i]!;
      const w = width[i]!;
      if (m === 0 && w >= 0) {
        r.pos += w;
        continue;
      }
      const tag = tags[i]!;
      if (m === 1) out[i] = tag === Tag.Array ? readArray(r, elementTags[i]!) : readScalar(r, tag);
      else {
        if (tag === Tag.Array) skipArray(r, elementTags[i]!);
        else skipScalar(r, tag);
        if (m === 2) out[i] = null;
      }
    }
  };
}

/** Byte widths of the fixed-width scalar encodings, by tag; -1 for the length-prefixed ones. */
const FIXED_WIDTH: Record<number, number> = {
  [Tag.Bool]: 1,
  [Tag.Int2]: 2,
  [Tag.Int4]: 4,
  [Tag.Int8]: 8,
  [Tag.Float4]: 4,
  [Tag.Float8]: 8,
  [Tag.Numeric]: -1,
  [Tag.Text]: -1,
  [Tag.Bytea]: -1,
  [Tag.Date]: 4,
  [Tag.Time]: 8,
  [Tag.Timestamp]: 8,
  [Tag.TimestampTz]: 8,
  [Tag.Interval]: 16,
  [Tag.Uuid]: 16,
};

function skipScalar(r: ByteReader, tag: number): void {
  const width = FIXED_WIDTH[tag];
  if (width === undefined) throw new Error(`row bytes: unknown type tag ${tag} at offset ${r.pos}`);
  if (width >= 0) r.pos += width;
  else {
    const len = r.varint();
    r.pos += len;
  }
}

function skipArray(r: ByteReader, tag: Tag): void {
  const count = r.varint();
  const bitmapAt = r.pos;
  r.pos += (count + 7) >>> 3;
  for (let i = 0; i < count; i++) if ((r.buf[bitmapAt + (i >>> 3)]! & (1 << (i & 7))) === 0) skipScalar(r, tag);
}

function readArray(r: ByteReader, tag: Tag): Value[] {
  const count = r.varint();
  const bitmapAt = r.pos;
  r.pos += (count + 7) >>> 3;
  const out: Value[] = new Array(count);
  for (let i = 0; i < count; i++) {
    out[i] = (r.buf[bitmapAt + (i >>> 3)]! & (1 << (i & 7))) !== 0 ? null : readScalar(r, tag);
  }
  return out;
}

function readScalar(r: ByteReader, tag: number): Value {
  const buf = r.buf;
  const p = r.pos;
  switch (tag) {
    case Tag.Bool:
      r.pos = p + 1;
      return buf[p] === 1;
    case Tag.Int2:
      r.pos = p + 2;
      return ((buf[p]! | (buf[p + 1]! << 8)) << 16) >> 16;
    case Tag.Int4:
      r.pos = p + 4;
      return buf[p]! | (buf[p + 1]! << 8) | (buf[p + 2]! << 16) | (buf[p + 3]! << 24);
    case Tag.Int8:
      r.pos = p + 8;
      return readI64(buf, p);
    case Tag.Float4:
      r.pos = p + 4;
      for (let i = 0; i < 4; i++) scratch[i] = buf[p + i]!;
      return scratchF32[0]!;
    case Tag.Float8:
      r.pos = p + 8;
      for (let i = 0; i < 8; i++) scratch[i] = buf[p + i]!;
      return scratchF64[0]!;
    case Tag.Numeric:
    case Tag.Text: {
      const len = r.varint();
      const s = r.pos;
      r.pos = s + len;
      return utf8Slice.call(buf, s, s + len);
    }
    case Tag.Bytea: {
      const len = r.varint();
      const s = r.pos;
      r.pos = s + len;
      // A fresh Uint8Array of up to 64 bytes lives on V8's heap (no backing-store allocation), so copy in JS.
      const out = new Uint8Array(len);
      if (len <= 64) for (let i = 0; i < len; i++) out[i] = buf[s + i]!;
      else out.set(buf.subarray(s, s + len));
      return out;
    }
    case Tag.Date: {
      r.pos = p + 4;
      const d = buf.readInt32LE(p);
      return d === DATE_INFINITY ? PgDate.INFINITY : d === DATE_NEG_INFINITY ? PgDate.NEG_INFINITY : new PgDate(d);
    }
    case Tag.Time:
      r.pos = p + 8;
      return new PgTime(Number(readI64(buf, p)));
    case Tag.Timestamp:
      r.pos = p + 8;
      return new PgTimestamp(readI64(buf, p));
    case Tag.TimestampTz:
      r.pos = p + 8;
      return new PgTimestampTz(readI64(buf, p));
    case Tag.Interval:
      r.pos = p + 16;
      return new PgInterval(buf.readInt32LE(p), buf.readInt32LE(p + 4), readI64(buf, p + 8));
    case Tag.Uuid: {
      r.pos = p + 16;
      const h = buf.toString('hex', p, p + 16);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    }
    default:
      throw new Error(`row bytes: unknown type tag ${tag} at offset ${p}`);
  }
}

/** Little-endian scratch words: copying 8 bytes in JS and reading a typed array beats a DataView per row. */
const scratch = new Uint8Array(8);
const scratchI64 = new BigInt64Array(scratch.buffer);
const scratchF64 = new Float64Array(scratch.buffer);
const scratchF32 = new Float32Array(scratch.buffer, 0, 1);

function readI64(buf: Buffer, p: number): bigint {
  for (let i = 0; i < 8; i++) scratch[i] = buf[p + i]!;
  return scratchI64[0]!;
}

/** Buffer#utf8Slice is what Buffer#toString('utf8') calls after checking its arguments; it has been in Node since v0.x. */
const utf8Slice = (Buffer.prototype as unknown as { utf8Slice: (this: Buffer, start: number, end: number) => string }).utf8Slice;
