// One benchmark phase in its own process, so its peak RSS is its own: prints {"ms", "rows", "rssMB"}.
//   node phase.mjs ours-export|ours-import|duck-export|duck-import FORMAT PATH ROWS [THREADS] [SOURCE]
//   node phase.mjs copy-import|copy-export FORMAT PATH ROWS DATADIR   (SQL COPY over a data directory: storage included)
import { createRequire } from 'node:module';
import { createReader, createWriter } from '../../packages/io-formats/dist/index.js';
import { DUCK_DDL, PG_DDL, SCHEMA, row } from './workload.mjs';

const [op, format, path, rowsArg, threads, source] = process.argv.slice(2);
const ROWS = Number(rowsArg);
const BATCH = 8192;

async function oursExport() {
  const w = await createWriter(path, SCHEMA, { format, table: 't' });
  for (let i = 0; i < ROWS; ) {
    const n = Math.min(BATCH, ROWS - i);
    const batch = new Array(n);
    for (let k = 0; k < n; k++) batch[k] = row(i + k);
    await w.writeRows(batch);
    i += n;
  }
  await w.finish();
  return w.rowCount;
}

async function oursImport() {
  const typed = ['csv', 'json', 'jsonl'].includes(format);
  const r = createReader(path, { format, ...(typed ? { schema: SCHEMA, header: true } : {}) });
  let n = 0;
  for await (const b of r.rows()) n += b.length;
  return n;
}

const DUCK_FORMAT = { csv: 'csv, HEADER', json: 'json, ARRAY true', jsonl: 'json', parquet: 'parquet' };

async function duck() {
  const require = createRequire(new URL('../../packages/io-formats/package.json', import.meta.url));
  const { DuckDBInstance } = await import(require.resolve('@duckdb/node-api'));
  const inst = await DuckDBInstance.create(':memory:', threads === 'default' ? {} : { threads });
  const c = await inst.connect();
  await c.run(DUCK_DDL);
  if (op === 'duck-export') {
    await c.run(`INSERT INTO t SELECT * FROM '${source}'`); // DuckDB picks the reader by extension
    const t0 = performance.now();
    await c.run(`COPY t TO '${path}' (FORMAT ${DUCK_FORMAT[format]})`);
    return { ms: performance.now() - t0, rows: ROWS };
  }
  const t0 = performance.now();
  await c.run(`COPY t FROM '${path}' (FORMAT ${DUCK_FORMAT[format]})`);
  const ms = performance.now() - t0;
  const n = Number((await c.runAndReadAll('SELECT count(*) FROM t')).getRows()[0][0]);
  return { ms, rows: n };
}

const COPY_OPTIONS = { csv: "FORMAT csv, HEADER true", json: 'FORMAT json', jsonl: 'FORMAT jsonl', parquet: 'FORMAT parquet', arrow: 'FORMAT arrow', sql: 'FORMAT sql' };

/** COPY through the SQL engine and a data directory, as PostgreSQL's COPY is measured: scan/insert included. */
async function copyPhase() {
  const { Database } = await import('../../packages/sql/dist/index.js');
  const dataDir = threads;
  const db = await Database.open({ dataDir, create: op === 'copy-import' });
  try {
    if (op === 'copy-import') await db.query(PG_DDL);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const r = await db.query(`COPY t ${op === 'copy-import' ? 'FROM' : 'TO'} '${path}' WITH (${COPY_OPTIONS[format]})`);
    return { ms: performance.now() - t0, cpuMs: cpuMs(cpu0), rows: r.rowCount };
  } finally {
    await db.close();
  }
}

/** CPU time (user + system) since `from`, which a loaded machine disturbs less than wall time. */
function cpuMs(from) {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

let result;
if (op.startsWith('duck')) result = await duck();
else if (op.startsWith('copy')) result = await copyPhase();
else {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const rows = op === 'ours-export' ? await oursExport() : await oursImport();
  result = { ms: performance.now() - t0, cpuMs: cpuMs(cpu0), rows };
}
result.rssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify(result) + '\n');
