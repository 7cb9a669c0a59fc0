/**
 * A simple query with several statements: each result is sent as its statement completes, an error ends
 * the string (earlier results already sent), and the implicit transaction is all or nothing, as psql
 * shows it from PostgreSQL 15.
 */
import { type PgCluster, startPostgres } from '@heliosdb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from './start.js';
import { psql } from './test-support/run.js';

let s: RunningServer;
let pgc: PgCluster;
beforeAll(async () => {
  pgc = await startPostgres();
  s = await startServer({ memory: true, port: 0 });
});
afterAll(async () => {
  await s?.stop();
  await pgc?.stop();
});

async function both(...commands: string[]): Promise<[string, string]> {
  const args = commands.flatMap((c) => ['-c', c]);
  const ours = await psql(s.pg.address.port, ['-U', 'postgres', ...args]);
  const theirs = await psql(pgc.port, ['-U', pgc.user, '-d', pgc.database, ...args]);
  return [`${ours.stdout}--\n${ours.stderr}`, `${theirs.stdout}--\n${theirs.stderr}`];
}

describe('several statements in one simple query', () => {
  it('sends each result, then the error, and skips the rest', async () => {
    const [ours, theirs] = await both("select 1 as a; select 'x' as b, 2 as c; select 'abc'::int; select 4 as never");
    expect(ours).toBe(theirs);
    expect(ours).toContain(' b | c');
    expect(ours).toContain('invalid input syntax for type integer');
  });

  it('rolls the implicit transaction back on an error, and commits it when all succeed', async () => {
    const [ours, theirs] = await both(
      "create table ms_t (a int); insert into ms_t values (1); insert into ms_t values (2); select count(*) from ms_t; select 'abc'::int",
      "select count(*) from pg_tables where tablename = 'ms_t'",
      'create table ms_t (a int); insert into ms_t values (1), (2) returning a; select sum(a) from ms_t',
      'select * from ms_t order by a; drop table ms_t',
    );
    expect(ours).toBe(theirs);
  });

  it('with its own BEGIN, an error leaves the block failed until ROLLBACK', async () => {
    const [ours, theirs] = await both("begin; select 1 as one; select 'abc'::int; commit", 'select 2 as two');
    expect(ours).toBe(theirs);
  });
});
