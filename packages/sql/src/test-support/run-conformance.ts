/** `npx tsx src/test-support/run-conformance.ts [file.sql ...]`: prints "N passed, N failed" and every failure. */
import { startPostgres } from '@heliosdb/testkit';
import { corpusFiles, formatReport, runConformance } from './conformance-runner.js';
import { databaseSide } from './database-side.js';

const files = process.argv.slice(2);
const pg = await startPostgres();
try {
  const report = await runConformance(pg, databaseSide, files.length > 0 ? files : corpusFiles());
  console.log(formatReport(report));
  process.exitCode = report.failed.length > 0 ? 1 : 0;
} finally {
  await pg.stop();
}
