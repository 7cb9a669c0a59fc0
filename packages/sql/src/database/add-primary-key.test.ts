import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PgCluster } from '@heliosdb/testkit';
import { Database } from './database.js';
import { isSqlError } from '../errors/sql-error.js';

// ALTER TABLE ... ADD PRIMARY KEY on a filled table (pgbench -i adds its keys this way), against PostgreSQL 15.
let pg: PgCluster;
beforeAll(async () => {
  pg = await startPostgres();
});
afterAll(async () => {
  await pg?.stop();
});

const SCRIPT = [
  'CREATE TABLE k (a int, b text)',
  "INSERT INTO k VALUES (1, 'x'), (2, 'y')",
  'ALTER TABLE k ADD PRIMARY KEY (a)',
  "INSERT INTO k VALUES (1, 'dup')",
  "INSERT INTO k VALUES (NULL, 'null')",
  "INSERT INTO k VALUES (3, 'z')",
  'ALTER TABLE k ADD PRIMARY KEY (b)',
  'SELECT a, b FROM k WHERE a = 2',
  'CREATE TABLE d (a int)',
  'INSERT INTO d VALUES (1), (NULL)',
  'ALTER TABLE d ADD PRIMARY KEY (a)',
  'DELETE FROM d WHERE a IS NULL',
  'ALTER TABLE d ADD CONSTRAINT d_key PRIMARY KEY (a)',
  'INSERT INTO d VALUES (1)',
];

// Storage words a NULL found by SET NOT NULL as an INSERT's violation ("null value in column ... violates
// not-null constraint"; PostgreSQL: 'column "a" of relation "d" contains null values'), as for ALTER ... SET NOT NULL.
const NOT_NULL_CASE = 'ALTER TABLE d ADD PRIMARY KEY (a)';

describe('ALTER TABLE ADD PRIMARY KEY', () => {
  it('enforces the key on the filled table as PostgreSQL does', async () => {
    const db = await Database.open({ memory: true });
    const ours: unknown[] = [];
    const theirs: unknown[] = [];
    await pg.query('DROP TABLE IF EXISTS k, d');
    for (const sql of SCRIPT) {
      try {
        const r = await db.query(sql);
        ours.push({ command: r.command.split(' ')[0], rows: r.rows.map((row) => row.map(String)) });
      } catch (e) {
        if (!isSqlError(e)) throw e;
        ours.push(sql === NOT_NULL_CASE ? { code: e.code } : { code: e.code, message: e.message });
      }
      try {
        const r = await pg.query({ text: sql, rowMode: 'array' } as unknown as string);
        theirs.push({ command: r.command, rows: (r.rows as unknown[][]).map((row) => row.map(String)) });
      } catch (e) {
        const err = e as { code: string; message: string };
        theirs.push(sql === NOT_NULL_CASE ? { code: err.code } : { code: err.code, message: err.message });
      }
    }
    await db.close();
    expect(ours).toEqual(theirs);
  });
});
