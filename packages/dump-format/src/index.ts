export { createDumpWriter, DumpWriter, type Backpressure, type DumpWriterOptions, type TableStart } from './dump-writer.js';
export { openDumpForAppend, type AppendHandle, type AppendOptions } from './append-dump.js';
export { readDump, type DumpSegment, type ReadDumpOptions } from './dump-reader.js';
export { verifyDump, type VerifiedSegment, type VerifyReport } from './verify-dump.js';
export { inspectDump, type InspectReport } from './inspect-dump.js';
export type { ScanResult, TornTail } from './segment-scan.js';
export {
  DumpCorruptError,
  DumpFormatError,
  DumpTruncatedError,
  type DumpFormatErrorCode,
  type DumpPlace,
} from './errors.js';
export { CODEC_IDS, type BlockCodec, type CodecRegistry } from './codec-registry.js';
export { FORMAT_VERSION, MAGIC, BLOCK_SIZE_DEFAULT } from './constants.js';
export type {
  BlockHeader,
  DumpRecord,
  DumpType,
  SegmentMetadata,
  SegmentStart,
  SegmentSummary,
  SegmentTotals,
  SegmentTrailer,
  TableMode,
  TableSummary,
} from './types.js';
