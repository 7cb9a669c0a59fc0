import { FILE_HEADER_SIZE, FORMAT_VERSION, MAGIC } from './constants.js';
import { badMagic, truncated, unsupportedVersion } from './errors.js';

// File header, 8 bytes: magic 89 48 44 42, then the format version as a u32 LE.

export function encodeFileHeader(version = FORMAT_VERSION): Uint8Array {
  const out = new Uint8Array(FILE_HEADER_SIZE);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, version, true);
  return out;
}

/** Checks magic first, then version; `bytes` is what the file holds of its first 8 bytes. */
export function checkFileHeader(bytes: Uint8Array): void {
  const magicPart = bytes.subarray(0, MAGIC.length);
  if (magicPart.length < MAGIC.length || magicPart.some((b, i) => b !== MAGIC[i])) throw badMagic(magicPart);
  if (bytes.length < FILE_HEADER_SIZE) {
    throw truncated({ segment: 0, block: null, offset: 0, part: 'file header' }, FILE_HEADER_SIZE, bytes.length);
  }
  const version = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (version !== FORMAT_VERSION) throw unsupportedVersion(version, FORMAT_VERSION);
}
