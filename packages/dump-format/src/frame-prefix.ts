import { FRAME_PREFIX_SIZE } from './constants.js';
import { badField, crcMismatch, type DumpPlace, DumpCorruptError } from './errors.js';

// The first 12 bytes of the metadata and trailer frames: tag u32, body length u32, CRC32 of those
// 8 bytes. The length is checked against its own CRC before anything is read on its strength.

export type Crc32 = (data: Uint8Array, previous?: number) => number;

export function encodeFramePrefix(tag: number, bodyLength: number, crc32: Crc32): Uint8Array {
  const out = new Uint8Array(FRAME_PREFIX_SIZE);
  const view = new DataView(out.buffer);
  view.setUint32(0, tag, true);
  view.setUint32(4, bodyLength, true);
  view.setUint32(8, crc32(out.subarray(0, 8)), true);
  return out;
}

export function tagName(tag: number): string {
  const chars = [0, 8, 16, 24].map((s) => (tag >>> s) & 0xff);
  const printable = chars.every((c) => c >= 0x20 && c < 0x7f);
  return printable ? `"${String.fromCharCode(...chars)}"` : `0x${(tag >>> 0).toString(16).padStart(8, '0')}`;
}

export function readTag(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
}

/** Returns the body length after checking tag, prefix CRC and the length's bounds. */
export function checkFramePrefix(
  prefix: Uint8Array,
  tag: number,
  minBody: number,
  maxBody: number,
  place: DumpPlace,
  crc32: Crc32,
): number {
  const view = new DataView(prefix.buffer, prefix.byteOffset, FRAME_PREFIX_SIZE);
  const found = view.getUint32(0, true);
  if (found !== tag) throw new DumpCorruptError(place, `expected tag ${tagName(tag)}, found ${tagName(found)}`);
  const stored = view.getUint32(8, true);
  const computed = crc32(prefix.subarray(0, 8));
  if (stored !== computed) throw crcMismatch(place, 'in frame prefix', stored, computed);
  const length = view.getUint32(4, true);
  if (length < minBody || length > maxBody) throw badField(place, 'body length', length, `${minBody}..${maxBody}`);
  return length;
}

export function checkBodyCrc(body: Uint8Array, stored: number, place: DumpPlace, crc32: Crc32): void {
  const computed = crc32(body);
  if (stored !== computed) throw crcMismatch(place, 'in body', stored, computed);
}
