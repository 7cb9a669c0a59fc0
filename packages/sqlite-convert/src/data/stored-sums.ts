/**
 * The verification's stored side: every table's row count and checksum recomputed from the rows in a data
 * directory opened read-only (values decoded straight from LMDB's read buffer). Run in a worker thread beside the
 * index build (verify-worker.ts), or in the caller's thread.
 */
import { Storage } from '@heliosdb/storage';
import { TableChecksum, storedCanonical } from './checksum.js';

export interface StoredSum {
  readonly rows: number;
  readonly checksum: string;
}

export function storedSums(dir: string, tables: readonly string[]): Record<string, StoredSum> {
  const storage = Storage.open({ dir, readOnly: true });
  const snap = storage.snapshot();
  try {
    const out: Record<string, StoredSum> = {};
    for (const name of tables) {
      const def = snap.table(name);
      const types = def.columns.map((c) => c.type);
      const sum = new TableChecksum();
      const canon: string[] = new Array<string>(types.length);
      for (const values of snap.scanValues(def)) {
        for (let i = 0; i < types.length; i++) canon[i] = storedCanonical(types[i]!, values[i] ?? null);
        sum.addRow(canon);
      }
      out[name] = { rows: sum.rows, checksum: sum.hex };
    }
    return out;
  } finally {
    snap.close();
    storage.close();
  }
}
