// The wire-protocol benchmark, one command:
//   node bench/server/run.mjs [--scale 1] [--seconds 10] [--clients 1,8,32] [--modes simple,prepared] [--tpcb-clients 8] [--load sql]
//
// pgbench against `heliosdb-nano start --memory` (the real CLI, its own process) and against PostgreSQL 15
// (testkit's throwaway cluster): same pgbench binary, same data, same protocol mode on both sides, one
// after the other for each row of the table, so both see the same machine load. Rows:
// - `-S` (select-only: one primary-key lookup per transaction) in each mode and at each client count;
// - the built-in TPC-B-like script (BEGIN; 3 UPDATEs, a SELECT, an INSERT; END) at --tpcb-clients.
// Modes (pgbench -M): simple (Query messages, literals in the text), prepared (Parse once per
// connection, then Bind/Execute per transaction). See README.md for why both are shown.
// Data: `pgbench -i -s SCALE` on both sides (COPY FROM STDIN), or plain SQL with --load sql.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startPostgres } from '@heliosdb/testkit';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const SCALE = Number(arg('scale', '1'));
const SECONDS = Number(arg('seconds', '10'));
const CLIENTS = arg('clients', '1,8,32').split(',').map(Number);
const MODES = arg('modes', 'simple,prepared').split(',');
const TPCB_CLIENTS = Number(arg('tpcb-clients', '8'));
const LOAD = arg('load', 'pgbench');
const BIN = fileURLToPath(new URL('../../bin/heliosdb-nano', import.meta.url));
const log = (s) => process.stderr.write(`${s}\n`);

const SCHEMA = [
  'create table pgbench_branches (bid int primary key, bbalance int, filler char(88))',
  'create table pgbench_tellers (tid int primary key, bid int, tbalance int, filler char(84))',
  'create table pgbench_accounts (aid int primary key, bid int, abalance int, filler char(84))',
  'create table pgbench_history (tid int, bid int, aid int, delta int, mtime timestamp, filler char(22))',
  `insert into pgbench_branches select g, 0, '' from generate_series(1, ${SCALE}) g`,
  `insert into pgbench_tellers select g, (g - 1) / 10 + 1, 0, '' from generate_series(1, ${10 * SCALE}) g`,
  `insert into pgbench_accounts select g, (g - 1) / 100000 + 1, 0, '' from generate_series(1, ${100000 * SCALE}) g`,
];

function run(bin, args, input) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env: { ...process.env, PGSSLMODE: 'disable' }, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    if (input !== undefined) child.stdin.end(input);
  });
}

const conn = (s) => ['-h', '127.0.0.1', '-p', String(s.port), '-U', s.user];

/** Loads the pgbench tables; returns the seconds taken. */
async function load(binDir, s) {
  const t = performance.now();
  const r =
    LOAD === 'sql'
      ? await run(`${binDir}/psql`, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...conn(s), '-d', s.database], `${SCHEMA.join(';\n')};\n`)
      : await run(`${binDir}/pgbench`, ['-i', '-s', String(SCALE), '-q', ...conn(s), s.database]);
  if (r.code !== 0) throw new Error(`loading ${s.name} exited ${r.code}: ${r.err}`);
  const count = await run(`${binDir}/psql`, ['-X', '-tA', ...conn(s), '-d', s.database, '-c', 'select count(*) from pgbench_accounts']);
  if (Number(count.out.trim()) !== 100000 * SCALE) throw new Error(`${s.name}: pgbench_accounts has ${count.out.trim()} rows, expected ${100000 * SCALE}`);
  return (performance.now() - t) / 1000;
}

async function pgbench(binDir, s, script, mode, clients) {
  const args = [...conn(s), '-n', ...script, '-M', mode, '-c', String(clients), '-j', String(Math.min(clients, 2)), '-T', String(SECONDS), s.database];
  const r = await run(`${binDir}/pgbench`, args);
  const tps = /tps = ([\d.]+)/.exec(r.out);
  if (r.code !== 0 || !tps) throw new Error(`pgbench ${args.join(' ')} against ${s.name} exited ${r.code}: ${r.err || r.out}`);
  const failed = Number(/number of failed transactions: (\d+)/.exec(r.out)?.[1] ?? '0');
  return { tps: Number(tps[1]), latencyMs: Number(/latency average = ([\d.]+) ms/.exec(r.out)?.[1] ?? NaN), failed };
}

function startNano() {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['start', '--memory', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c) => {
      err += c;
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(err);
      if (m) {
        resolve({
          name: 'heliosdb-nano',
          port: Number(m[1]),
          user: 'postgres',
          database: 'postgres',
          stop: () => new Promise((r) => (child.on('close', r), child.kill('SIGTERM'))),
        });
      }
    });
    child.on('close', (code) => reject(new Error(`heliosdb-nano start exited ${code}: ${err}`)));
  });
}

const cluster = await startPostgres();
const nano = await startNano();
const pg = { name: 'postgresql-15', port: cluster.port, user: cluster.user, database: cluster.database };
try {
  const binDir = cluster.binDir;
  log(`loading scale ${SCALE} (${100000 * SCALE} accounts) into both with ${LOAD === 'sql' ? 'SQL' : 'pgbench -i'}...`);
  const nanoLoad = await load(binDir, nano);
  const pgLoad = await load(binDir, pg);
  const rows = [];
  const measure = async (label, script, mode, clients) => {
    log(`${label} -M ${mode}, ${clients} clients, ${SECONDS} s each...`);
    const ours = await pgbench(binDir, nano, script, mode, clients);
    const theirs = await pgbench(binDir, pg, script, mode, clients);
    rows.push({ label, mode, clients, ours, theirs });
  };
  for (const mode of MODES) for (const clients of CLIENTS) await measure('-S', ['-S'], mode, clients);
  if (TPCB_CLIENTS > 0) for (const mode of MODES) await measure('TPC-B-like', [], mode, TPCB_CLIENTS);
  console.log(`pgbench, scale ${SCALE}, ${SECONDS} s per run, -j min(clients, 2); 2 shared cores; Nano is one Node.js process`);
  console.log(`load (${LOAD === 'sql' ? 'SQL' : 'pgbench -i'}): heliosdb-nano ${nanoLoad.toFixed(1)} s, PostgreSQL ${pgLoad.toFixed(1)} s`);
  console.log('| script | mode | clients | heliosdb-nano tps | PostgreSQL 15 tps | ratio | latency ms (nano / pg) | failed (nano / pg) |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const ratio = (r.ours.tps / r.theirs.tps).toFixed(2);
    console.log(
      `| ${r.label} | ${r.mode} | ${r.clients} | ${r.ours.tps.toFixed(0)} | ${r.theirs.tps.toFixed(0)} | ${ratio}× | ${r.ours.latencyMs.toFixed(3)} / ${r.theirs.latencyMs.toFixed(3)} | ${r.ours.failed} / ${r.theirs.failed} |`,
    );
  }
} finally {
  await nano.stop();
  await cluster.stop();
}
