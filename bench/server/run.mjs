// The wire-protocol benchmark, one command: node bench/server/run.mjs [--scale 1] [--seconds 10] [--clients 4]
//
// pgbench -S (select-only: one primary-key lookup per transaction) against `heliosdb-nano start --memory`
// (the real CLI, its own process) and against PostgreSQL 15 (testkit's throwaway cluster), same data, same
// pgbench binary, in the simple and the prepared (extended, named statements) protocol modes.
// The pgbench tables are created with plain SQL on both sides: `pgbench -i` loads with COPY, which Nano's
// server does not speak yet; -n skips pgbench's VACUUM for the same reason.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startPostgres } from '@heliosdb/testkit';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const SCALE = arg('scale', 1);
const SECONDS = arg('seconds', 10);
const CLIENTS = arg('clients', 4);
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

/** Loads the tables through psql (the cluster's binary) and returns the account count and seconds taken. */
function load(psql, port, user, database) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const args = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-tA', '-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database];
    const child = spawn(psql, args, { env: { ...process.env, PGSSLMODE: 'disable' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`psql load on port ${port} exited ${code}: ${err}`));
      else resolve({ rows: Number(out.trim().split('\n').pop()), seconds: (performance.now() - t) / 1000 });
    });
    child.stdin.end(`${SCHEMA.join(';\n')};\nselect count(*) from pgbench_accounts;\n`);
  });
}

function runPgbench(bin, port, user, database, mode) {
  return new Promise((resolve, reject) => {
    const args = ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-n', '-S', '-M', mode, '-c', String(CLIENTS), '-j', '2', '-T', String(SECONDS), database];
    const child = spawn(bin, args, { env: { ...process.env, PGSSLMODE: 'disable' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('close', (code) => {
      const tps = /tps = ([\d.]+)/.exec(out);
      const lat = /latency average = ([\d.]+) ms/.exec(out);
      if (code !== 0 || !tps) reject(new Error(`pgbench ${mode} on port ${port} exited ${code}: ${err || out}`));
      else resolve({ tps: Number(tps[1]), latencyMs: lat ? Number(lat[1]) : NaN, failed: /number of failed transactions: (\d+)/.exec(out)?.[1] ?? '0' });
    });
  });
}

function startNano() {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['start', '--memory', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c) => {
      err += c;
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(err);
      if (m) resolve({ port: Number(m[1]), stop: () => new Promise((r) => (child.on('close', r), child.kill('SIGTERM'))) });
    });
    child.on('close', (code) => reject(new Error(`heliosdb-nano start exited ${code}: ${err}`)));
  });
}

const pgCluster = await startPostgres();
const nano = await startNano();
try {
  const pgbench = `${pgCluster.binDir}/pgbench`;
  log(`loading scale ${SCALE} (${100000 * SCALE} accounts) into both...`);
  const psql = `${pgCluster.binDir}/psql`;
  const nanoLoad = await load(psql, nano.port, 'postgres', 'postgres');
  const pgLoad = await load(psql, pgCluster.port, pgCluster.user, pgCluster.database);
  await pgCluster.query('vacuum analyze');
  const results = [];
  for (const mode of ['simple', 'prepared']) {
    log(`pgbench -S -M ${mode}, ${CLIENTS} clients, ${SECONDS} s each...`);
    results.push({ server: 'heliosdb-nano', mode, ...(await runPgbench(pgbench, nano.port, 'postgres', 'postgres', mode)) });
    results.push({ server: 'postgresql-15', mode, ...(await runPgbench(pgbench, pgCluster.port, pgCluster.user, pgCluster.database, mode)) });
  }
  console.log(`pgbench -S, scale ${SCALE}, ${CLIENTS} clients, ${SECONDS} s per run (2 shared cores; Nano is one Node.js process)`);
  console.log(`load: heliosdb-nano ${nanoLoad.rows} accounts in ${nanoLoad.seconds.toFixed(1)} s; PostgreSQL ${pgLoad.rows} in ${pgLoad.seconds.toFixed(1)} s`);
  console.log('| server | mode | tps | latency avg (ms) | failed |');
  console.log('|---|---|---:|---:|---:|');
  for (const r of results) console.log(`| ${r.server} | ${r.mode} | ${r.tps.toFixed(0)} | ${r.latencyMs.toFixed(3)} | ${r.failed} |`);
} finally {
  await nano.stop();
  await pgCluster.stop();
}
