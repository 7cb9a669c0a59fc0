/**
 * Real clients against the server: psql (simple protocol, -c and -f), node-postgres (extended protocol,
 * parameters, binary results, a pool of 16) and Python's psycopg2 (libpq, client-side parameters, BEGIN/COMMIT).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgServer } from './server.js';
import { psql, run } from './test-support/run.js';
import { startTestServer } from './test-support/test-server.js';

let server: PgServer;
let port: number;
const dir = mkdtempSync(join(tmpdir(), 'heliosdb-server-'));

beforeAll(async () => {
  server = await startTestServer();
  port = server.address.port;
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('psql', () => {
  it('runs -c with several statements and prints PostgreSQL-formatted results', async () => {
    const r = await psql(port, ['-U', 'postgres', '-c', "select 1 as a, 'héllo wörld' as b; select x from generate_series(1,3) x"]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(' a |      b      \n---+-------------\n 1 | héllo wörld\n(1 row)\n\n x \n---\n 1\n 2\n 3\n(3 rows)\n\n');
  });

  it('runs a -f script with transactions, SET/SHOW and an error with its position', async () => {
    const script = join(dir, 'script.sql');
    writeFileSync(script, "begin;\nselect 2 + 2 as four;\ncommit;\nset application_name = 'nano-test';\nshow application_name;\nselect 1/0;\n");
    const r = await psql(port, ['-U', 'postgres', '-tA', '-f', script]);
    expect(r.stdout).toBe('BEGIN\n4\nCOMMIT\nSET\nnano-test\n');
    expect(r.stderr).toContain('ERROR:  division by zero');
    expect(r.stderr).toContain('LINE 1: select 1/0;');
  });

  it('stops on the first error with ON_ERROR_STOP and exits 3', async () => {
    const r = await psql(port, ['-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-tA'], {}, 'select 1;\nselec 2;\nselect 3;\n');
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('1\n');
    expect(r.stderr).toContain('syntax error at or near "selec"');
  });

  it('reports a failed transaction block and recovers after ROLLBACK', async () => {
    const r = await psql(port, ['-U', 'postgres', '-tA'], {}, 'begin;\nselect 1/0;\nselect 1;\nrollback;\nselect 5;\n');
    expect(r.stderr).toContain('current transaction is aborted, commands ignored until end of transaction block');
    expect(r.stdout).toBe('BEGIN\nROLLBACK\n5\n');
  });
});

describe('node-postgres (pg)', () => {
  const config = (): pg.ClientConfig => ({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });

  it('runs parameterized queries through the extended protocol', async () => {
    const c = new pg.Client(config());
    await c.connect();
    try {
      const r = await c.query('select $1::int + 1 as n, $2::text as t, $3::numeric * 2 as m, $4::bool as b, $5::date as d', [41, 'zoë', '1.25', true, '2024-02-29']);
      expect(r.rows).toEqual([{ n: 43 - 1, t: 'zoë', m: '2.50', b: true, d: new Date('2024-02-29T00:00:00') }]);
      expect(r.fields.map((f) => f.dataTypeID)).toEqual([23, 25, 1700, 16, 1082]);
      expect(r.command).toBe('SELECT');
      expect(r.rowCount).toBe(1);
      const nulls = await c.query('select $1::int is null as isnull', [null]);
      expect(nulls.rows).toEqual([{ isnull: true }]);
      await expect(c.query('select $1::int', ['abc'])).rejects.toMatchObject({ code: '22P02', message: 'invalid input syntax for type integer: "abc"' });
      // The connection is usable after an error in the extended protocol.
      expect((await c.query('select $1::text as x', ['after'])).rows).toEqual([{ x: 'after' }]);
      // A named prepared statement, reused.
      for (const v of [1, 2, 3]) {
        const r2 = await c.query({ name: 'sq', text: 'select $1::int8 * $1::int8 as sq', values: [v] });
        expect(r2.rows).toEqual([{ sq: String(v * v) }]);
      }
    } finally {
      await c.end();
    }
  });

  it('reads binary results (binary: true) for int, float, bool, text, bytea, numeric, date and timestamp', async () => {
    // pg supports `binary` at runtime; @types/pg does not declare it.
    const c = new pg.Client({ ...config(), binary: true } as pg.ClientConfig);
    await c.connect();
    try {
      const r = await c.query(
        "select 7::int2 as a, 123456::int4 as b, 9007199254740993::int8 as c, 1.5::float4 as d, -2.25::float8 as e, true as f, 'ü' as g, '\\x00ff'::bytea as h, 2024-0 as i, '2024-02-29'::date as j, '2024-02-29 12:34:56.789'::timestamp as k",
      );
      expect(r.rows[0]).toMatchObject({ a: 7, b: 123456, c: '9007199254740993', d: 1.5, e: -2.25, f: true, g: 'ü', h: Buffer.from([0, 255]), i: 2024 });
      expect((r.rows[0].j as Date).getTime()).toBe(new Date(2024, 1, 29).getTime());
      expect((r.rows[0].k as Date).getTime()).toBe(new Date(2024, 1, 29, 12, 34, 56, 789).getTime());
    } finally {
      await c.end();
    }
  });

  it('serves a pool of 16 concurrent clients', async () => {
    const pool = new pg.Pool({ ...config(), max: 16 });
    try {
      const results = await Promise.all(
        Array.from({ length: 64 }, (_, i) => pool.query('select $1::int * 2 as v, sum(x)::int as s from generate_series(1, $1::int) x', [i + 1])),
      );
      results.forEach((r, i) => expect(r.rows).toEqual([{ v: (i + 1) * 2, s: ((i + 1) * (i + 2)) / 2 }]));
      expect(pool.totalCount).toBe(16);
    } finally {
      await pool.end();
    }
  });
});

const python = '/usr/bin/python3';
const hasPsycopg = existsSync(python) && (await run(python, ['-c', 'import psycopg2'])).code === 0;

describe.skipIf(!hasPsycopg)('Python psycopg2', () => {
  it('connects, runs a parameterized select inside its implicit BEGIN, commits', async () => {
    const code = `
import psycopg2, json
conn = psycopg2.connect(host='127.0.0.1', port=${port}, user='postgres', dbname='postgres', sslmode='disable')
cur = conn.cursor()
cur.execute("select %s::int + 1, %s::text, %s::numeric", (41, "it's ü", "1.10"))
row = cur.fetchone()
cur.execute("select x from generate_series(1, %s) x", (3,))
rows = cur.fetchall()
conn.commit()
print(json.dumps({"row": [row[0], row[1], str(row[2])], "rows": rows, "status": conn.get_transaction_status(), "version": conn.server_version}))
conn.close()
`;
    const r = await run(python, ['-c', code]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ row: [42, "it's ü", '1.10'], rows: [[1], [2], [3]], status: 0, version: 150000 });
  });

  it('sees SQLSTATE and message of errors', async () => {
    const code = `
import psycopg2
conn = psycopg2.connect(host='127.0.0.1', port=${port}, user='postgres', dbname='postgres', sslmode='disable')
cur = conn.cursor()
try:
    cur.execute("select 1/0")
except psycopg2.Error as e:
    print(e.pgcode, e.diag.message_primary)
conn.rollback()
cur.execute("select 'ok'")
print(cur.fetchone()[0])
`;
    const r = await run(python, ['-c', code]);
    expect(r.stdout).toBe('22012 division by zero\nok\n');
  });
});

const hasSqlAlchemy = hasPsycopg && (await run(python, ['-c', 'import sqlalchemy'])).code === 0;

describe.skipIf(!hasSqlAlchemy)('Python SQLAlchemy (psycopg2 dialect)', () => {
  it('connects (version, current_schema, isolation level, standard_conforming_strings) and runs text and Core queries', async () => {
    // use_native_hstore=False: the dialect would otherwise look up hstore in pg_type, which Nano has no catalog for yet.
    const code = `
import sqlalchemy as sa
e = sa.create_engine('postgresql+psycopg2://postgres@127.0.0.1:${port}/postgres', use_native_hstore=False)
with e.connect() as c:
    print(c.execute(sa.text('select cast(:a as int) + 1 as n, :b as s'), {'a': 41, 'b': 'ü'}).fetchall())
    print(c.execute(sa.select(sa.literal(5).label('five'))).scalar())
print(e.dialect.server_version_info)
`;
    const r = await run(python, ['-c', code]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe("[(42, 'ü')]\n5\n(15, 0)\n");
  });
});
