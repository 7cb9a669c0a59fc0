/**
 * A dump restored into an in-memory database (`heliosdb-nano start --memory --restore-from F`): the same
 * segment replay as restoreDatabase (KeyspaceLoader), into a MemoryKv instead of a new data directory, so an
 * ephemeral server started from a snapshot and dumped on shutdown round-trips.
 */
import { readDump, verifyDump } from '@heliosdb/dump-format';
import { MemoryKv } from '../kv/memory-kv.js';
import { Storage } from '../storage.js';
import { DatabaseDumpError } from './dump-error.js';
import { KeyspaceLoader } from './keyspace-loader.js';

export interface MemoryRestoreReport {
  readonly input: string;
  readonly segments: number;
  readonly tables: number;
  readonly rows: number;
}

/** Loads every complete segment of `input` (CRC32s checked as read) into a new in-memory Storage. */
export async function restoreIntoMemory(input: string, options: { verify?: boolean } = {}): Promise<{ storage: Storage; report: MemoryRestoreReport }> {
  if (options.verify) await verifyDump(input, { allowTornTail: true });
  const kv = new MemoryKv();
  const loader = new KeyspaceLoader(kv, null);
  let segments = 0;
  for await (const segment of readDump(input, { allowTornTail: true, packRows: true })) {
    segments = segment.index;
    for await (const batch of segment.batches()) loader.apply(segment.index, batch);
  }
  if (segments === 0) throw new DatabaseDumpError('ERR_RESTORE_ARGUMENT', `${input} has no complete segment`, 'the file is cut short or damaged; restore an earlier copy');
  const tables = loader.currentCatalog?.tables.length ?? 0;
  loader.finish();
  return { storage: Storage.memory({ kv }), report: { input, segments, tables, rows: loader.rows } };
}
