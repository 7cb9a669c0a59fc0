// Builds the benchmark database in a Nano data directory: node load-nano.mjs <dir> <rows>
import { Storage } from '@heliosdb/storage';
import { TABLES, rowsOf } from './workload.mjs';

export async function loadNano(dir, total) {
  const db = Storage.open({ dir, create: true });
  for (const t of TABLES) {
    await db.write((tx) => tx.createTable({ name: t.name, columns: t.columns, primaryKey: t.primaryKey, ...(t.unique && { unique: t.unique }) }));
    const it = rowsOf(t, total);
    for (;;) {
      let done = false;
      await db.write((tx) => {
        const table = tx.table(t.name);
        for (let k = 0; k < 20_000; k++) {
          const n = it.next();
          if (n.done) {
            done = true;
            return;
          }
          tx.insert(table, n.value);
        }
      });
      if (done) break;
    }
  }
  db.close();
}

if (import.meta.url === `file://${process.argv[1]}`) await loadNano(process.argv[2], Number(process.argv[3]));
