import { xxh64 } from './xxh64.js';

// RFC 8878 §3.1.1: byte 4 of a frame is the Frame_Header_Descriptor; its bit 2 is
// Content_Checksum_flag. When set, the frame ends with the low 32 bits of XXH64(content, seed 0),
// little-endian, after the last block. Nothing else in the frame covers the header, so setting the
// flag and appending the checksum yields a valid frame that `zstd -d` and libzstd verify.
const DESCRIPTOR_OFFSET = 4;
const CHECKSUM_FLAG = 0x04;

export function hasContentChecksum(frame: Uint8Array): boolean {
  return ((frame[DESCRIPTOR_OFFSET] ?? 0) & CHECKSUM_FLAG) !== 0;
}

/**
 * `frame` must be exactly one zstd frame (as the encoder returns it) of `content`;
 * `checksum` is xxh64(content).low, computed while the encoder ran.
 */
export function withContentChecksum(frame: Uint8Array, checksum: number): Uint8Array {
  if (hasContentChecksum(frame)) return frame;
  const out = Buffer.allocUnsafe(frame.length + 4);
  out.set(frame, 0);
  out[DESCRIPTOR_OFFSET] = frame[DESCRIPTOR_OFFSET]! | CHECKSUM_FLAG;
  out.writeUInt32LE(checksum, frame.length);
  return out;
}

export function contentChecksum(content: Uint8Array): number {
  return xxh64(content).low;
}
