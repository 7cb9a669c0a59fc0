import { createRequire } from 'node:module';
import type { CodecSpec } from './codec-spec.js';
import { checkLz4Frame } from './lz4-frame-check.js';
import { LZ4_FRAME_MAGIC } from './magic.js';

// lz4-napi's plain compress() writes a raw LZ4 block that the lz4 tool cannot read; the frame
// functions write the LZ4 frame format. Its frames default to no content checksum, which lets a
// flipped byte or a cut-off end mark decode without error, so we ask for the checksum the lz4
// tool writes by default.
const FRAME_OPTIONS = { contentChecksum: true } as const;

type Lz4Napi = typeof import('lz4-napi');
let binding: Lz4Napi | undefined;
/** lz4-napi, loaded on first use: its loader probes the C library (process.report), ~5 ms a process that never uses lz4. */
const lz4 = (): Lz4Napi => (binding ??= createRequire(import.meta.url)('lz4-napi') as Lz4Napi);

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
  compress: (data) => lz4().compressFrame(data, FRAME_OPTIONS),
  decompress: async (data) => {
    checkLz4Frame(data);
    return lz4().decompressFrame(data);
  },
  compressSync: (data) => lz4().compressFrameSync(data, FRAME_OPTIONS),
  decompressSync: (data) => {
    checkLz4Frame(data);
    return lz4().decompressFrameSync(data);
  },
};
