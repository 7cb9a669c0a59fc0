// Unsigned LEB128: 7 bits per byte, low bits first, high bit set on every byte but the last.
// Values up to 2^53-1 (8 bytes of 7 bits = 56 bits); lengths are bounded far lower by the reader.

export const VARINT_MAX_BYTES = 8;

export function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

/** Writes n at b[p..]; returns the position after it. The caller guarantees room. */
export function writeVarint(b: Uint8Array, p: number, n: number): number {
  while (n >= 0x80) {
    b[p++] = (n & 0x7f) | 0x80;
    n = Math.floor(n / 128);
  }
  b[p++] = n;
  return p;
}

/** Set by readVarint: the decoded value. */
export let varintValue = 0;

/** Reads a varint at b[p..end); returns the position after it, -1 if it runs past end, -2 if it is
 *  longer than VARINT_MAX_BYTES or not minimal (a trailing 0x00 byte). Result in `varintValue`. */
export function readVarint(b: Uint8Array, p: number, end: number): number {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < VARINT_MAX_BYTES; i++) {
    if (p >= end) return -1;
    const byte = b[p++]!;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      if (byte === 0 && i > 0) return -2;
      varintValue = value;
      return p;
    }
    scale *= 128;
  }
  return -2;
}
