// Storage benchmark: HeliosDB Nano storage vs better-sqlite3 on the same machine, same data, same run.
//   node bench/storage/run.mjs [--rows 1000000[,4000000]]
// Each phase runs in a child process (phases.mjs), so peak RSS of a scan is that scan's alone.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const arg = process.argv.indexOf('--rows');
const sizes = (arg > 0 ? process.argv[arg + 1] : '1000000').split(',').map(Number);

function phase(name, dir, rows) {
  const out = execFileSync(process.execPath, [join(here, 'phases.mjs'), '--phase', name, dir, String(rows)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop());
}

const fmt = (x) => Math.round(x).toLocaleString('en-US');
const lines = [];
for (const rows of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'heliosdb-bench-'));
  try {
    const r = {};
    for (const engine of ['nano', 'sqlite']) {
      for (const p of ['load', 'scan', 'lookup']) {
        process.stderr.write(`${rows} rows: ${engine} ${p}...\n`);
        r[`${engine}-${p}`] = phase(`${engine}-${p}`, join(dir, engine === 'nano' ? 'nano' : '.'), rows);
      }
    }
    if (r['nano-scan'].check !== r['sqlite-scan'].check) throw new Error('the two scans read different data');
    const row = (what, unit, key, field, higherIsBetter = true) => {
      const a = r[`nano-${key}`][field];
      const b = r[`sqlite-${key}`][field];
      lines.push([`${fmt(rows)}`, what, unit, fmt(a), fmt(b), (higherIsBetter ? a / b : b / a).toFixed(2) + 'x']);
    };
    row('bulk load (10,000 rows/tx)', 'rows/s', 'load', 'rate');
    row('full scan', 'rows/s', 'scan', 'rate');
    row('point lookup by key', 'lookups/s', 'lookup', 'rate');
    row('peak RSS of the scan', 'MB', 'scan', 'peakRssMb', false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const head = ['rows', 'measure', 'unit', 'nano', 'better-sqlite3', 'nano advantage'];
const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
const print = (l) => console.log(l.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
print(head);
print(widths.map((w) => '-'.repeat(w)));
lines.forEach(print);
console.log('\nnano advantage = nano / better-sqlite3 for rates, better-sqlite3 / nano for memory (higher is better for nano).');
