/**
 * psql's meta-commands (\dt, \d table, \di, \dn, \l, \dv, \ds, \d) against our server and against a real
 * PostgreSQL 15 holding the same schema: psql runs the same catalog queries on both (captured with
 * `psql -E`), and its output must be byte-equal wherever OIDs do not show.
 */
import { type PgCluster, hasPostgres, startPostgres } from '@heliosdb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from './start.js';
import { psql } from './test-support/run.js';

const SCHEMA = `
CREATE TABLE authors (id serial PRIMARY KEY, name text NOT NULL UNIQUE, born date);
CREATE TABLE books (
  id int PRIMARY KEY,
  author_id int REFERENCES authors(id) ON DELETE CASCADE,
  title varchar(200) NOT NULL,
  price numeric(10,2) DEFAULT 0 CHECK (price >= 0),
  qty int CHECK (qty >= 0),
  status text DEFAULT 'new' CHECK (status IN ('new', 'sold')),
  rating float8 DEFAULT -1 CHECK (rating BETWEEN -1 AND 5.5),
  tags text[],
  added timestamptz
);
CREATE INDEX books_title_idx ON books (title);
CREATE UNIQUE INDEX books_author_title ON books (author_id, title);
CREATE TABLE reviews (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, book int NOT NULL REFERENCES books(id), stars smallint, body text);
CREATE VIEW cheap AS SELECT id, title FROM books WHERE price < 10;
CREATE VIEW by_author AS SELECT a.name, count(*) AS books FROM authors a JOIN books b ON b.author_id = a.id GROUP BY a.name ORDER BY a.name;
CREATE SEQUENCE counter START 5 INCREMENT 2;
CREATE TABLE misc (a int, b text DEFAULT 'x', c varchar(5) CHECK (c <> 'bad'), d int, f date DEFAULT CURRENT_DATE);
ALTER TABLE misc DROP COLUMN d;
ALTER TABLE misc RENAME COLUMN a TO aa;
ALTER TABLE misc ADD COLUMN e boolean DEFAULT false NOT NULL;
ALTER TABLE misc ADD CONSTRAINT misc_aa_positive CHECK (aa > 0);
CREATE INDEX misc_b_c ON misc (b, c);
CREATE SCHEMA archive;
CREATE TABLE archive.old_books (id int PRIMARY KEY, title text);
CREATE TABLE keyed (aid int, bid int, filler char(10));
INSERT INTO keyed VALUES (1, 1, 'x'), (2, 1, 'y');
ALTER TABLE keyed ADD PRIMARY KEY (aid);
ALTER TABLE keyed ADD CONSTRAINT keyed_bid_filler UNIQUE (bid, filler);
CREATE TABLE keyed_ref (id int PRIMARY KEY, aid int REFERENCES keyed);
CREATE TABLE keyed2 (k text, v int);
ALTER TABLE keyed2 ADD CONSTRAINT keyed2_key PRIMARY KEY (k, v);
`;

const COMMANDS = [
  '\\dt',
  '\\d books',
  '\\d misc',
  '\\d misc_b_c',
  '\\d authors',
  '\\d reviews',
  '\\di',
  '\\dn',
  '\\dv',
  '\\ds',
  '\\d',
  '\\d cheap',
  '\\d counter',
  '\\d authors_id_seq',
  '\\d books_title_idx',
  '\\d books_pkey',
  '\\dt archive.*',
  '\\d archive.old_books',
  '\\l postgres',
  '\\d+ books',
  '\\d+ cheap',
  '\\d+ by_author',
  '\\df',
  '\\dT',
  '\\du',
  '\\dp books',
  // Keys added by ALTER TABLE to filled tables (pgbench -i does this): a PRIMARY KEY, as PostgreSQL shows it.
  '\\d keyed',
  '\\d keyed_pkey',
  '\\d keyed2',
  '\\d keyed_ref',
  "SELECT table_name, constraint_name, constraint_type FROM information_schema.table_constraints WHERE table_name LIKE 'keyed%' AND constraint_type <> 'CHECK' ORDER BY 1, 2",
  "SELECT table_name, column_name, constraint_name, ordinal_position FROM information_schema.key_column_usage WHERE table_name LIKE 'keyed%' ORDER BY 1, 3, 4",
  "SELECT conname, contype, conrelid::regclass, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid::regclass::text LIKE 'keyed%' ORDER BY 1",
  "SELECT indexrelid::regclass, indisprimary, indisunique, indnatts FROM pg_index WHERE indrelid::regclass::text LIKE 'keyed%' ORDER BY indexrelid::regclass::text",
];

const skip = !hasPostgres();
let pgc: PgCluster;
let server: RunningServer;

beforeAll(async () => {
  if (skip) return;
  pgc = await startPostgres();
  server = await startServer({ memory: true, port: 0 });
  const env = { PGPORT: String(pgc.port), PGHOST: '127.0.0.1', PGUSER: 'postgres', PGDATABASE: 'postgres' };
  const theirs = await psql(pgc.port, ['-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-q'], env, SCHEMA);
  expect(theirs.stderr).toBe('');
  const ours = await psql(server.pg.address.port, ['-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-q'], {}, SCHEMA);
  expect(ours.stderr).toBe('');
});

afterAll(async () => {
  await server?.stop();
  await pgc?.stop();
});

const SETTINGS_SCRIPT = `SET application_name = 'meta';
SHOW application_name;
SELECT name, setting, unit FROM pg_settings WHERE name IN ('application_name', 'statement_timeout', 'DateStyle') ORDER BY 1;
BEGIN;
SET LOCAL statement_timeout = '3s';
SHOW statement_timeout;
COMMIT;
SHOW statement_timeout;
SET LOCAL statement_timeout = '4s';
SET search_path = archive, public;
\\dt
\\d old_books
SELECT current_schema(), current_setting('search_path'), 'old_books'::regclass;
RESET search_path;
SELECT 'old_books'::regclass;
`;

describe.skipIf(skip)('SET/SHOW and search_path through psql match PostgreSQL 15', () => {
  it('runs the same settings script with the same output and warnings', async () => {
    const theirs = await psql(pgc.port, ['-U', 'postgres'], {}, SETTINGS_SCRIPT);
    const ours = await psql(server.pg.address.port, ['-U', 'postgres'], {}, SETTINGS_SCRIPT);
    expect(theirs.stdout).toContain('archive | old_books');
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stderr).toBe(theirs.stderr);
  });
});

describe.skipIf(skip)('psql meta-commands match PostgreSQL 15', () => {
  for (const cmd of COMMANDS) {
    it(cmd, async () => {
      const theirs = await psql(pgc.port, ['-U', 'postgres', '-c', cmd]);
      const ours = await psql(server.pg.address.port, ['-U', 'postgres', '-c', cmd]);
      expect(theirs.stderr).toBe('');
      expect(ours.stderr).toBe('');
      expect(ours.stdout).toBe(theirs.stdout);
    });
  }
});
