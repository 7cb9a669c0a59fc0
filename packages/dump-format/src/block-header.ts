import { BLOCK_HEADER_SIZE, compressedLimit, TAG_BLOCK } from './constants.js';
import { badField, crcMismatch, DumpCorruptError, type DumpPlace } from './errors.js';
import { type Crc32, tagName } from './frame-prefix.js';
import type { BlockHeader } from './types.js';

// Block header, 24 bytes, then compressed_length bytes of codec output:
//   0 tag "BLCK"   4 uncompressed_length u32   8 compressed_length u32
//  12 CRC32 of the uncompressed bytes   16 CRC32 of the compressed bytes   20 CRC32 of bytes 0..19

export function encodeBlockHeader(h: BlockHeader, crc32: Crc32): Uint8Array {
  const out = new Uint8Array(BLOCK_HEADER_SIZE);
  const view = new DataView(out.buffer);
  view.setUint32(0, TAG_BLOCK, true);
  view.setUint32(4, h.uncompressedLength, true);
  view.setUint32(8, h.compressedLength, true);
  view.setUint32(12, h.uncompressedCrc32, true);
  view.setUint32(16, h.compressedCrc32, true);
  view.setUint32(20, crc32(out.subarray(0, 20)), true);
  return out;
}

/** Checks the header's own CRC32 before its lengths are trusted, then their bounds. */
export function decodeBlockHeader(bytes: Uint8Array, blockSize: number, place: DumpPlace, crc32: Crc32): BlockHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, BLOCK_HEADER_SIZE);
  const tag = view.getUint32(0, true);
  if (tag !== TAG_BLOCK) throw new DumpCorruptError(place, `expected tag "BLCK", found ${tagName(tag)}`);
  const stored = view.getUint32(20, true);
  const computed = crc32(bytes.subarray(0, 20));
  if (stored !== computed) throw crcMismatch(place, 'in block header', stored, computed);
  const uncompressedLength = view.getUint32(4, true);
  const compressedLength = view.getUint32(8, true);
  if (uncompressedLength < 1 || uncompressedLength > blockSize) {
    throw badField(place, 'uncompressed_length', uncompressedLength, `1..${blockSize} (the segment's block_size)`);
  }
  const limit = compressedLimit(uncompressedLength);
  if (compressedLength < 1 || compressedLength > limit) {
    throw badField(place, 'compressed_length', compressedLength, `1..${limit} for ${uncompressedLength} uncompressed bytes`);
  }
  return {
    uncompressedLength,
    compressedLength,
    uncompressedCrc32: view.getUint32(12, true),
    compressedCrc32: view.getUint32(16, true),
  };
}
