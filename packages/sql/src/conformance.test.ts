import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PgCluster, startPostgres } from '@heliosdb/testkit';
import { CORPUS_DIR, formatReport, runConformance } from './test-support/conformance-runner.js';
import { databaseSide } from './test-support/database-side.js';
import { normalizeSql, readKnownDifferences } from './test-support/known-differences.js';

let pg: PgCluster;
beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(async () => {
  await pg?.stop();
});

describe('conformance corpus against PostgreSQL 15', () => {
  it('matches PostgreSQL on every statement not listed in known-differences.md', async () => {
    const report = await runConformance(pg, databaseSide);
    console.log(formatReport(report));
    const known = readKnownDifferences(`${CORPUS_DIR}known-differences.md`);
    const unexpected = report.failed.filter((f) => !known.has(normalizeSql(f.statement.sql)));
    const failing = new Set(report.failed.map((f) => normalizeSql(f.statement.sql)));
    const stale = [...known.keys()].filter((k) => !failing.has(k));
    expect(report.passed).toBeGreaterThan(250);
    expect(unexpected.map((f) => `${f.statement.file}:${f.statement.line} ${f.statement.sql}`)).toEqual([]);
    expect(stale).toEqual([]);
  });
});
