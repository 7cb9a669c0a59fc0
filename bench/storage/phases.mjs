// One benchmark phase, run in its own process so peak RSS belongs to that phase alone.
import { mkdirSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Storage } from '@heliosdb/storage';
import { BATCH, NANO_TABLE, nanoRow, SQLITE_DDL, sqliteRow } from './workload.mjs';

const LOOKUPS = 200_000;

/**
 * Resident memory now, from /proc/self/status (Linux): `anon` is the process's own memory (JS heap,
 * native allocations); `file` is file pages mapped into it — for LMDB, the database pages the scan
 * touched, which are the kernel's page cache and reclaimable, not memory the process allocated.
 */
function rssNow() {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { anon: kb('RssAnon') / 1024, file: kb('RssFile') / 1024 };
}

/** Tracks the peak of anonymous RSS, sampled every `every` rows. */
function rssTracker(every = 20_000) {
  let peakAnon = 0;
  let n = 0;
  return {
    tick() {
      if (++n % every === 0) peakAnon = Math.max(peakAnon, rssNow().anon);
    },
    peak() {
      return Math.max(peakAnon, rssNow().anon);
    },
  };
}

/** Page faults since `r0`: minor (page already in memory, mapped now) and major (read from disk). */
function faultsSince(r0) {
  const r = process.resourceUsage();
  return { minor: r.minorPageFault - r0.minorPageFault, major: r.majorPageFault - r0.majorPageFault };
}

function rate(n, ms) {
  return (n / ms) * 1000;
}

/** Deterministic pseudo-random keys (a fixed LCG) so both engines look up the same ids. */
function* lookupKeys(rows) {
  let x = 12345;
  for (let i = 0; i < LOOKUPS; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    yield x % rows;
  }
}

export const phases = {
  async 'nano-load'(dir, rows) {
    const s = Storage.open({ dir, create: true });
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let b = 0; b < rows; b += BATCH) {
      const tx = await s.beginWrite();
      const t = b === 0 ? tx.createTable(NANO_TABLE) : tx.table('bench');
      const end = Math.min(rows, b + BATCH);
      for (let i = b; i < end; i++) tx.insert(t, nanoRow(i));
      tx.commit();
    }
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    s.close();
    return { rate: rate(rows, ms), cpuUsPerRow: (cpu.user + cpu.system) / rows };
  },
  async 'nano-scan'(dir, rows) {
    const s = Storage.open({ dir, readOnly: true });
    const snap = s.snapshot();
    const rss = rssTracker();
    const t0 = performance.now();
    let n = 0;
    let check = 0;
    for (const r of snap.scan(snap.table('bench'))) {
      n++;
      check += r.values[1];
      rss.tick();
    }
    const ms = performance.now() - t0;
    snap.close();
    s.close();
    if (n !== rows) throw new Error(`nano scan saw ${n} rows, expected ${rows}`);
    return { rate: rate(n, ms), check, peakAnonMb: rss.peak() };
  },
  async 'nano-lookup'(dir, rows) {
    const s = Storage.open({ dir, readOnly: true });
    const snap = s.snapshot();
    const t = snap.table('bench');
    // Pass 1 starts with nothing of the database mapped into this process; pass 2 repeats the same keys.
    const [cold, warm] = [0, 1].map(() => {
      const r0 = process.resourceUsage();
      const t0 = performance.now();
      for (const k of lookupKeys(rows)) if (!snap.get(t, [BigInt(k)])) throw new Error(`nano: row ${k} missing`);
      return { rate: rate(LOOKUPS, performance.now() - t0), faults: faultsSince(r0) };
    });
    snap.close();
    s.close();
    return { rate: cold.rate, warmRate: warm.rate, faults: cold.faults, warmFaults: warm.faults };
  },
  async 'sqlite-load'(dir, rows) {
    mkdirSync(dir, { recursive: true });
    const db = new Database(`${dir}/bench.sqlite`);
    db.pragma('journal_mode = WAL');
    db.exec(SQLITE_DDL);
    const ins = db.prepare('INSERT INTO bench VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const batch = db.transaction((b, end) => {
      for (let i = b; i < end; i++) ins.run(sqliteRow(i));
    });
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let b = 0; b < rows; b += BATCH) batch(b, Math.min(rows, b + BATCH));
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    db.close();
    return { rate: rate(rows, ms), cpuUsPerRow: (cpu.user + cpu.system) / rows };
  },
  async 'sqlite-scan'(dir, rows) {
    const db = new Database(`${dir}/bench.sqlite`, { readonly: true });
    const rss = rssTracker();
    const t0 = performance.now();
    let n = 0;
    let check = 0;
    for (const r of db.prepare('SELECT * FROM bench').iterate()) {
      n++;
      check += r.qty;
      rss.tick();
    }
    const ms = performance.now() - t0;
    db.close();
    if (n !== rows) throw new Error(`sqlite scan saw ${n} rows, expected ${rows}`);
    return { rate: rate(n, ms), check, peakAnonMb: rss.peak() };
  },
  async 'sqlite-lookup'(dir, rows) {
    const db = new Database(`${dir}/bench.sqlite`, { readonly: true });
    const get = db.prepare('SELECT * FROM bench WHERE id = ?');
    const [cold, warm] = [0, 1].map(() => {
      const r0 = process.resourceUsage();
      const t0 = performance.now();
      for (const k of lookupKeys(rows)) if (!get.get(k)) throw new Error(`sqlite: row ${k} missing`);
      return { rate: rate(LOOKUPS, performance.now() - t0), faults: faultsSince(r0) };
    });
    db.close();
    return { rate: cold.rate, warmRate: warm.rate, faults: cold.faults, warmFaults: warm.faults };
  },
};

if (process.argv[2] === '--phase') {
  const [, , , name, dir, rows] = process.argv;
  const result = await phases[name](dir, Number(rows));
  // maxRSS is in kilobytes.
  process.stdout.write(JSON.stringify({ ...result, peakRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
}
