import { DumpFormatError, usage } from './errors.js';
import type { SegmentMetadata, SegmentStart } from './types.js';
import { isUuid } from './uuid.js';
import { TOOL_VERSION_MAX } from './constants.js';
import { encodeUtf8 } from './byte-writer.js';

const U64_MAX = (1n << 64n) - 1n;

/** Field checks for what a caller passes to beginSegment. */
export function checkSegmentStart(s: SegmentStart): void {
  if (s.dumpType !== 'full' && s.dumpType !== 'incremental') throw usage(`dumpType must be 'full' or 'incremental', got ${String(s.dumpType)}`);
  if (typeof s.databaseId !== 'string' || !isUuid(s.databaseId)) throw usage(`databaseId must be a UUID, got ${String(s.databaseId)}`);
  for (const [field, v] of [['baseLsn', s.baseLsn], ['endLsn', s.endLsn]] as const) {
    if (typeof v !== 'bigint' || v < 0n || v > U64_MAX) throw usage(`${field} must be a bigint in 0..2^64-1, got ${String(v)}`);
  }
  if (s.endLsn < s.baseLsn) throw usage(`endLsn ${s.endLsn} is below baseLsn ${s.baseLsn}`);
  if (s.dumpType === 'full' && s.baseLsn !== 0n) throw usage(`a full dump has baseLsn 0, got ${s.baseLsn}`);
  if (!Number.isInteger(s.rowFormatVersion) || s.rowFormatVersion < 0 || s.rowFormatVersion > 0xffffffff) {
    throw usage(`rowFormatVersion must be a u32, got ${String(s.rowFormatVersion)}`);
  }
  if (s.toolVersion !== undefined && encodeUtf8(s.toolVersion).length > TOOL_VERSION_MAX) {
    throw usage(`toolVersion is longer than ${TOOL_VERSION_MAX} bytes`);
  }
}

/**
 * The chain rule (FORMAT.md section 7): segment 1 is a full dump; every later segment is an
 * incremental of the same database whose base LSN is the previous segment's end LSN.
 */
export function chainProblem(
  prev: Pick<SegmentMetadata, 'databaseId' | 'endLsn'> | null,
  next: Pick<SegmentMetadata, 'dumpType' | 'databaseId' | 'baseLsn'>,
): string | null {
  if (prev === null) return next.dumpType === 'full' ? null : 'the first segment of a dump must be a full dump';
  if (next.dumpType !== 'incremental') return 'only the first segment may be a full dump; later segments are incremental';
  if (next.databaseId !== prev.databaseId) return `database id ${next.databaseId} differs from the dump's ${prev.databaseId}`;
  if (next.baseLsn !== prev.endLsn) return `base LSN ${next.baseLsn} does not continue the previous segment's end LSN ${prev.endLsn}`;
  return null;
}

export function chainError(segment: number, problem: string): DumpFormatError {
  return new DumpFormatError('ERR_DUMP_CHAIN', `heliodump: segment ${segment}: ${problem}`);
}
