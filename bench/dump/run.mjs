// The dump/restore benchmark, one command: node bench/dump/run.mjs [--rows 1000000] [--rss-rows 4000000] [--repeat 3]
//
// Builds a database of --rows rows (three tables, mixed types), then in the same run:
//   * heliosdb-nano dump with each codec and restore of each file (the real CLI, each in its own child process);
//   * PostgreSQL 15 pg_dump -Fc and pg_restore of the same rows in a throwaway cluster (testkit);
//   * zstd -3 over the dump's uncompressed payload (the --compression none file): the lower bound;
//   * dump --append after changing 1% of the rows;
//   * peak RSS of dump and restore at --rows and at --rss-rows (when given), to show it does not grow.
// The rows behind the targets (nano zstd dump and restore, zstd -3, pg_dump and pg_restore, the append and the
// full dump it is compared with) are the best of --repeat runs each (default 3), alternating tools, so a
// busy moment on a shared machine does not decide a ratio; the other codecs run once.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Storage } from '@heliosdb/storage';
import { startPostgres } from '@heliosdb/testkit';
import { loadNano } from './load-nano.mjs';
import { TABLES, copyLine, rowsOf } from './workload.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const ROWS = arg('rows', 1_000_000);
const RSS_ROWS = arg('rss-rows', 0);
const REPEAT = arg('repeat', 3);
const CODECS = ['zstd', 'lz4', 'gzip', 'brotli', 'none'];
const BIN = fileURLToPath(new URL('../../bin/heliosdb-nano', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'heliosdb-dump-bench-'));
const log = (s) => process.stderr.write(`${s}\n`);

/**
 * Runs a command, sampling /proc/<pid>/status every 20 ms: wall seconds, peak RSS (VmHWM) and the
 * peaks of its two parts, anonymous memory (the process's own heap and buffers) and file-backed
 * pages (for Nano mostly the LMDB file, mapped: page cache the kernel shares and reclaims).
 */
function timed(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const peak = { hwm: 0, anon: 0, file: 0 };
    const kb = (text, key) => Number((text.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm')) ?? [])[1] ?? 0);
    const sample = () => {
      try {
        const st = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        peak.hwm = Math.max(peak.hwm, kb(st, 'VmHWM'));
        peak.anon = Math.max(peak.anon, kb(st, 'RssAnon'));
        peak.file = Math.max(peak.file, kb(st, 'RssFile') + kb(st, 'RssShmem'));
      } catch {}
    };
    const timer = setInterval(sample, 20);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      const wall = (performance.now() - t) / 1000;
      if (code !== 0) return reject(new Error(`${cmd} ${args.join(' ')} failed (${code}): ${stderr}`));
      resolve({ wall, rssMb: peak.hwm / 1024, anonMb: peak.anon / 1024, fileMb: peak.file / 1024, stdout });
    });
  });
}

const mb = (b) => (b / 1e6).toFixed(1);
/** The run with the least wall time, with the highest peak RSS seen over all runs (a peak is a peak). */
const best = (runs) => {
  const b = runs.reduce((x, y) => (y.wall < x.wall ? y : x));
  return { ...b, rssMb: Math.max(...runs.map((r) => r.rssMb)), anonMb: Math.max(...runs.map((r) => r.anonMb)), fileMb: Math.max(...runs.map((r) => r.fileMb)) };
};
const fmt = (n, d = 2) => n.toFixed(d);
const rss = (r) => `${fmt(r.rssMb, 0)} (${fmt(r.anonMb, 0)} + ${fmt(r.fileMb, 0)})`;

async function buildNano(dir, rows) {
  log(`loading ${rows.toLocaleString()} rows into ${dir} ...`);
  const t = performance.now();
  await loadNano(dir, rows);
  log(`  loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

async function nanoDump(dir, file, codec, extra = []) {
  const r = await timed(BIN, ['dump', '--data-dir', dir, '--output', file, '--compression', codec, '--json', ...extra]);
  return { ...r, report: JSON.parse(r.stdout) };
}

async function nanoRestore(file, target) {
  rmSync(target, { recursive: true, force: true });
  const r = await timed(BIN, ['restore', '--input', file, '--target', target, '--json']);
  return { ...r, report: JSON.parse(r.stdout) };
}

async function loadPostgres(pg, rows) {
  log('loading the same rows into PostgreSQL 15 ...');
  const t = performance.now();
  for (const table of TABLES) {
    await pg.query(table.pgDdl);
    await new Promise((resolve, reject) => {
      const psql = spawn(join(pg.binDir, 'psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', pg.connectionString, '-c', `COPY ${table.name} FROM STDIN`], { stdio: ['pipe', 'inherit', 'inherit'] });
      psql.on('error', reject);
      psql.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`psql COPY ${table.name} exited ${code}`))));
      const it = rowsOf(table, rows);
      const pump = () => {
        for (;;) {
          let chunk = '';
          for (let k = 0; k < 2000; k++) {
            const n = it.next();
            if (n.done) {
              psql.stdin.end(chunk);
              return;
            }
            chunk += copyLine(table, n.value);
          }
          if (!psql.stdin.write(chunk)) return void psql.stdin.once('drain', pump);
        }
      };
      pump();
    });
  }
  await pg.query('VACUUM ANALYZE');
  log(`  loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

/** Changes 1% of the rows: every 100th row of each table, updated. */
async function changeOnePercent(dir) {
  const db = Storage.open({ dir });
  let changed = 0;
  for (const t of TABLES) {
    await db.write((tx) => {
      const table = tx.table(t.name);
      let i = 0;
      for (const r of tx.scan(table)) {
        if (i++ % 100 !== 7) continue;
        const v = [...r.values];
        if (t.name === 'customers') v[5] = !v[5];
        if (t.name === 'orders') v[2] = '1.23';
        if (t.name === 'events') v[4] = -1;
        tx.update(table, r.key, v);
        changed++;
      }
    });
  }
  db.close();
  return changed;
}

function zstdBound(payloadFile) {
  const out = {};
  for (const threads of ['1', '0']) {
    const t = performance.now();
    const r = spawnSync('zstd', ['-3', `-T${threads}`, '-q', '-c', payloadFile], { maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`zstd failed: ${r.stderr}`);
    out[threads] = { seconds: (performance.now() - t) / 1000, bytes: r.stdout.length };
  }
  return out;
}

const results = { rows: ROWS };
try {
  const dir = join(work, 'nano');
  await buildNano(dir, ROWS);
  log(`data directory: ${(Number(spawnSync('du', ['-sb', dir], { encoding: 'utf8' }).stdout.split('\t')[0]) / 1e6).toFixed(0)} MB`);

  // Nano, each codec; zstd (the default, behind the targets) REPEAT times.
  results.nano = {};
  for (const codec of CODECS) {
    const file = join(work, `db.${codec}.heliodump`);
    const dumps = [];
    const restores = [];
    for (let k = 0; k < (codec === 'zstd' ? REPEAT : 1); k++) {
      log(`nano dump --compression ${codec} ...`);
      dumps.push(await nanoDump(dir, file, codec));
      log(`nano restore ${codec} ...`);
      restores.push(await nanoRestore(file, join(work, `restored-${codec}`)));
      rmSync(join(work, `restored-${codec}`), { recursive: true, force: true });
    }
    results.nano[codec] = { dump: best(dumps), restore: best(restores), size: statSync(file).size };
  }
  const payload = results.nano.none.dump.report.uncompressedBytes;

  // zstd alone over the uncompressed payload (the none dump: payload plus ~0.01% framing).
  log('zstd -3 over the payload ...');
  const bounds = Array.from({ length: REPEAT }, () => zstdBound(join(work, 'db.none.heliodump')));
  results.zstd = Object.fromEntries(['1', '0'].map((t) => [t, bounds.map((b) => b[t]).reduce((x, y) => (y.seconds < x.seconds ? y : x))]));

  // Append after changing 1% of the rows: each try appends to a copy of the same one-segment file.
  log('changing 1% of rows, then dump --append ...');
  const rolling = join(work, 'rolling.heliodump');
  const base = join(work, 'rolling-base.heliodump');
  const fulls = [];
  for (let k = 0; k < REPEAT; k++) fulls.push(await nanoDump(dir, base, 'zstd'));
  const changed = await changeOnePercent(dir);
  const appends = [];
  for (let k = 0; k < REPEAT; k++) {
    copyFileSync(base, rolling);
    appends.push(await nanoDump(dir, rolling, 'zstd', ['--append']));
  }
  const bestBy = (runs, f) => runs.reduce((x, y) => (f(y) < f(x) ? y : x));
  results.append = {
    changed,
    full: best(fulls),
    append: best(appends),
    fullInProcess: bestBy(fulls, (r) => r.report.elapsedMs).report.elapsedMs,
    appendInProcess: bestBy(appends, (r) => r.report.elapsedMs).report.elapsedMs,
  };

  // PostgreSQL.
  const pg = await startPostgres();
  try {
    await loadPostgres(pg, ROWS);
    const dumpFile = join(work, 'pg.dump');
    const env = { ...process.env, PGHOST: '127.0.0.1', PGPORT: String(pg.port), PGUSER: 'postgres', PGDATABASE: 'postgres' };
    const pgDumps = [];
    const pgRestores = [];
    for (let k = 0; k < REPEAT; k++) {
      log('pg_dump -Fc ...');
      pgDumps.push(await timed(join(pg.binDir, 'pg_dump'), ['-Fc', '-f', dumpFile, 'postgres'], { env }));
      await pg.query('DROP DATABASE IF EXISTS restored');
      await pg.query('CREATE DATABASE restored');
      log('pg_restore ...');
      pgRestores.push(await timed(join(pg.binDir, 'pg_restore'), ['-d', 'restored', dumpFile], { env }));
    }
    const d = best(pgDumps);
    const r = best(pgRestores);
    results.pg = { dump: d, restore: r, size: statSync(dumpFile).size };
  } finally {
    await pg.stop();
  }

  // Peak RSS at a larger size, each command in its own child process.
  if (RSS_ROWS > 0) {
    const big = join(work, 'nano-big');
    await buildNano(big, RSS_ROWS);
    const file = join(work, 'big.heliodump');
    const d = await nanoDump(big, file, 'zstd');
    rmSync(big, { recursive: true, force: true });
    const r = await nanoRestore(file, join(work, 'restored-big'));
    results.big = { rows: RSS_ROWS, dump: d, restore: r };
  }

  // The table.
  const n = results.nano;
  const pgRowsDump = ROWS / results.pg.dump.wall;
  const pgRowsRestore = ROWS / results.pg.restore.wall;
  const lines = [];
  lines.push(`dump/restore benchmark: ${ROWS.toLocaleString()} rows, payload ${mb(payload)} MB (uncompressed), Node ${process.version}`);
  lines.push(`times are wall seconds of the whole command (process start included), best of ${REPEAT} for nano zstd, zstd -3 and pg_dump/pg_restore; rows/s = rows / wall; RSS = peak of that process`);
  lines.push('');
  lines.push('| tool | dump s | dump rows/s | restore s | restore rows/s | file MB | dump peak RSS (anon + file) MB | restore peak RSS (anon + file) MB |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const c of CODECS) {
    const x = n[c];
    lines.push(`| nano ${c} | ${fmt(x.dump.wall)} | ${Math.round(ROWS / x.dump.wall).toLocaleString()} | ${fmt(x.restore.wall)} | ${Math.round(ROWS / x.restore.wall).toLocaleString()} | ${mb(x.size)} | ${rss(x.dump)} | ${rss(x.restore)} |`);
  }
  lines.push(`| pg_dump -Fc / pg_restore | ${fmt(results.pg.dump.wall)} | ${Math.round(pgRowsDump).toLocaleString()} | ${fmt(results.pg.restore.wall)} | ${Math.round(pgRowsRestore).toLocaleString()} | ${mb(results.pg.size)} | ${rss(results.pg.dump)} (client) | ${rss(results.pg.restore)} (client) |`);
  lines.push(`| zstd -3 -T1 over the payload | ${fmt(results.zstd['1'].seconds)} | | | | ${mb(results.zstd['1'].bytes)} | | |`);
  lines.push(`| zstd -3 -T0 over the payload | ${fmt(results.zstd['0'].seconds)} | | | | ${mb(results.zstd['0'].bytes)} | | |`);
  lines.push('');
  const z = n.zstd;
  lines.push(`nano zstd in-process dump time (report): ${fmt(z.dump.report.elapsedMs / 1000)} s; restore (report): ${fmt(z.restore.report.elapsedMs / 1000)} s`);
  lines.push(`dump (zstd) rows/s vs pg_dump: ${fmt(pgRowsDump ? ROWS / z.dump.wall / pgRowsDump : 0)}x (target >= 2x)`);
  lines.push(`restore (zstd) rows/s vs pg_restore: ${fmt(ROWS / z.restore.wall / pgRowsRestore)}x (target >= 2x)`);
  lines.push(`dump (zstd) time vs zstd -3 alone: ${fmt(z.dump.wall / results.zstd['1'].seconds)}x of -T1, ${fmt(z.dump.wall / results.zstd['0'].seconds)}x of -T0 (target <= 1.5x); in-process ${fmt(z.dump.report.elapsedMs / 1000 / results.zstd['0'].seconds)}x of -T0`);
  const a = results.append;
  lines.push(`append after changing ${a.changed.toLocaleString()} rows (1%): ${fmt(a.append.wall)} s vs full ${fmt(a.full.wall)} s = ${fmt((100 * a.append.wall) / a.full.wall, 1)}% of the full dump's wall time (target <= 5%); in-process (the report's elapsed, process start and module loading excluded) ${fmt(a.appendInProcess)} ms vs ${fmt(a.fullInProcess)} ms = ${fmt((100 * a.appendInProcess) / a.fullInProcess, 1)}%; segment ${mb(a.append.report.compressedBytes)} MB, ${a.append.report.rows.toLocaleString()} rows`);
  if (results.big) {
    lines.push(`peak RSS, anon + file-mapped, zstd: at ${ROWS.toLocaleString()} rows dump ${rss(z.dump)} MB, restore ${rss(z.restore)} MB; at ${results.big.rows.toLocaleString()} rows dump ${rss(results.big.dump)} MB, restore ${rss(results.big.restore)} MB (target <= 256 MB, flat)`);
  }
  process.stdout.write(lines.join('\n') + '\n');
} finally {
  rmSync(work, { recursive: true, force: true });
}
