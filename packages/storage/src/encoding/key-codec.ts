import type { PgDate, PgInterval, PgTime, PgTimestamp, PgType, Value } from '@heliosdb/types';
import { ByteWriter } from './byte-writer.js';
import { scalarTag, Tag, typeTag } from './type-tag.js';

/**
 * Order-preserving key encoding: for two values of one type, the byte-wise (memcmp) order of their
 * encodings is PostgreSQL's order (text in the "C" collation), and equal values encode to equal bytes.
 * Each encoding is self-delimiting, so a composite key is the concatenation of its columns and a
 * prefix of the columns is a prefix of the bytes. Keys are only compared, never decoded.
 * Byte-level spec: README.md, "Key encoding".
 */
const PRESENT = 0x01;
/** NULL sorts after every value, as in PostgreSQL's default NULLS LAST for ascending order. */
const NULL_MARK = 0x02;

export function writeKeyValue(w: ByteWriter, tag: Tag, elementTag: Tag, v: Value, bpchar: boolean): void {
  if (v === null || v === undefined) {
    w.u8(NULL_MARK);
    return;
  }
  w.u8(PRESENT);
  if (tag === Tag.Array) {
    for (const x of v as readonly Value[]) writeKeyValue(w, elementTag, elementTag, x, bpchar);
    w.u8(0x00);
    return;
  }
  writeScalarKey(w, tag, v, bpchar);
}

function writeScalarKey(w: ByteWriter, tag: Tag, v: Value, bpchar: boolean): void {
  w.ensure(16);
  const b = w.buf;
  switch (tag) {
    case Tag.Bool:
      b[w.pos++] = v ? 1 : 0;
      return;
    case Tag.Int2:
      w.pos = b.writeUInt16BE(((v as number) + 0x8000) & 0xffff, w.pos);
      return;
    case Tag.Int4:
      w.pos = b.writeUInt32BE(((v as number) + 0x80000000) >>> 0, w.pos);
      return;
    case Tag.Int8:
      writeI64Flipped(w, typeof v === 'bigint' ? v : BigInt(v as number));
      return;
    case Tag.Float4:
      // Rows keep float4 at single precision; the key must match the stored value.
      writeFloatKey(w, Math.fround(v as number));
      return;
    case Tag.Float8:
      writeFloatKey(w, v as number);
      return;
    case Tag.Numeric:
      writeNumericKey(w, v as string);
      return;
    case Tag.Text: {
      const s = bpchar ? (v as string).replace(/ +$/, '') : (v as string);
      writeEscaped(w, Buffer.from(s, 'utf8'));
      return;
    }
    case Tag.Bytea:
      writeEscaped(w, v as Uint8Array);
      return;
    case Tag.Date: {
      const d = (v as PgDate).days;
      const n = d === Infinity ? 0x7fffffff : d === -Infinity ? -0x80000000 : d;
      w.pos = b.writeUInt32BE((n + 0x80000000) >>> 0, w.pos);
      return;
    }
    case Tag.Time:
      writeI64Flipped(w, BigInt((v as PgTime).micros));
      return;
    case Tag.Timestamp:
    case Tag.TimestampTz:
      writeI64Flipped(w, (v as PgTimestamp).micros);
      return;
    case Tag.Interval: {
      // PostgreSQL orders intervals by their span with a month taken as 30 days.
      const iv = v as PgInterval;
      const span = (BigInt(iv.months) * 30n + BigInt(iv.days)) * 86_400_000_000n + iv.micros + (1n << 127n);
      w.pos = b.writeBigUInt64BE(span >> 64n, w.pos);
      w.pos = b.writeBigUInt64BE(span & 0xffffffffffffffffn, w.pos);
      return;
    }
    case Tag.Uuid:
      b.write((v as string).replace(/-/g, ''), w.pos, 16, 'hex');
      w.pos += 16;
      return;
    default:
      throw new Error(`key codec: no key encoding for type tag ${tag}`);
  }
}

/** Big-endian two's complement with the sign bit flipped: unsigned byte order is then numeric order. */
function writeI64Flipped(w: ByteWriter, v: bigint): void {
  w.dv.setBigInt64(w.pos, v);
  w.buf[w.pos]! ^= 0x80;
  w.pos += 8;
}

const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);

/** IEEE 754 bits, sign bit flipped for positives and all bits flipped for negatives; -0 is 0, NaN is last. */
function writeFloatKey(w: ByteWriter, x: number): void {
  f64[0] = Number.isNaN(x) ? NaN : x === 0 ? 0 : x;
  // The platform is little-endian (Node's supported targets); reverse into big-endian.
  const neg = (f64Bytes[7]! & 0x80) !== 0;
  for (let i = 7; i >= 0; i--) {
    const byte = f64Bytes[i]!;
    w.buf[w.pos++] = neg ? ~byte & 0xff : i === 7 ? byte ^ 0x80 : byte;
  }
}

/** 0x00 inside the bytes becomes 0x00 0xFF; the value ends with 0x00 0x01, which sorts below any continuation. */
function writeEscaped(w: ByteWriter, bytes: Uint8Array): void {
  w.ensure(bytes.length * 2 + 2);
  const b = w.buf;
  let p = w.pos;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    b[p++] = c;
    if (c === 0) b[p++] = 0xff;
  }
  b[p++] = 0x00;
  b[p++] = 0x01;
  w.pos = p;
}

const enum NumClass {
  NegInfinity = 0x01,
  Negative = 0x02,
  Zero = 0x03,
  Positive = 0x04,
  Infinity = 0x05,
  NaN = 0x06,
}

/**
 * A numeric as class byte, then (for non-zero finite values) the decimal exponent E with the value
 * = 0.d1d2d3... × 10^E as u16 BE (E + 0x8000), then each significant digit as d + 1, then 0x00.
 * Negative values invert the exponent and digit bytes (terminator becomes 0xFF) so larger magnitudes
 * sort first. Leading and trailing zeros are dropped, so 1.5 and 1.50 have the same key, as they are equal.
 */
function writeNumericKey(w: ByteWriter, s: string): void {
  if (s === 'NaN') return w.u8(NumClass.NaN);
  if (s === 'Infinity') return w.u8(NumClass.Infinity);
  if (s === '-Infinity') return w.u8(NumClass.NegInfinity);
  const negative = s.startsWith('-');
  const body = negative ? s.slice(1) : s;
  const dot = body.indexOf('.');
  const intPart = dot < 0 ? body : body.slice(0, dot);
  const fracPart = dot < 0 ? '' : body.slice(dot + 1);
  let digits = intPart + fracPart;
  let exponent = intPart.length;
  const lead = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(lead).replace(/0+$/, '');
  exponent -= lead;
  if (digits.length === 0) return w.u8(NumClass.Zero);
  const flip = negative ? 0xff : 0x00;
  w.ensure(4 + digits.length);
  w.buf[w.pos++] = negative ? NumClass.Negative : NumClass.Positive;
  const e = (exponent + 0x8000) & 0xffff;
  w.buf[w.pos++] = (e >>> 8) ^ flip;
  w.buf[w.pos++] = (e & 0xff) ^ flip;
  for (let i = 0; i < digits.length; i++) w.buf[w.pos++] = (digits.charCodeAt(i) - 0x30 + 1) ^ flip;
  w.buf[w.pos++] = 0x00 ^ flip;
}

/** The key bytes of one value of type `t` (for equality as keys see it: 1.5 = 1.50, -0 = 0). */
export function valueKey(t: PgType, v: Value): Buffer {
  const w = new ByteWriter();
  writeKeyValue(w, typeTag(t), scalarTag(t), v, t.name === 'bpchar');
  return w.take();
}
