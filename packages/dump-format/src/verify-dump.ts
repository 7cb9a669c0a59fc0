import { FileSource } from './byte-source.js';
import type { CodecRegistry } from './codec-registry.js';
import { resolveCodecs } from './default-codecs.js';
import { readDump } from './dump-reader.js';
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
}

/**
 * Checks everything: the file header, every frame prefix, block header, compressed and
 * uncompressed block CRC32, payload CRC32, the record grammar and every total, and that nothing
 * follows the last segment. Throws DumpCorruptError (DumpTruncatedError for a torn tail) at the
 * first problem; returns the figures otherwise.
 */
export async function verifyDump(path: string, options: { codecs?: CodecRegistry; readAhead?: number } = {}): Promise<VerifyReport> {
  const codecs = await resolveCodecs(options.codecs);
  const file = await FileSource.open(path);
  const fileSize = file.size;
  await file.close();
  const segments: VerifiedSegment[] = [];
  for await (const segment of readDump(path, { codecs, readAhead: options.readAhead ?? 4 })) {
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
  };
}
