import { FileSource } from './byte-source.js';
import { CODEC_IDS, type CodecRegistry } from './codec-registry.js';
import { resolveCodecs } from './default-codecs.js';
import { type ScanResult, scanSegments } from './segment-scan.js';

export interface InspectReport extends ScanResult {
  /** Codec name per segment, in segment order. */
  readonly codecs: readonly string[];
}

/**
 * The table of contents: every segment's metadata and trailer (per-table row counts included),
 * read from the uncompressed frames only; no payload is decompressed. Frame and header CRC32s are
 * checked; block contents are not (verifyDump does that). A torn last segment is reported in
 * `tornTail`, not thrown; other damage throws DumpCorruptError.
 */
export async function inspectDump(path: string, options: { codecs?: CodecRegistry } = {}): Promise<InspectReport> {
  const { crc32 } = await resolveCodecs(options.codecs);
  const src = await FileSource.open(path);
  try {
    const scan = await scanSegments(src, crc32);
    const names = Object.fromEntries(Object.entries(CODEC_IDS).map(([name, id]) => [id, name]));
    return { ...scan, codecs: scan.segments.map((s) => names[s.metadata.codecId] ?? `codec ${s.metadata.codecId}`) };
  } finally {
    await src.close();
  }
}
