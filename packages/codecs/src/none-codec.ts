import type { CodecSpec } from './codec-spec.js';

/** Identity: the output is a copy of the input, so callers may reuse their buffer at once. */
export const noneSpec: CodecSpec = {
  name: 'none',
  id: 0,
  magic: undefined,
  defaultLevel: 0,
  minLevel: 0,
  maxLevel: 0,
  library: 'none',
  compress: async (data) => Buffer.from(data),
  decompress: async (data) => Buffer.from(data),
  compressSync: (data) => Buffer.from(data),
  decompressSync: (data) => Buffer.from(data),
};
