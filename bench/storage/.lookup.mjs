import { Storage } from '@heliosdb/storage';
const [dir, rows] = [process.argv[2], Number(process.argv[3])];
const s = Storage.open({ dir, readOnly: true });
const snap = s.snapshot(); const t = snap.table('bench');
function* keys(n, seed) { let x = seed; for (let i = 0; i < n; i++) { x = (Math.imul(x, 1103515245) + 12345) >>> 0; yield x % rows; } }
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };
for (const [label, seed] of [['pass1', 12345], ['pass2 same keys', 12345], ['pass3 other keys', 999]]) {
  const r0 = process.resourceUsage(); const c0 = cpu(); const t0 = performance.now();
  for (const k of keys(200000, seed)) if (!snap.get(t, [BigInt(k)])) throw new Error('missing ' + k);
  const ms = performance.now() - t0; const r1 = process.resourceUsage();
  console.log(label, Math.round(200000 / ms * 1000), 'lookups/s  cpu us/lookup', ((cpu() - c0) / 200000).toFixed(2), 'minflt', r1.minorPageFault - r0.minorPageFault, 'majflt', r1.majorPageFault - r0.majorPageFault, 'rssFile?');
}
const seq0 = performance.now(); for (let k = 0; k < 200000; k++) snap.get(t, [BigInt(k)]); console.log('sequential keys', Math.round(200000 / (performance.now() - seq0) * 1000), 'lookups/s');
snap.close(); s.close();
