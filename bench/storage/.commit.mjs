import { Storage } from '@heliosdb/storage';
import { rmSync } from 'node:fs';
import { BATCH, NANO_TABLE, nanoRow } from './workload.mjs';
const N = Number(process.argv[2] ?? 300000);
const rows = []; for (let i = 0; i < N; i++) rows.push(nanoRow(i));
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const dir = '/tmp/commit-db'; rmSync(dir, { recursive: true, force: true });
const s = Storage.open({ dir, create: true });
let insCpu = 0, comCpu = 0, comWall = 0; const W0 = performance.now();
let t;
for (let b = 0; b < N; b += BATCH) {
  const tx = await s.beginWrite();
  t = b === 0 ? tx.createTable(NANO_TABLE) : tx.table('bench');
  const c0 = cpu();
  for (let i = b; i < b + BATCH; i++) tx.insert(t, rows[i]);
  const c1 = cpu(); const w1 = performance.now();
  tx.commit();
  comCpu += cpu() - c1; comWall += performance.now() - w1; insCpu += c1 - c0;
}
const wall = performance.now() - W0;
s.close();
const f = (ms) => (ms * 1000 / N).toFixed(3);
console.log(`insert cpu ${f(insCpu)}  commit cpu ${f(comCpu)}  commit wall ${f(comWall)}  total wall ${f(wall)} us/row  rate ${Math.round(N / wall * 1000)}`);
