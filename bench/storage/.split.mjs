import { Storage } from '@heliosdb/storage';
import { rmSync } from 'node:fs';
import { BATCH, NANO_TABLE, nanoRow } from './workload.mjs';
const rows = Number(process.argv[2] ?? 300000);
const dir = '/tmp/split-db'; rmSync(dir, { recursive: true, force: true });
const s = Storage.open({ dir, create: true });
let gen = 0, ins = 0, com = 0;
const T0 = performance.now();
for (let b = 0; b < rows; b += BATCH) {
  const tx = await s.beginWrite();
  const t = b === 0 ? tx.createTable(NANO_TABLE) : tx.table('bench');
  const end = Math.min(rows, b + BATCH);
  let t0 = performance.now();
  const rs = []; for (let i = b; i < end; i++) rs.push(nanoRow(i));
  let t1 = performance.now(); gen += t1 - t0;
  for (const r of rs) tx.insert(t, r);
  let t2 = performance.now(); ins += t2 - t1;
  tx.commit();
  com += performance.now() - t2;
}
const total = performance.now() - T0;
s.close();
const us = (ms) => (ms * 1000 / rows).toFixed(2) + 'us/row';
console.log({ total: us(total), gen: us(gen), insert: us(ins), commit: us(com), rate: Math.round(rows / total * 1000) });
