/**
 * Values on the wire: text format is PostgreSQL's output/input function (@heliosdb/types textOut/textIn);
 * binary format is each type's typsend/typreceive. Binary dates and timestamps count from 2000-01-01,
 * ours from 1970-01-01; the int64 extremes stand for ±infinity in both.
 */
import {
  type PgType,
  PgDate,
  PgInterval,
  PgTime,
  PgTimestamp,
  PgTimestampTz,
  type Value,
  elementType,
  textIn,
  textOut,
  typeOid,
} from '@heliosdb/types';
import { decodeNumeric, encodeNumeric } from './numeric-binary.js';
import { BackendError } from '../backend/backend-error.js';

const DAYS_1970_TO_2000 = 10957;
const MICROS_1970_TO_2000 = 946684800000000n;
const INT64_MAX = 0x7fffffffffffffffn;
const INT64_MIN = -0x8000000000000000n;
const INT32_MAX = 0x7fffffff;
const INT32_MIN = -0x80000000;

export interface WireOptions {
  readonly timeZone: string;
}

export function encodeText(type: PgType, value: Value, options: WireOptions): Buffer {
  return Buffer.from(textOut(type, value, { timeZone: options.timeZone }), 'utf8');
}

export function encodeBinary(type: PgType, value: Value): Buffer {
  if (type.array) return encodeArray(elementType(type), value as readonly Value[]);
  switch (type.name) {
    case 'bool':
      return Buffer.from([value ? 1 : 0]);
    case 'int2':
      return int(2, (b) => b.writeInt16BE(value as number));
    case 'int4':
      return int(4, (b) => b.writeInt32BE(value as number));
    case 'int8':
      return int(8, (b) => b.writeBigInt64BE(value as bigint));
    case 'float4':
      return int(4, (b) => b.writeFloatBE(value as number));
    case 'float8':
      return int(8, (b) => b.writeDoubleBE(value as number));
    case 'numeric':
      return encodeNumeric(value as string);
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'json':
      return Buffer.from(value as string, 'utf8');
    case 'jsonb':
      return Buffer.concat([Buffer.from([1]), Buffer.from(value as string, 'utf8')]); // jsonb version 1
    case 'bytea':
      return Buffer.from(value as Uint8Array);
    case 'uuid':
      return Buffer.from((value as string).replace(/-/g, ''), 'hex');
    case 'date': {
      const d = (value as PgDate).days;
      return int(4, (b) => b.writeInt32BE(d === Infinity ? INT32_MAX : d === -Infinity ? INT32_MIN : d - DAYS_1970_TO_2000));
    }
    case 'time':
      return int(8, (b) => b.writeBigInt64BE(BigInt((value as PgTime).micros)));
    case 'timestamp':
    case 'timestamptz':
      return int(8, (b) => b.writeBigInt64BE(toPgEpoch((value as PgTimestamp | PgTimestampTz).micros)));
    case 'interval': {
      const v = value as PgInterval;
      return int(16, (b) => {
        b.writeBigInt64BE(v.micros, 0);
        b.writeInt32BE(v.days, 8);
        b.writeInt32BE(v.months, 12);
      });
    }
  }
}

/** A Bind parameter's value. `type` undefined (unspecified, or a type Nano lacks): the bytes are text. */
export function decodeParam(type: PgType | undefined, bytes: Buffer, format: number, index: number): Value {
  if (format === 0 || type === undefined) {
    const text = utf8(bytes, index);
    if (type === undefined) return text;
    return textIn(type, text);
  }
  try {
    return decodeBinary(type, bytes);
  } catch (e) {
    if (e instanceof BackendError) throw e;
    throw new BackendError('22P03', `incorrect binary data format in bind parameter ${index + 1}`, { detail: (e as Error).message });
  }
}

function decodeBinary(type: PgType, b: Buffer): Value {
  if (type.array) return decodeArray(elementType(type), b);
  const fixed = (n: number): void => {
    if (b.length !== n) throw new Error(`${type.name} takes ${n} bytes, got ${b.length}`);
  };
  switch (type.name) {
    case 'bool':
      fixed(1);
      return b[0] !== 0;
    case 'int2':
      fixed(2);
      return b.readInt16BE(0);
    case 'int4':
      fixed(4);
      return b.readInt32BE(0);
    case 'int8':
      fixed(8);
      return b.readBigInt64BE(0);
    case 'float4':
      fixed(4);
      return b.readFloatBE(0);
    case 'float8':
      fixed(8);
      return b.readDoubleBE(0);
    case 'numeric':
      return decodeNumeric(b);
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'json':
      return textIn(type, utf8(b, 0));
    case 'jsonb':
      if (b[0] !== 1) throw new Error(`unsupported jsonb version number ${b[0] ?? 'none'}`);
      return textIn(type, utf8(b.subarray(1), 0));
    case 'bytea':
      return new Uint8Array(b);
    case 'uuid': {
      fixed(16);
      const h = b.toString('hex');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    }
    case 'date': {
      fixed(4);
      const d = b.readInt32BE(0);
      if (d === INT32_MAX) return PgDate.INFINITY;
      if (d === INT32_MIN) return PgDate.NEG_INFINITY;
      return new PgDate(d + DAYS_1970_TO_2000);
    }
    case 'time':
      fixed(8);
      return new PgTime(Number(b.readBigInt64BE(0)));
    case 'timestamp':
      fixed(8);
      return new PgTimestamp(fromPgEpoch(b.readBigInt64BE(0)));
    case 'timestamptz':
      fixed(8);
      return new PgTimestampTz(fromPgEpoch(b.readBigInt64BE(0)));
    case 'interval':
      fixed(16);
      return new PgInterval(b.readInt32BE(12), b.readInt32BE(8), b.readBigInt64BE(0));
  }
}

function int(n: number, write: (b: Buffer) => void): Buffer {
  const b = Buffer.alloc(n);
  write(b);
  return b;
}

function toPgEpoch(micros: bigint): bigint {
  return micros === INT64_MAX || micros === INT64_MIN ? micros : micros - MICROS_1970_TO_2000;
}

function fromPgEpoch(micros: bigint): bigint {
  return micros === INT64_MAX || micros === INT64_MIN ? micros : micros + MICROS_1970_TO_2000;
}

const decoder = new TextDecoder('utf-8', { fatal: true });
function utf8(b: Buffer, index: number): string {
  try {
    return decoder.decode(b);
  } catch {
    throw new BackendError('22021', `invalid byte sequence for encoding "UTF8" in bind parameter ${index + 1}`);
  }
}

/** array_send for one dimension: ndim, has-null flag, element OID, then (length, lower bound 1), then elements. */
function encodeArray(element: PgType, values: readonly Value[]): Buffer {
  const parts: Buffer[] = [];
  const head = Buffer.alloc(values.length === 0 ? 12 : 20);
  head.writeInt32BE(values.length === 0 ? 0 : 1, 0);
  head.writeInt32BE(values.some((v) => v === null) ? 1 : 0, 4);
  head.writeInt32BE(typeOid(element), 8);
  if (values.length > 0) {
    head.writeInt32BE(values.length, 12);
    head.writeInt32BE(1, 16);
  }
  parts.push(head);
  for (const v of values) {
    if (v === null) parts.push(int(4, (b) => b.writeInt32BE(-1)));
    else {
      const e = encodeBinary(element, v);
      parts.push(int(4, (b) => b.writeInt32BE(e.length)), e);
    }
  }
  return Buffer.concat(parts);
}

function decodeArray(element: PgType, b: Buffer): Value[] {
  if (b.length < 12) throw new Error(`array header needs 12 bytes, got ${b.length}`);
  const ndim = b.readInt32BE(0);
  if (ndim === 0) return [];
  if (ndim !== 1) throw new BackendError('0A000', `arrays of ${ndim} dimensions are not supported`);
  if (b.readInt32BE(8) !== typeOid(element)) throw new Error(`array element type ${b.readInt32BE(8)} is not ${typeOid(element)}`);
  if (b.length < 20) throw new Error('array dimension is missing');
  const n = b.readInt32BE(12);
  let at = 20;
  const out: Value[] = [];
  for (let i = 0; i < n; i++) {
    if (at + 4 > b.length) throw new Error(`array element ${i + 1} is missing`);
    const len = b.readInt32BE(at);
    at += 4;
    if (len === -1) {
      out.push(null);
      continue;
    }
    if (len < 0 || at + len > b.length) throw new Error(`array element ${i + 1} has invalid length ${len}`);
    out.push(decodeBinary(element, b.subarray(at, at + len)));
    at += len;
  }
  if (at !== b.length) throw new Error(`${b.length - at} bytes after the last array element`);
  return out;
}
