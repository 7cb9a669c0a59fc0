import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PgCluster } from './postgres.js';

describe('startPostgres', () => {
  let pg: PgCluster;
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(async () => {
    await pg?.stop();
  });

  it('runs PostgreSQL 15+ with C collation, UTC and ISO dates, values as text', async () => {
    const r = await pg.query(
      "select current_setting('server_version_num')::int >= 150000 as v15, current_setting('lc_collate') as coll, now()::timestamptz::text like '%+00' as utc, '2024-01-02'::date as d, 'b' < 'B' as lower_after_upper",
    );
    expect(r.rows[0]).toEqual({ v15: 't', coll: 'C', utc: 't', d: '2024-01-02', lower_after_upper: 'f' });
  });

  it('runs psql against the cluster', async () => {
    const r = await pg.psql(['-A', '-t', '-c', 'select 40 + 2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('42\n');
  });
});
