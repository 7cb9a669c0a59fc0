/** What one dump (a full dump, or the segment an append adds) wrote. */
export interface DumpReport {
  readonly output: string;
  /** 'incremental' for an append; 'full' also when --append found no file. */
  readonly dumpType: 'full' | 'incremental';
  /** The 1-based index of the segment written. */
  readonly segment: number;
  readonly databaseId: string;
  readonly baseLsn: string;
  readonly endLsn: string;
  readonly codec: string;
  readonly level: number;
  readonly tables: number;
  readonly rows: number;
  readonly tombstones: number;
  /** Tables dropped since the previous segment (incremental only). */
  readonly droppedTables: number;
  readonly blocks: number;
  readonly uncompressedBytes: number;
  readonly compressedBytes: number;
  /** uncompressed / compressed payload bytes. */
  readonly compressionRatio: number;
  /** CRC32 of the segment's uncompressed payload, as 8 hex digits. */
  readonly payloadCrc32: string;
  readonly elapsedMs: number;
  /** Uncompressed payload bytes per second. */
  readonly bytesPerSecond: number;
  readonly rowsPerSecond: number;
  /** Set when an append first cut off a torn segment left by an interrupted append. */
  readonly repairedTail: string | null;
  /** Set when --append found no file and wrote a full dump. */
  readonly note: string | null;
}

export interface DumpProgress {
  readonly table: string;
  readonly tablesDone: number;
  readonly tableCount: number;
  readonly rows: number;
}

export const hex32 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');
