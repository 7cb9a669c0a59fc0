import { type FileHandle, open } from 'node:fs/promises';
import { FileSink } from './byte-sink.js';
import { FileSource } from './byte-source.js';
import { readDump } from './dump-reader.js';
import { DumpWriter, type DumpWriterOptions, resolveWriterOptions } from './dump-writer.js';
import { DumpFormatError } from './errors.js';
import { scanSegments, scanTail, tornTailError } from './segment-scan.js';
import type { SegmentMetadata, SegmentSummary } from './types.js';

export interface AppendOptions extends DumpWriterOptions {
  /** Decompress and CRC-check every block of the existing segments first. Default true. */
  readonly verifyBlocks?: boolean;
  /**
   * Called with the last complete segment before anything is written (a torn tail is cut off only
   * after it returns): throw to refuse, and the file stays byte for byte as it was.
   */
  readonly accept?: (last: SegmentSummary, segmentCount: number) => void;
}

export interface AppendHandle {
  /** Appends one or more incremental segments; close() fsyncs. */
  readonly writer: DumpWriter;
  /** The last complete segment: the new segment must continue its database id and end LSN. */
  readonly lastSegment: SegmentMetadata;
  /** Complete segments in the file. */
  readonly segmentCount: number;
  /** Set when a torn segment (an interrupted append) was cut off the end of the file. */
  readonly repairedTail: { readonly segment: number; readonly offset: number; readonly bytes: number; readonly reason: string } | null;
}

/**
 * Opens an existing dump to append an incremental segment in place. Reads and checks the whole
 * segment chain first; if the last segment is torn (FORMAT.md section 8) the file is truncated to
 * the end of the last complete one. Damage anywhere else is refused with DumpCorruptError. A
 * missing file is refused with code ERR_DUMP_NOT_FOUND: the caller writes a full dump instead.
 */
export async function openDumpForAppend(path: string, options: AppendOptions = {}): Promise<AppendHandle> {
  const resolved = await resolveWriterOptions(options);
  let fh: FileHandle;
  try {
    fh = await open(path, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new DumpFormatError('ERR_DUMP_NOT_FOUND', `heliodump: ${path} does not exist; write a full dump there first`, { cause: error });
    }
    throw error;
  }
  try {
    const source = await FileSource.over(fh);
    // Usually the file ends with a complete segment, found from the end in a few reads; anything
    // else (a torn tail, damage) is sorted out by walking the whole chain.
    const tail = await scanTail(source, resolved.codecs.crc32);
    const scan = tail === null ? await scanSegments(source, resolved.codecs.crc32) : null;
    const last = tail?.last ?? scan?.segments.at(-1);
    const segmentCount = tail?.segmentCount ?? scan?.segments.length ?? 0;
    const tornTail = scan?.tornTail ?? null;
    if (last === undefined) {
      const cause = tornTail === null ? undefined : tornTailError(tornTail);
      throw new DumpFormatError(
        'ERR_DUMP_NO_SEGMENT',
        `heliodump: ${path} has no complete segment to append to${cause ? ` (${cause.reason})` : ''}; write a full dump instead`,
        { cause },
      );
    }
    options.accept?.(last, segmentCount);
    if (options.verifyBlocks !== false) {
      for await (const segment of readDump(path, { codecs: resolved.codecs, untilSegment: segmentCount })) {
        for await (const _ of segment.batches());
      }
    }
    const end = last.offset + last.length;
    let repairedTail: AppendHandle['repairedTail'] = null;
    if (tornTail !== null) {
      await fh.truncate(end);
      await fh.sync();
      repairedTail = { segment: tornTail.segment, offset: tornTail.offset, bytes: tornTail.bytes, reason: tornTail.error.message };
    }
    const writer = new DumpWriter(FileSink.appendTo(fh, path, end), resolved, {
      nextIndex: segmentCount + 1,
      previous: last.metadata,
      append: true,
    });
    return { writer, lastSegment: last.metadata, segmentCount, repairedTail };
  } catch (error) {
    await fh.close();
    throw error;
  }
}
