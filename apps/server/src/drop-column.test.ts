/**
 * ALTER TABLE ... DROP COLUMN takes the CHECK constraints that read the column with it (column and table
 * constraints, quoted names) and keeps the others enforced: the transcript over node-postgres equals PostgreSQL 15's.
 */
import { type PgCluster, startPostgres } from '@heliosdb/testkit';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer, startServer } from './start.js';

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

const SCRIPT = [
  'create table dc (a int, b text check (length(b) < 5), c int check (c > 0), d int, "Q" int check ("Q" <> 0), check (d > a), constraint named_two check (c < d))',
  "insert into dc values (1, 'x', 2, 3, 1)",
  "insert into dc values (1, 'x', -2, 3, 1)",
  'alter table dc drop column c',
  "insert into dc values (1, 'ok', 7, 2)",
  "insert into dc values (5, 'ok', 0, 4)",
  'alter table dc drop column a',
  "insert into dc (b, d, \"Q\") values ('ok', -5, 2)",
  "insert into dc (b, d) values ('toolong', 1)",
  "insert into dc (b, d, \"Q\") values ('ok', 1, 0)",
  'alter table dc drop column "Q"',
  "select conname, pg_get_constraintdef(oid) from pg_constraint where conrelid = 'dc'::regclass order by conname",
  'select * from dc order by d',
];

async function transcript(c: pg.Client): Promise<unknown[]> {
  await c.connect();
  const out: unknown[] = [];
  try {
    for (const text of SCRIPT) {
      try {
        const r = await c.query({ text, rowMode: 'array' });
        out.push({ command: r.command, rows: r.rows });
      } catch (e) {
        const err = e as { code?: string; message: string };
        out.push({ error: err.code, message: err.message });
      }
    }
  } finally {
    await c.end();
  }
  return out;
}

it('drops the CHECK constraints that read a dropped column, as PostgreSQL 15 does', async () => {
  const ours = await transcript(new pg.Client({ host: '127.0.0.1', port: s.pg.address.port, user: 'postgres', database: 'postgres' }));
  const theirs = await transcript(new pg.Client({ host: '127.0.0.1', port: pgc.port, user: pgc.user, database: pgc.database }));
  expect(ours).toEqual(theirs);
});
