#!/usr/bin/env node
// SQLite -> database conversion, side by side in one run:
//   heliosdb-nano convert-sqlite (this repo)  vs  `sqlite3 x.db .dump | psql` into PostgreSQL 15  vs  pgloader (if installed).
// Usage: node bench/sqlite/run.mjs [--rows 1000000] [--no-pgloader] [--ours-only]
// The database has four tables (customers, products, orders, order_items) with integer keys, NUMERIC(10,2) money,
// timestamps, text, and secondary indexes. Peak RSS of our converter is measured at the full size and at a quarter
// of it, to show it does not grow with the database.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { startPostgres } from '../../packages/testkit/dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? dflt : process.argv[i + 1];
};
const ROWS = Number(arg('rows', '1000000'));
const usePgloader = !process.argv.includes('--no-pgloader');
const oursOnly = process.argv.includes('--ours-only');
const work = mkdtempSync(join(tmpdir(), 'heliosdb-bench-sqlite-'));

function buildSqlite(file, rows) {
  const db = new Database(file);
  db.pragma('journal_mode = delete');
  db.exec(`
    CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, created_at TIMESTAMP NOT NULL);
    CREATE TABLE products (id INTEGER PRIMARY KEY, sku TEXT NOT NULL, title TEXT NOT NULL, price NUMERIC(10,2) NOT NULL);
    CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), placed_at TIMESTAMP NOT NULL, status TEXT NOT NULL, total NUMERIC(10,2) NOT NULL);
    CREATE TABLE order_items (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders(id), product_id INTEGER NOT NULL REFERENCES products(id), qty INTEGER NOT NULL, unit_price NUMERIC(10,2) NOT NULL);
    CREATE INDEX orders_customer ON orders(customer_id);
    CREATE INDEX items_order ON order_items(order_id);
    CREATE INDEX items_product ON order_items(product_id);`);
  const n = { customers: Math.round(rows * 0.1), products: Math.round(rows * 0.02), orders: Math.round(rows * 0.3) };
  n.order_items = rows - n.customers - n.products - n.orders;
  const ts = (i) => new Date(Date.UTC(2023, 0, 1) + i * 61_000).toISOString().replace('T', ' ').slice(0, 19);
  const money = (i) => Math.round(((i * 7919) % 100000)) / 100;
  const load = (sql, count, row) => {
    const st = db.prepare(sql);
    db.transaction(() => {
      for (let i = 1; i <= count; i++) st.run(row(i));
    })();
  };
  load('INSERT INTO customers VALUES (?, ?, ?, ?)', n.customers, (i) => [i, `user${i}@example.com`, `Customer number ${i}`, ts(i)]);
  load('INSERT INTO products VALUES (?, ?, ?, ?)', n.products, (i) => [i, `SKU-${i}`, `Product ${i} with a longer title`, money(i)]);
  load('INSERT INTO orders VALUES (?, ?, ?, ?, ?)', n.orders, (i) => [i, 1 + (i % n.customers), ts(i), i % 3 ? 'paid' : 'open', money(i * 3)]);
  load('INSERT INTO order_items VALUES (?, ?, ?, ?, ?)', n.order_items, (i) => [i, 1 + (i % n.orders), 1 + (i % n.products), 1 + (i % 5), money(i)]);
  db.close();
  return n;
}

function timed(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, ms: performance.now() - t0, out, err }));
  });
}

/** Wall time and peak RSS of a command, via GNU time when present. */
async function timedRss(cmd, args, env) {
  const hasTime = spawnSync('/usr/bin/time', ['--version']).status === 0;
  if (!hasTime) return { ...(await timed(cmd, args, { env })), rssMB: null };
  const r = await timed('/usr/bin/time', ['-f', '%M', cmd, ...args], { env });
  const kb = Number(r.err.trim().split('\n').pop());
  return { ...r, rssMB: Number.isFinite(kb) ? kb / 1024 : null };
}

async function ours(file, out) {
  const r = await timed(process.execPath, [join(here, 'convert-child.mjs'), file, out]);
  if (r.code !== 0) throw new Error(`convert-sqlite failed: ${r.err}`);
  rmSync(out, { recursive: true, force: true });
  return { ...JSON.parse(r.out), wallMs: r.ms };
}

const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
  console.log(`building a ${ROWS.toLocaleString()}-row SQLite database (4 tables, 3 secondary indexes, 1 unique) in ${work}`);
  const big = join(work, 'big.db');
  const counts = buildSqlite(big, ROWS);
  const small = join(work, 'small.db');
  buildSqlite(small, Math.round(ROWS / 4));
  console.log(`  ${Object.entries(counts).map(([k, v]) => `${k} ${v.toLocaleString()}`).join(', ')}; ${(statSync(big).size / 1e6).toFixed(0)} MB`);

  const results = [];
  const o = await ours(big, join(work, 'out-big'));
  const oSmall = await ours(small, join(work, 'out-small'));
  results.push({ tool: 'heliosdb-nano convert-sqlite', ms: o.wallMs, rssMB: o.peakAnonMB, note: 'validated, type-mapped, checksum-verified' });
  if (oursOnly) {
    console.log(`ours: ${fmt(o.wallMs)}, peak anon RSS ${o.peakAnonMB.toFixed(0)} MB (maxRSS ${o.maxRssMB.toFixed(0)} MB); at a quarter of the rows ${fmt(oSmall.wallMs)}, ${oSmall.peakAnonMB.toFixed(0)} MB (${oSmall.maxRssMB.toFixed(0)} MB)`);
    console.log(`per-table copy: ${o.tables.map(([n, rows, ms]) => `${n} ${rows} rows ${fmt(ms)}`).join(', ')}`);
    return;
  }

  const pg = await startPostgres({ durable: true });
  try {
    const env = { ...process.env, PGHOST: pg.host, PGPORT: String(pg.port), PGUSER: pg.user, PGDATABASE: pg.database };
    const psql = join(pg.binDir, 'psql');
    const d = await timed('sh', ['-c', `sqlite3 -readonly '${big}' .dump | '${psql}' -X -q -o /dev/null`], { env });
    const errors = d.err.split('\n').filter((l) => l.includes('ERROR')).length;
    const loaded = await pg.query('SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM products) + (SELECT count(*) FROM orders) + (SELECT count(*) FROM order_items) AS n');
    results.push({ tool: 'sqlite3 .dump | psql (PostgreSQL 15)', ms: d.ms, rssMB: null, note: `${Number(loaded.rows[0].n).toLocaleString()} rows loaded, ${errors} statement errors (PRAGMA)` });

    if (usePgloader && spawnSync('pgloader', ['--version']).status === 0) {
      await pg.query('CREATE DATABASE pgl');
      const url = `postgresql://${pg.user}@${pg.host}:${pg.port}/pgl`;
      const p = await timedRss('pgloader', ['--quiet', `sqlite://${big}`, url], env);
      let loadedP = 'failed';
      if (p.code === 0) {
        const r = await timed(psql, ['-X', '-At', '-d', 'pgl', '-c', 'SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM products) + (SELECT count(*) FROM orders) + (SELECT count(*) FROM order_items)'], { env });
        loadedP = `${Number(r.out.trim()).toLocaleString()} rows loaded`;
      }
      results.push({ tool: 'pgloader', ms: p.ms, rssMB: p.rssMB, note: p.code === 0 ? loadedP : `exit ${p.code}: ${p.err.slice(0, 200)}` });
    } else {
      results.push({ tool: 'pgloader', ms: NaN, rssMB: null, note: 'not installed (apt-get install -y pgloader)' });
    }
  } finally {
    await pg.stop();
  }

  console.log(`\n| tool | time | rows/s | ratio (peer time / ours) | peak RSS (ours: anon; pgloader: maxRSS) | note |\n|---|---|---|---|---|---|`);
  for (const r of results) {
    const ratio = Number.isFinite(r.ms) ? `${(r.ms / o.wallMs).toFixed(2)}x` : '-';
    const rate = Number.isFinite(r.ms) ? Math.round(ROWS / (r.ms / 1000)).toLocaleString() : '-';
    console.log(`| ${r.tool} | ${Number.isFinite(r.ms) ? fmt(r.ms) : '-'} | ${rate} | ${ratio} | ${r.rssMB ? `${r.rssMB.toFixed(0)} MB` : '-'} | ${r.note} |`);
  }
  const peers = results.slice(1).filter((r) => Number.isFinite(r.ms) && !r.note.startsWith('exit'));
  const fastest = Math.min(...peers.map((r) => r.ms));
  console.log(`\nfaster peer / ours: ${(fastest / o.wallMs).toFixed(2)}x (target >= 3x)`);
  console.log(
    `our peak anonymous RSS (the process's own memory): ${o.peakAnonMB.toFixed(0)} MB at ${ROWS.toLocaleString()} rows, ${oSmall.peakAnonMB.toFixed(0)} MB at ${Math.round(ROWS / 4).toLocaleString()} rows` +
      ` (getrusage maxRSS, which adds mapped LMDB file pages: ${o.maxRssMB.toFixed(0)} MB / ${oSmall.maxRssMB.toFixed(0)} MB)`,
  );
  console.log(`our per-table copy times: ${o.tables.map(([n, rows, ms]) => `${n} ${rows} rows ${fmt(ms)}`).join(', ')}`);
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => rmSync(work, { recursive: true, force: true }));
