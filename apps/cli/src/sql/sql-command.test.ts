import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, tempDir, type PgCluster } from '@heliosdb/testkit';

const bin = fileURLToPath(new URL('../../../../bin/heliosdb-nano', import.meta.url));

/** Runs `heliosdb-nano sql` on a data directory; the same arguments go to the real psql. */
function nano(dataDir: string, args: string[], input = '') {
  return spawnSync(bin, ['sql', '--data-dir', dataDir, ...args], { encoding: 'utf8', input });
}

const SETUP = `
create table items (id int primary key, name text not null, price numeric(10,2), tags text[], added date);
insert into items values
  (1, 'plain', 9.99, '{a,b}', '2024-01-02'),
  (2, 'with | pipe', NULL, NULL, NULL),
  (3, 'quote "and" comma, here', 1234567.5, '{"x y",NULL}', '1999-12-31'),
  (4, 'ünïcödé 美咲', -0.01, '{}', '2038-01-19');
`;

const QUERIES = [
  'select * from items order by id',
  'select id, name from items where price is null',
  'select count(*), sum(price), max(name) from items',
  "select name || '!' as shout, length(name) from items order by id desc limit 2",
  'update items set price = price * 2 where id < 3',
  "insert into items values (5, 'five', 5, '{5}', '2005-05-05') returning id, name",
  'delete from items where id = 5',
  'select * from items where id > 100',
];

describe('heliosdb-nano sql prints what psql prints', () => {
  let pg: PgCluster;
  const dir = tempDir();
  const dataDir = join(dir.path, 'db');
  beforeAll(async () => {
    pg = await startPostgres();
    const ours = nano(dataDir, ['--create', '-q', '-c', SETUP]);
    expect(ours.stderr).toBe('');
    expect(ours.status).toBe(0);
    const theirs = await pg.psql(['-q', '-c', SETUP]);
    expect(theirs.stderr).toBe('');
  });
  afterAll(async () => {
    await pg?.stop();
    dir.cleanup();
  });

  for (const flags of [[], ['-A'], ['-t'], ['-A', '-t', '-F', ';'], ['--csv']]) {
    it(`matches psql byte for byte with [${flags.join(' ')}]`, async () => {
      // Several -c options run in order in one invocation, in psql as in ours.
      const commands = QUERIES.flatMap((q) => ['-c', q]);
      const theirs = await pg.psql([...flags, ...commands]);
      const ours = nano(dataDir, [...flags, ...commands]);
      expect(theirs.stderr).toBe('');
      expect({ out: ours.stdout, err: ours.stderr, code: ours.status }).toEqual({ out: theirs.stdout, err: '', code: theirs.code });
    });
  }

  it('runs a script from stdin statement by statement, as psql does', async () => {
    const script = "select 1 as one;\n-- a comment; with a semicolon\nselect 'a;b' as semi;\nselect $$x;y$$ as dollar;\n";
    const theirs = await pg.psql(['-f', '-'], script);
    const ours = nano(dataDir, [], script);
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.status).toBe(0);
  });

  it('prints errors in psql form on stderr and exits non-zero', async () => {
    const q = 'select * from nope where x';
    const theirs = await pg.psql(['-c', q]);
    const ours = nano(dataDir, ['-c', q]);
    expect(ours.status).toBe(1);
    expect(ours.stdout).toBe('');
    expect(ours.stderr).toBe(theirs.stderr);
    const dup = nano(dataDir, ['-c', "insert into items values (1, 'dup', 1, null, null)"]);
    const dupPg = await pg.psql(['-c', "insert into items values (1, 'dup', 1, null, null)"]);
    expect(dup.stderr).toBe(dupPg.stderr);
  });

  it('stops a script at the first error with exit code 3 (ON_ERROR_STOP)', async () => {
    const script = 'select 1;\nselect 1/0;\nselect 2;\n';
    const theirs = await pg.psql(['-v', 'ON_ERROR_STOP=1', '-f', '-'], script);
    const ours = nano(dataDir, [], script);
    expect(ours.status).toBe(3);
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stderr).toMatch(/^ERROR: {2}division by zero\n/);
  });
});
