import { compressFrame, compressFrameSync, decompressFrame, decompressFrameSync } from 'lz4-napi';
import type { CodecSpec } from './codec-spec.js';
import { checkLz4Frame } from './lz4-frame-check.js';
import { LZ4_FRAME_MAGIC } from './magic.js';

// lz4-napi's plain compress() writes a raw LZ4 block that the lz4 tool cannot read; the frame
// functions write the LZ4 frame format. Its frames default to no content checksum, which lets a
// flipped byte or a cut-off end mark decode without error, so we ask for the checksum the lz4
// tool writes by default.
const FRAME_OPTIONS = { contentChecksum: true } as const;

/**
 * LZ4 frames via lz4-napi 2.10 (Rust lz4_flex): async on the thread pool, and synchronous.
 * Decompression takes exactly one frame; the frame's structure is checked first (lz4-frame-check).
 * lz4_flex has a single compression mode and lz4-napi exposes no level, so the only level is 1
 * (comparable to the lz4 tool's default -1); any other level is rejected, not ignored.
 */
export const lz4Spec: CodecSpec = {
  name: 'lz4',
  id: 4,
  magic: LZ4_FRAME_MAGIC,
  defaultLevel: 1,
  minLevel: 1,
  maxLevel: 1,
  library: 'lz4-napi 2.10',
  compress: (data) => compressFrame(data, FRAME_OPTIONS),
  decompress: async (data) => {
    checkLz4Frame(data);
    return decompressFrame(data);
  },
  compressSync: (data) => compressFrameSync(data, FRAME_OPTIONS),
  decompressSync: (data) => {
    checkLz4Frame(data);
    return decompressFrameSync(data);
  },
};
