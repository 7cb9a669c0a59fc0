import { FileSource } from './byte-source.js';
import type { CodecRegistry } from './codec-registry.js';
import { resolveCodecs } from './default-codecs.js';
import { readDump } from './dump-reader.js';
import { scanSegments } from './segment-scan.js';
import type { DumpType } from './types.js';

export interface VerifiedSegment {
  readonly index: number;
  readonly offset: number;
  readonly dumpType: DumpType;
  readonly codec: string;
  readonly blocks: number;
  readonly uncompressedBytes: number;
  readonly compressedBytes: number;
  readonly records: number;
  readonly rows: number;
  readonly tombstones: number;
  readonly tables: number;
  readonly payloadCrc32: number;
}

export interface VerifyReport {
  readonly fileSize: number;
  readonly segments: readonly VerifiedSegment[];
  readonly blocks: number;
  readonly uncompressedBytes: number;
  readonly compressedBytes: number;
  readonly rows: number;
  /** With `allowTornTail`: the incomplete last segment (an interrupted append) that was not verified. */
  readonly tornTail: { readonly segment: number; readonly offset: number; readonly bytes: number; readonly reason: string } | null;
}

/**
 * Checks everything: the file header, every frame prefix, block header, compressed and
 * uncompressed block CRC32, payload CRC32, the record grammar and every total, and that nothing
 * follows the last segment. Throws DumpCorruptError (DumpTruncatedError for a torn tail) at the
 * first problem; returns the figures otherwise.
 */
export async function verifyDump(
  path: string,
  options: { codecs?: CodecRegistry; readAhead?: number; /** Verify the complete segments of a file whose last segment is torn (an interrupted append) and report it instead of throwing; a file with no complete segment still throws. */ allowTornTail?: boolean } = {},
): Promise<VerifyReport> {
  const codecs = await resolveCodecs(options.codecs);
  const file = await FileSource.open(path);
  const fileSize = file.size;
  let tornTail: VerifyReport['tornTail'] = null;
  try {
    if (options.allowTornTail) {
      const scan = await scanSegments(file, codecs.crc32);
      const t = scan.tornTail;
      if (t !== null && t.segment > 1) tornTail = { segment: t.segment, offset: t.offset, bytes: t.bytes, reason: t.error.message };
    }
  } finally {
    await file.close();
  }
  const segments: VerifiedSegment[] = [];
  for await (const segment of readDump(path, { codecs, readAhead: options.readAhead ?? 4, allowTornTail: tornTail !== null })) {
    let records = 0;
    for await (const batch of segment.batches()) records += batch.length;
    const t = segment.trailer!;
    segments.push({
      index: segment.index,
      offset: segment.offset,
      dumpType: segment.metadata.dumpType,
      codec: segment.codec,
      blocks: t.blockCount,
      uncompressedBytes: t.uncompressedSize,
      compressedBytes: t.compressedSize,
      records,
      rows: t.totalRows,
      tombstones: t.totalTombstones,
      tables: t.tableCount,
      payloadCrc32: t.payloadCrc32,
    });
  }
  const sum = (f: (s: VerifiedSegment) => number) => segments.reduce((a, s) => a + f(s), 0);
  return {
    fileSize,
    segments,
    blocks: sum((s) => s.blocks),
    uncompressedBytes: sum((s) => s.uncompressedBytes),
    compressedBytes: sum((s) => s.compressedBytes),
    rows: sum((s) => s.rows),
    tornTail,
  };
}
