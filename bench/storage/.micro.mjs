import { Storage } from '@heliosdb/storage';
import { rmSync } from 'node:fs';
import { BATCH, NANO_TABLE, nanoRow } from './workload.mjs';
const N = 200000;
const rows = []; for (let i = 0; i < N; i++) rows.push(nanoRow(i));
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const s = Storage.memory();
const tx0 = await s.beginWrite(); const t = tx0.createTable(NANO_TABLE); tx0.commit();
const snap = s.snapshot(); const l = snap.catalog.layout(snap.table('bench'));
function time(name, fn, reps = 5) {
  let best = Infinity;
  for (let r = 0; r < reps; r++) { const c0 = cpu(); fn(); best = Math.min(best, cpu() - c0); }
  console.log(name.padEnd(12), (best * 1000 / N).toFixed(3), 'us/row (cpu, best of', reps + ')');
}
time('encode', () => { for (const r of rows) l.encode(r); });
time('rowKey', () => { for (const r of rows) l.rowKey(r); });
time('insert', () => { let tx; for (let i = 0; i < N; i++) { if (i % BATCH === 0) { tx?.rollback(); tx = s.begin(); tx.release = () => {}; } tx.insert(t, rows[i]); } tx.rollback(); });
