// The bytes each format's streams start with. Brotli streams have no magic number (RFC 7932),
// so brotli input and output cannot be recognised by their first bytes.

/** zstd frame magic 0xFD2FB528, little-endian (RFC 8878 §3.1.1). */
export const ZSTD_MAGIC = Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd);
/** gzip member ID1 ID2 (RFC 1952 §2.3.1). */
export const GZIP_MAGIC = Uint8Array.of(0x1f, 0x8b);
/** LZ4 frame magic 0x184D2204, little-endian (LZ4 Frame Format §General Structure). */
export const LZ4_FRAME_MAGIC = Uint8Array.of(0x04, 0x22, 0x4d, 0x18);

export function startsWith(data: Uint8Array, magic: Uint8Array): boolean {
  if (data.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (data[i] !== magic[i]) return false;
  return true;
}
