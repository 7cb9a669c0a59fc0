// Import/export benchmark: @heliosdb/io-formats beside DuckDB (threads=1 and default) and PostgreSQL 15 COPY,
// same machine, same rows, same files, one run.
//   node bench/io/run.mjs [--rows 1000000] [--formats csv,parquet,...] [--copy csv|none]
// --copy also measures SQL COPY over a data directory (storage included) for those formats; each of our phases
// reports its CPU time too, which a loaded machine disturbs less than wall time.
// Every phase of ours and DuckDB's runs in its own process (phase.mjs), so its peak RSS is its own.
// Ratio = peer time / our time: above 1 we are faster. Targets: CSV >= 1.5x PG COPY, Parquet >= 1.0x DuckDB
// threads=1, RSS <= 256 MB.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres } from '../../packages/testkit/dist/index.js';
import { PG_DDL } from './workload.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const ROWS = Number(arg('--rows', '1000000'));
const FORMATS = (arg('--formats', 'parquet,csv,jsonl,json,arrow,sql')).split(',');
// Formats also measured through SQL COPY over a data directory (--copy none to skip).
const COPY_FORMATS = (arg('--copy', 'csv')).split(',');
const EXT = { csv: 'csv', json: 'json', jsonl: 'jsonl', parquet: 'parquet', arrow: 'arrow', sql: 'sql' };
const dir = mkdtempSync(join(tmpdir(), 'heliosdb-bench-io-'));
chmodSync(dir, 0o777); // PostgreSQL's server process reads and writes files here

function phase(...args) {
  const out = execFileSync(process.execPath, [join(here, 'phase.mjs'), ...args.map(String)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const r = JSON.parse(out.trim().split('\n').pop());
  if (r.rows !== ROWS) throw new Error(`${args.join(' ')}: ${r.rows} rows, expected ${ROWS}`);
  return r;
}

const results = [];
const add = (format, op, who, r) => results.push({ format, op, who, ms: r.ms, cpuMs: r.cpuMs, rssMB: r.rssMB });
let pg;
try {
  for (const format of FORMATS) {
    const ours = join(dir, `ours.${EXT[format]}`);
    add(format, 'export', 'ours', phase('ours-export', format, ours, ROWS));
    chmodSync(ours, 0o644);
    const size = statSync(ours).size;
    add(format, 'import', 'ours', phase('ours-import', format, ours, ROWS));
    if (COPY_FORMATS.includes(format)) {
      // SQL COPY over a data directory (storage insert / scan included), the like of PostgreSQL's COPY.
      const dataDir = join(dir, `data-${format}`);
      add(format, 'import', 'ours COPY', phase('copy-import', format, ours, ROWS, dataDir));
      add(format, 'export', 'ours COPY', phase('copy-export', format, join(dir, `copy.${EXT[format]}`), ROWS, dataDir));
      rmSync(dataDir, { recursive: true, force: true });
    }
    if (['csv', 'json', 'jsonl', 'parquet'].includes(format)) {
      for (const threads of ['1', 'default']) {
        add(format, 'import', `duckdb t=${threads}`, phase('duck-import', format, ours, ROWS, threads));
        const theirs = join(dir, `duck-${threads}.${EXT[format]}`);
        // DuckDB's table is loaded from our Parquet file when it exists, else from our file of this format (not timed).
        const source = existsSync(join(dir, 'ours.parquet')) ? join(dir, 'ours.parquet') : ours;
        add(format, 'export', `duckdb t=${threads}`, phase('duck-export', format, theirs, ROWS, threads, source));
        rmSync(theirs, { force: true, recursive: true });
      }
    }
    if (format === 'csv') {
      pg = await startPostgres();
      await pg.query(PG_DDL);
      let t0 = performance.now();
      await pg.query(`COPY t FROM '${ours}' WITH (FORMAT csv, HEADER)`);
      add('csv', 'import', 'PG COPY', { ms: performance.now() - t0 });
      const count = Number((await pg.query('SELECT count(*) AS n FROM t')).rows[0].n);
      if (count !== ROWS) throw new Error(`PostgreSQL loaded ${count} rows`);
      t0 = performance.now();
      await pg.query(`COPY t TO '${join(dir, 'pg.csv')}' WITH (FORMAT csv, HEADER)`);
      add('csv', 'export', 'PG COPY', { ms: performance.now() - t0 });
      await pg.stop();
      pg = undefined;
    }
    results.push({ format, op: 'size', who: 'ours', ms: 0, size });
  }
} finally {
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
}

const fmt = (ms) => (ms / 1000).toFixed(2) + ' s';
console.log(`\n${ROWS.toLocaleString('en')} rows x 8 columns (int8, int4, numeric(12,2), float8, text, bool, date, timestamp)\n`);
console.log('format   op      ours      rows/s     RSS MB   | peer               time      RSS MB  ratio (peer/ours)');
for (const format of FORMATS) {
  for (const op of ['export', 'import']) {
    const o = results.find((r) => r.format === format && r.op === op && r.who === 'ours');
    const peers = results.filter((r) => r.format === format && r.op === op && r.who !== 'ours' && r.who !== 'ours COPY');
    const head = `${format.padEnd(8)} ${op.padEnd(7)} ${fmt(o.ms).padStart(8)} ${Math.round(ROWS / (o.ms / 1000)).toLocaleString('en').padStart(10)} ${o.rssMB.toFixed(0).padStart(8)}`;
    if (peers.length === 0) console.log(`${head}   | (no peer here)`);
    for (const [k, p] of peers.entries()) {
      const left = k === 0 ? head : ' '.repeat(head.length);
      console.log(`${left}   | ${p.who.padEnd(17)} ${fmt(p.ms).padStart(8)} ${(p.rssMB === undefined ? '-' : p.rssMB.toFixed(0)).padStart(8)}  ${(p.ms / o.ms).toFixed(2)}x`);
    }
  }
}
const copies = results.filter((r) => r.who === 'ours COPY');
if (copies.length) {
  console.log('\nSQL COPY over a data directory (storage insert/scan included), the like of PostgreSQL\'s COPY:');
  console.log('format   op      ours COPY  rows/s     RSS MB   | PG COPY    ratio (PG/ours)');
  for (const c of copies) {
    const p = results.find((r) => r.format === c.format && r.op === c.op && r.who === 'PG COPY');
    console.log(`${c.format.padEnd(8)} ${c.op.padEnd(7)} ${fmt(c.ms).padStart(9)} ${Math.round(ROWS / (c.ms / 1000)).toLocaleString('en').padStart(10)} ${c.rssMB.toFixed(0).padStart(8)}   | ${p ? `${fmt(p.ms).padStart(8)}   ${(p.ms / c.ms).toFixed(2)}x` : '-'}   (our CPU time ${fmt(c.cpuMs)})`);
  }
}
console.log('\nour CPU time (user+system; a loaded machine disturbs it less than wall time): ' + results.filter((r) => r.who === 'ours' && r.op !== 'size').map((r) => `${r.format} ${r.op} ${fmt(r.cpuMs)}`).join(', '));
console.log('\nfile sizes (ours): ' + results.filter((r) => r.op === 'size').map((r) => `${r.format} ${(r.size / 1e6).toFixed(1)} MB`).join(', '));
console.log('PostgreSQL: server-side COPY to/from a file, fsync off (test cluster); its RSS is the server\'s, not shown.');
