import { type FileHandle, open } from 'node:fs/promises';
import { FileSink } from './byte-sink.js';
import { FileSource } from './byte-source.js';
import { readDump } from './dump-reader.js';
import { DumpWriter, type DumpWriterOptions, resolveWriterOptions } from './dump-writer.js';
import { DumpFormatError } from './errors.js';
import { scanSegments, tornTailError } from './segment-scan.js';
import type { SegmentMetadata } from './types.js';

export interface AppendOptions extends DumpWriterOptions {
  /** Decompress and CRC-check every block of the existing segments first. Default true. */
  readonly verifyBlocks?: boolean;
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
    const scan = await scanSegments(await FileSource.over(fh), resolved.codecs.crc32);
    const last = scan.segments.at(-1);
    if (last === undefined) {
      const cause = scan.tornTail === null ? undefined : tornTailError(scan.tornTail);
      throw new DumpFormatError(
        'ERR_DUMP_NO_SEGMENT',
        `heliodump: ${path} has no complete segment to append to${cause ? ` (${cause.reason})` : ''}; write a full dump instead`,
        { cause },
      );
    }
    if (options.verifyBlocks !== false) {
      for await (const segment of readDump(path, { codecs: resolved.codecs, untilSegment: scan.segments.length })) {
        for await (const _ of segment.batches());
      }
    }
    const end = last.offset + last.length;
    let repairedTail: AppendHandle['repairedTail'] = null;
    if (scan.tornTail !== null) {
      await fh.truncate(end);
      await fh.sync();
      const t = scan.tornTail;
      repairedTail = { segment: t.segment, offset: t.offset, bytes: t.bytes, reason: t.error.message };
    }
    const writer = new DumpWriter(FileSink.appendTo(fh, path, end), resolved, {
      nextIndex: scan.segments.length + 1,
      previous: last.metadata,
      append: true,
    });
    return { writer, lastSegment: last.metadata, segmentCount: scan.segments.length, repairedTail };
  } catch (error) {
    await fh.close();
    throw error;
  }
}
