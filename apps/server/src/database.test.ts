/** Tables over the wire: `startServer` serves one storage-backed database to psql, pg and psycopg2. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from './start.js';
import { psql, run } from './test-support/run.js';

const dir = mkdtempSync(join(tmpdir(), 'heliosdb-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a data directory served over the wire', () => {
  const dataDir = join(dir, 'data');
  let s: RunningServer;
  const client = (): pg.Client => new pg.Client({ host: '127.0.0.1', port: s.pg.address.port, user: 'postgres' });

  it('psql creates and fills a table; pg reads and writes it with parameters and RETURNING', async () => {
    s = await startServer({ dataDir, port: 0 });
    const r = await psql(s.pg.address.port, ['-U', 'postgres', '-v', 'ON_ERROR_STOP=1'], {}, "create table items (id serial primary key, name text not null, price numeric(10,2));\ninsert into items (name, price) values ('äpfel', 1.5), ('birnen', 2);\nselect * from items order by id;\n");
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('CREATE TABLE\nINSERT 0 2\n id |  name  | price \n----+--------+-------\n  1 | äpfel  |  1.50\n  2 | birnen |  2.00\n(2 rows)\n\n');
    const c = client();
    await c.connect();
    try {
      const ins = await c.query('insert into items (name, price) values ($1, $2) returning id, price', ['kirschen', '3.25']);
      expect(ins.command).toBe('INSERT');
      expect(ins.rows).toEqual([{ id: 3, price: '3.25' }]);
      const sel = await c.query('select name from items where price > $1 order by id', [1.75]);
      expect(sel.rows).toEqual([{ name: 'birnen' }, { name: 'kirschen' }]);
      const upd = await c.query('update items set price = price * 2 where id = $1', [1]);
      expect([upd.command, upd.rowCount]).toEqual(['UPDATE', 1]);
      await expect(c.query('insert into items (name) values ($1)', [null])).rejects.toMatchObject({ code: '23502' });
    } finally {
      await c.end();
    }
  });

  it('isolates an open transaction from other connections until COMMIT; ROLLBACK discards', async () => {
    const a = client();
    const b = client();
    await a.connect();
    await b.connect();
    try {
      await a.query('begin');
      await a.query("insert into items (name) values ('pending')");
      expect((await b.query("select count(*)::int as n from items where name = 'pending'")).rows).toEqual([{ n: 0 }]);
      await a.query('commit');
      expect((await b.query("select count(*)::int as n from items where name = 'pending'")).rows).toEqual([{ n: 1 }]);
      await a.query('begin');
      await a.query("delete from items where name = 'pending'");
      await a.query('rollback');
      expect((await b.query("select count(*)::int as n from items where name = 'pending'")).rows).toEqual([{ n: 1 }]);
    } finally {
      await a.end();
      await b.end();
    }
  });

  it('psycopg2 inserts in its implicit transaction and commits', async () => {
    if (!existsSync('/usr/bin/python3') || (await run('/usr/bin/python3', ['-c', 'import psycopg2'])).code !== 0) return;
    const code = `
import psycopg2
conn = psycopg2.connect(host='127.0.0.1', port=${s.pg.address.port}, user='postgres', dbname='postgres', sslmode='disable')
cur = conn.cursor()
cur.execute("insert into items (name, price) values (%s, %s)", ("py'thon", 9.5))
conn.commit()
cur.execute("select name, price from items where name = %s", ("py'thon",))
print(cur.fetchall())
conn.close()
`;
    const r = await run('/usr/bin/python3', ['-c', code]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe("[(\"py'thon\", Decimal('9.50'))]\n");
  });

  it('psycopg2 creates a table, and conn.rollback() discards its uncommitted inserts', async () => {
    if (!existsSync('/usr/bin/python3') || (await run('/usr/bin/python3', ['-c', 'import psycopg2'])).code !== 0) return;
    const code = `
import psycopg2
conn = psycopg2.connect(host='127.0.0.1', port=${s.pg.address.port}, user='postgres', dbname='postgres', sslmode='disable')
cur = conn.cursor()
cur.execute("create table py_tx (k int primary key, v text)")
cur.execute("insert into py_tx values (%s, %s)", (1, 'kept'))
conn.commit()
cur.execute("insert into py_tx values (%s, %s)", (2, 'rolled back'))
cur.execute("select count(*) from py_tx")
inside = cur.fetchone()[0]
conn.rollback()
cur.execute("select k, v from py_tx order by k")
print(inside, cur.fetchall())
conn.commit()
conn.close()
`;
    const r = await run('/usr/bin/python3', ['-c', code]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe("2 [(1, 'kept')]\n");
  });

  it('keeps the rows across a restart of the server on the same data directory', async () => {
    await s.stop();
    s = await startServer({ dataDir, port: 0 });
    try {
      const r = await psql(s.pg.address.port, ['-U', 'postgres', '-tA', '-c', 'select count(*) from items']);
      expect(r.stdout).toBe('5\n');
    } finally {
      await s.stop();
    }
  });
});
