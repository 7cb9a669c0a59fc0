// Runs one conversion in its own process so its peak RSS (getrusage maxrss) is the converter's alone.
import { convertSqlite } from '../../packages/sqlite-convert/dist/index.js';

const [sqlite, output] = process.argv.slice(2);
const t0 = performance.now();
const report = await convertSqlite({ sqlite, output });
const ms = performance.now() - t0;
process.stdout.write(
  JSON.stringify({ ms, rows: report.totalRows, maxRssMB: process.resourceUsage().maxRSS / 1024, tables: report.tables.map((t) => [t.name, t.rows, t.ms]) }),
);
