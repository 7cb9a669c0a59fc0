export type { Codec, CodecName, CompressOptions } from './codec.js';
export { CODEC_NAMES } from './codec.js';
export { CodecError, type CodecErrorCode } from './codec-error.js';
export { codecById, codecByName } from './registry.js';
export { crc32, CRC32_IMPLEMENTATION } from './crc32.js';
