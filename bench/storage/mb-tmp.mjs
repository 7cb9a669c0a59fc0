import { Storage } from '@heliosdb/storage';
import { NANO_TABLE, nanoRow } from './workload.mjs';
const s = Storage.memory();
const rows = []; for (let i = 0; i < 10000; i++) rows.push(nanoRow(i));
let tx = await s.beginWrite(); const t = tx.createTable(NANO_TABLE); tx.commit();
for (let rep = 0; rep < 5; rep++) {
  tx = await s.beginWrite();
  let t0 = performance.now();
  for (let i = 0; i < 10000; i++) tx.insert(t, rows[i]);
  const ins = performance.now() - t0;
  tx.rollback();
  console.log('insert 10k µs/row', (ins / 10).toFixed(2));
}
