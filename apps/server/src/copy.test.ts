/**
 * The COPY sub-protocol with real clients: psql's \copy both ways (text and CSV) compared byte for byte
 * with PostgreSQL 15's output for the same table, failures that leave the table as it was, psycopg2's
 * copy_expert (CopyData, CopyDone, CopyFail), and pgbench -i followed by a TPC-B-like run.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PgCluster, startPostgres } from '@heliosdb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from './start.js';
import { psql, run } from './test-support/run.js';

const dir = mkdtempSync(join(tmpdir(), 'heliosdb-copy-'));
let s: RunningServer;
let pgc: PgCluster;

const TABLE = `create table mixed (
  id int primary key, n numeric(12,3), t text, flag bool, at timestamptz, d date, b bytea, arr int[], j jsonb, c varchar(10)
)`;
// Tabs, newlines, CR, backslashes, quotes, commas, '' and NULL, \N as text, non-ASCII, the delimiter.
const ROWS = `insert into mixed values
  (1, 1.5, 'plain', true, '2024-02-29 12:34:56.789012+00', '2024-02-29', '\\x00ff0a', '{1,2,NULL}', '{"a": [1, "x"]}', 'abc'),
  (2, -0.001, E'tab\\there\\nnewline\\r\\nback\\\\slash', false, '1999-12-31 23:59:59+00', '0001-01-01', '\\x', '{}', '"s"', ''),
  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (4, 123456789.5, '', true, 'infinity', 'infinity', '\\x5c4e', '{-1}', 'null', 'x,y'),
  (5, 0, E'\\\\N', false, '2000-01-01 00:00:00+00', '2000-01-01', '\\x41', '{7}', '[]', '"q"'),
  (6, 42, 'ünïcödé 😀 "quoted", comma', true, '2030-06-15 08:00:00.5+00', '2030-06-15', '\\xdeadbeef', '{3,4}', '{"k": "v\\"w"}', E'\\t')`;

beforeAll(async () => {
  pgc = await startPostgres();
  s = await startServer({ memory: true, port: 0 });
  for (const port of [s.pg.address.port, pgc.port]) {
    const r = await sql(port, `${TABLE};\n${ROWS};\n`);
    expect(r.stderr).toBe('');
  }
});
afterAll(async () => {
  await s?.stop();
  await pgc?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const ports = (): { nano: number; pg: number } => ({ nano: s.pg.address.port, pg: pgc.port });

function sql(port: number, script: string): ReturnType<typeof psql> {
  const user = port === pgc?.port ? pgc.user : 'postgres';
  const database = port === pgc?.port ? pgc.database : 'postgres';
  return psql(port, ['-U', user, '-d', database, '-v', 'ON_ERROR_STOP=1', '-q'], { PGTZ: 'UTC' }, script);
}

/** Runs `\copy <spec> <to|from> '<file>' <options>` with psql and returns the file's bytes (for TO). */
async function copyTo(port: number, spec: string, options: string): Promise<{ text: string; stdout: string }> {
  const file = join(dir, `out-${port}-${Math.random().toString(36).slice(2)}`);
  const r = await sql(port, `\\copy ${spec} to '${file}' ${options}\n`);
  expect(r.stderr).toBe('');
  return { text: readFileSync(file, 'utf8'), stdout: r.stdout };
}

describe('psql \\copy against PostgreSQL 15', () => {
  it.each([
    ['text (the default)', ''],
    ['text with a delimiter, a NULL string and a header', "with (delimiter '|', null 'NIL', header)"],
    ['csv', 'with (format csv)'],
    ['csv with a header', 'with (format csv, header)'],
  ])('\\copy table to a file: %s, byte for byte as PostgreSQL writes it', async (_label, options) => {
    const { nano, pg } = ports();
    const ours = await copyTo(nano, '(select * from mixed order by id)', options);
    const theirs = await copyTo(pg, '(select * from mixed order by id)', options);
    expect(ours.text).toBe(theirs.text);
    expect(ours.text.length).toBeGreaterThan(100);
    const table = await copyTo(nano, 'mixed', options);
    expect(table.text).toBe(theirs.text);
  });

  it.each([
    ['text', ''],
    ['csv with a header', 'with (format csv, header)'],
  ])("\\copy from PostgreSQL's own file (%s) loads the same rows", async (_label, options) => {
    const { nano, pg } = ports();
    const file = join(dir, `pg-${Math.random().toString(36).slice(2)}`);
    expect((await sql(pg, `\\copy mixed to '${file}' ${options}\n`)).stderr).toBe('');
    const target = `mixed_in_${Math.random().toString(36).slice(2, 8)}`;
    const load = await sql(nano, `${TABLE.replace('mixed', target)};\n\\copy ${target} from '${file}' ${options}\n`);
    expect(load.stderr).toBe('');
    const back = await copyTo(nano, `(select * from ${target} order by id)`, options);
    expect(back.text).toBe(readFileSync(file, 'utf8'));
    // What psql shows of the loaded table equals PostgreSQL's own table.
    const show = (port: number, t: string) => sql(port, `select * from ${t} order by id;\n`);
    expect((await show(nano, target)).stdout).toBe((await show(pg, 'mixed')).stdout);
  });

  it('reports the row count as COPY n', async () => {
    const { nano } = ports();
    const r = await psql(nano, ['-U', 'postgres', '-v', 'ON_ERROR_STOP=1'], {}, `\\copy mixed to '${join(dir, 'count.txt')}'\n`);
    expect(r.stdout).toBe('COPY 6\n');
  });
});

describe('a COPY that fails changes nothing', () => {
  it.each([
    ['a value that does not parse', 'text', '10\t1\tok\n11\t2\tok\n12\tabc\tbad\n13\t4\tok\n', 'COPY loadme, line 3, column n: invalid input syntax for type integer: "abc"'],
    ['a missing column', 'text', '10\t1\tok\n11\t2\n', 'COPY loadme, line 2: missing data for column "t"'],
    ['an extra column', 'text', '10\t1\tok\textra\n', 'COPY loadme, line 1: extra data after last expected column'],
    ['a duplicate key late in the data', 'text', '20\t1\ta\n21\t1\tb\n1\t1\tc\n', 'COPY loadme, line 3: duplicate key value violates unique constraint "loadme_pkey"'],
    ['a NOT NULL column given \\N', 'text', '30\t\\N\tx\n', 'COPY loadme, line 1: null value in column "n" of relation "loadme" violates not-null constraint'],
    ['a CSV value that does not parse', 'csv', '40,1,ok\n41,x,bad\n', 'invalid input syntax for type integer: "x"'],
  ])('%s: the error names the line and the table keeps its rows', async (_label, format, data, message) => {
    const { nano } = ports();
    const file = join(dir, `bad-${Math.random().toString(36).slice(2)}`);
    writeFileSync(file, data);
    const setup = await sql(nano, "drop table if exists loadme;\ncreate table loadme (id int primary key, n int not null, t text);\ninsert into loadme values (1, 1, 'kept');\n");
    expect(setup.stderr).toBe('');
    const r = await sql(nano, `\\copy loadme from '${file}' with (format ${format})\n`);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(message);
    const after = await psql(nano, ['-U', 'postgres', '-tA'], {}, 'select id, n, t from loadme order by id;\n');
    expect(after.stdout).toBe('1|1|kept\n');
  });

  it('inside a transaction block the failed COPY aborts the block, as in PostgreSQL', async () => {
    const { nano } = ports();
    const file = join(dir, 'bad-in-block.txt');
    writeFileSync(file, '50\tnope\tx\n');
    const r = await psql(nano, ['-U', 'postgres', '-tA'], {}, `drop table if exists blockt;\ncreate table blockt (id int, n int, t text);\nbegin;\ninsert into blockt values (1, 1, 'a');\n\\copy blockt from '${file}'\nselect 1;\nrollback;\nselect count(*) from blockt;\n`);
    expect(r.stderr).toContain('COPY blockt, line 1, column n: invalid input syntax for type integer: "nope"');
    expect(r.stderr).toContain('current transaction is aborted');
    expect(r.stdout.trim().split('\n').pop()).toBe('0');
  });
});

const python = '/usr/bin/python3';

describe('psycopg2 copy_expert', () => {
  it('streams COPY FROM STDIN and TO STDOUT, and a CopyFail from the client rolls the COPY back', async () => {
    const { nano } = ports();
    const script = `
import io, psycopg2
c = psycopg2.connect(host='127.0.0.1', port=${nano}, user='postgres', dbname='postgres')
cur = c.cursor()
cur.execute("create table py_copy (a int, b text)")
cur.copy_expert("copy py_copy from stdin", io.StringIO("".join(f"{i}\\trow {i}\\n" for i in range(1, 5001))))
print(cur.rowcount)
c.commit()
out = io.StringIO()
cur.copy_expert("copy (select * from py_copy where a % 1000 = 0 order by a) to stdout with (format csv, header)", out)
print(out.getvalue(), end='')
class Failing(io.TextIOBase):
    def read(self, size=-1):
        raise RuntimeError("client gave up")
    readline = read
try:
    cur.copy_expert("copy py_copy from stdin", Failing())
except Exception as e:
    print(type(e).__name__, e.pgcode, str(e).splitlines()[0])
c.rollback()
cur.execute("select count(*) from py_copy")
print(cur.fetchone()[0])
c.commit()
`;
    const r = await run(python, ['-c', script]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      ['5000', 'a,b', '1000,row 1000', '2000,row 2000', '3000,row 3000', '4000,row 4000', '5000,row 5000', 'QueryCanceled 57014 COPY from stdin failed: error in .read() call: RuntimeError client gave up', '5000', ''].join('\n'),
    );
  });
});

describe('pgbench', () => {
  // The run: pgbench -c 8 -T 20 (TPC-B-like), then -S.
  it('initializes with pgbench -i (COPY FROM STDIN) and runs TPC-B-like with 8 clients without errors, balances adding up', async () => {
    const { nano } = ports();
    const common = ['-h', '127.0.0.1', '-p', String(nano), '-U', 'postgres'];
    const init = await run('pgbench', ['-i', '-s', '1', ...common, 'postgres'], { PGSSLMODE: 'disable' });
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr).toContain('creating primary keys...');
    expect(init.stderr).not.toContain('error');
    const counts = await psql(nano, ['-U', 'postgres', '-tA'], {}, 'select count(*) from pgbench_accounts;\nselect count(*) from pgbench_tellers;\nselect count(*) from pgbench_branches;\n');
    expect(counts.stdout).toBe('100000\n10\n1\n');
    const bench = await run('pgbench', [...common, '-c', '8', '-j', '2', '-T', '20', 'postgres'], { PGSSLMODE: 'disable' });
    expect(bench.code, bench.stderr).toBe(0);
    expect(bench.stdout).toMatch(/number of failed transactions: 0 \(0\.000%\)/);
    const processed = Number(/number of transactions actually processed: (\d+)/.exec(bench.stdout)?.[1]);
    expect(processed).toBeGreaterThan(100);
    // TPC-B's invariant: every delta went to one account, one teller, one branch and one history row.
    const sums = await psql(nano, ['-U', 'postgres', '-tA'], {}, 'select (select sum(abalance) from pgbench_accounts), (select sum(tbalance) from pgbench_tellers), (select sum(bbalance) from pgbench_branches), (select sum(delta) from pgbench_history), (select count(*) from pgbench_history);\n');
    const [a, t, b, h, n] = sums.stdout.trim().split('|');
    expect(new Set([a, t, b, h]).size).toBe(1);
    expect(Number(n)).toBe(processed);
    const selectOnly = await run('pgbench', [...common, '-S', '-M', 'prepared', '-c', '4', '-j', '2', '-t', '500', 'postgres'], { PGSSLMODE: 'disable' });
    expect(selectOnly.code, selectOnly.stderr).toBe(0);
    expect(selectOnly.stdout).toContain('number of transactions actually processed: 2000/2000');
    const extended = await run('pgbench', [...common, '-S', '-M', 'extended', '-c', '2', '-j', '2', '-t', '500', 'postgres'], { PGSSLMODE: 'disable' });
    expect(extended.code, extended.stderr).toBe(0);
    expect(extended.stdout).toContain('number of transactions actually processed: 1000/1000');
  });
});
