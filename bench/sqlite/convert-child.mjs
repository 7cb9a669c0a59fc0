// Runs one conversion in its own process so its memory figures are the converter's alone.
// maxRSS (getrusage) also counts the LMDB file pages mapped while the data directory is written and verified
// (page cache, shared and reclaimable), so the process's own memory is RssAnon from /proc, sampled every 20 ms.
import { readFileSync } from 'node:fs';
import { convertSqlite } from '../../packages/sqlite-convert/dist/index.js';

const [sqlite, output] = process.argv.slice(2);
const anonKB = () => Number(/RssAnon:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
let peakAnon = anonKB();
const timer = setInterval(() => {
  peakAnon = Math.max(peakAnon, anonKB());
}, 20);
const t0 = performance.now();
const report = await convertSqlite({ sqlite, output, onProgress: () => (peakAnon = Math.max(peakAnon, anonKB())) });
const ms = performance.now() - t0;
clearInterval(timer);
process.stdout.write(
  JSON.stringify({
    ms,
    rows: report.totalRows,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    peakAnonMB: Math.max(peakAnon, anonKB()) / 1024,
    tables: report.tables.map((t) => [t.name, t.rows, t.ms]),
  }),
);
