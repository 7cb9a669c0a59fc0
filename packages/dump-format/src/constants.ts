// Facts of the .heliodump format, version 1. FORMAT.md is the normative text; every number here
// appears there with the same name.

/** 0x89 'H' 'D' 'B': a non-ASCII first byte (not text, caught by 7-bit channels), then "HDB". */
export const MAGIC = Uint8Array.of(0x89, 0x48, 0x44, 0x42);
export const FORMAT_VERSION = 1;
export const FILE_HEADER_SIZE = 8;

// Frame tags: four ASCII bytes each, compared as a little-endian u32.
export const TAG_SEGMENT = 0x4d474553; // "SEGM"
export const TAG_BLOCK = 0x4b434c42; // "BLCK"
export const TAG_TRAILER = 0x524c5254; // "TRLR"
export const TAG_FOOTER = 0x444e4553; // "SEND"

/** tag u32 + body length u32 + CRC32 of those 8 bytes; the body and its CRC32 follow. */
export const FRAME_PREFIX_SIZE = 12;
export const BLOCK_HEADER_SIZE = 24;
/** trailer body length u32 + tag "SEND" + CRC32 of those 8 bytes: the last 12 bytes of a segment. */
export const FOOTER_SIZE = 12;

export const METADATA_FIXED_SIZE = 118;
export const TOOL_VERSION_MAX = 255;
export const TRAILER_FIXED_SIZE = 60;
export const TABLE_ENTRY_FIXED_SIZE = 26;
export const NAME_MAX = 1024;
export const TRAILER_BODY_MAX = 64 * 1024 * 1024;

/** Segment metadata flag: the summary fields were patched in place and equal the trailer's. */
export const FLAG_FINALIZED = 1;

export const BLOCK_SIZE_DEFAULT = 1024 * 1024;
export const BLOCK_SIZE_MIN = 16;
export const BLOCK_SIZE_MAX = 64 * 1024 * 1024;

/** Largest compressed length accepted for a block of n uncompressed bytes. */
export function compressedLimit(n: number): number {
  return n + Math.ceil(n / 8) + 4096;
}

/** Largest key, row, catalog or name field a record may carry (1 GiB). */
export const FIELD_MAX = 1024 * 1024 * 1024;
