import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgDate } from '@heliosdb/types';
import { Database } from './database.js';
import { SqlError } from '../errors/sql-error.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function failure(p: Promise<unknown>): Promise<SqlError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SqlError) return e;
    throw e;
  }
  throw new Error('expected the statement to fail');
}

async function memoryDb(): Promise<Database> {
  const db = await Database.open({ memory: true });
  await db.query('CREATE TABLE t (id serial PRIMARY KEY, name text NOT NULL, score int CHECK (score >= 0), born date)');
  return db;
}

describe('Database', () => {
  it('runs a text kept prepared by one transaction in the next ones, against each one\'s catalog', async () => {
    const db = await memoryDb();
    const ins = 'INSERT INTO t (name, score) VALUES ($1, $2) RETURNING *';
    const first = await db.transaction((tx) => tx.query(ins, ['a', 1]));
    expect(first.rows).toEqual([[1, 'a', 1, null]]);
    await db.query('ALTER TABLE t ADD COLUMN extra text DEFAULT $$x$$');
    const second = await db.transaction((tx) => tx.query(ins, ['b', 2]));
    expect(second.rows).toEqual([[2, 'b', 2, null, 'x']]);
    await db.query('ALTER TABLE t DROP COLUMN extra');
    expect((await failure(db.transaction((tx) => tx.query(ins, ['c', -1])))).code).toBe('23514');
    expect((await db.transaction((tx) => tx.query(ins, ['d', 4]))).rows).toEqual([[4, 'd', 4, null]]);
    expect((await db.query('SELECT name FROM t ORDER BY id')).rows).toEqual([['a'], ['b'], ['d']]);
    await db.close();
  });

  it('binds $n parameters by their JS types and string parameters like untyped literals', async () => {
    const db = await memoryDb();
    const ins = await db.query('INSERT INTO t (name, score, born) VALUES ($1, $2, $3), ($4, $5, $6) RETURNING id', ['a', 1, '2024-02-29', 'b', 2, new PgDate(0)]);
    expect([ins.command, ins.rowCount, ins.rows]).toEqual(['INSERT', 2, [[1], [2]]]);
    const r = await db.query('SELECT name, born FROM t WHERE score = $1', [2]);
    expect(r.rows).toEqual([['b', new PgDate(0)]]);
    expect(r.fields.map((f) => [f.name, f.dataTypeID])).toEqual([['name', 25], ['born', 1082]]);
    expect((await failure(db.query('SELECT $2', [1]))).code).toBe('42P02');
    expect((await failure(db.query('INSERT INTO t (name, score) VALUES ($1, $2)', ['c', 'many']))).code).toBe('22P02');
    await db.close();
  });

  it('keeps data in a data directory across close and reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heliosdb-sql-'));
    dirs.push(dir);
    const db = await Database.open({ dataDir: join(dir, 'data'), create: true });
    await db.query('CREATE TABLE kv (k text PRIMARY KEY, v bigint, added timestamp DEFAULT now())');
    await db.query("INSERT INTO kv (k, v) VALUES ('x', 9007199254740993)");
    await db.close();
    const again = await Database.open({ dataDir: join(dir, 'data') });
    const r = await again.query("SELECT k, v, added IS NOT NULL FROM kv WHERE k = 'x'");
    expect(r.rows).toEqual([['x', 9007199254740993n, true]]);
    await again.close();
  });

  it('fails every statement after an error inside BEGIN with 25P02 until ROLLBACK', async () => {
    const db = await memoryDb();
    await db.query('BEGIN');
    await db.query("INSERT INTO t (name) VALUES ('kept?')");
    const e = await failure(db.query('INSERT INTO t (name, score) VALUES ($1, -1)', ['bad']));
    expect([e.code, e.message]).toEqual(['23514', 'new row for relation "t" violates check constraint "t_score_check"']);
    const aborted = await failure(db.query('SELECT 1'));
    expect([aborted.code, aborted.message]).toEqual(['25P02', 'current transaction is aborted, commands ignored until end of transaction block']);
    expect((await db.query('COMMIT')).command).toBe('ROLLBACK');
    expect((await db.query('SELECT count(*) FROM t')).rows).toEqual([[0n]]);
    await db.close();
  });

  it('commits transaction() when the callback resolves and rolls back when it throws', async () => {
    const db = await memoryDb();
    await db.transaction(async (tx) => {
      await tx.query("INSERT INTO t (name) VALUES ('in')");
      // Other sessions do not see uncommitted rows.
      expect((await db.query('SELECT count(*) FROM t')).rows).toEqual([[0n]]);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO t (name) VALUES ('lost')");
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect((await db.query('SELECT name FROM t')).rows).toEqual([['in']]);
    await db.close();
  });

  it('streams rows lazily from a consistent snapshot', async () => {
    const db = await memoryDb();
    await db.query("INSERT INTO t (name, score) SELECT 'n' || x, x FROM generate_series(1, 1000) x");
    const seen: number[] = [];
    for await (const row of db.stream('SELECT score FROM t WHERE score % 100 = 0 ORDER BY score')) seen.push(row[0] as number);
    expect(seen).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    const it = db.stream('SELECT id FROM t');
    const first = await it.next();
    await db.query('DELETE FROM t');
    let n = first.done ? 0 : 1;
    for await (const _ of it) n++;
    expect(n).toBe(1000);
    await db.close();
  });

  it('uses the primary key and secondary indexes for ranges (EXPLAIN), with the rows a scan gives', async () => {
    const db = await memoryDb();
    await db.query('CREATE INDEX t_score ON t (score)');
    await db.query("INSERT INTO t (name, score) SELECT 'n' || x, CASE WHEN x % 10 = 0 THEN NULL ELSE x % 7 END FROM generate_series(1, 60) x");
    const plan = async (sql: string) => (await db.query(`EXPLAIN ${sql}`)).rows.map((r) => r[0]);
    const ranged = [
      'id > 50',
      'id >= 50 AND id < 55',
      '10 > id',
      'id BETWEEN 20 AND 25',
      'score > 4',
      'score <= 1',
      '3 <= score AND score < 5',
      'score > NULL',
      'score BETWEEN 2 AND 2',
    ];
    for (const w of ranged) {
      expect(await plan(`SELECT * FROM t WHERE ${w}`)).toEqual([expect.stringMatching(/^Index Scan using t_(pkey|score) on t$/)]);
      // The same rows as a sequential scan's: the predicate wrapped so no index can take it.
      const viaIndex = (await db.query(`SELECT id FROM t WHERE ${w} ORDER BY id`)).rows;
      const viaScan = (await db.query(`SELECT id FROM t WHERE (${w}) IS TRUE ORDER BY id`)).rows;
      expect(await plan(`SELECT id FROM t WHERE (${w}) IS TRUE`)).toEqual(['Seq Scan on t']);
      expect(viaIndex).toEqual(viaScan);
    }
    expect((await db.query('SELECT count(*) FROM t WHERE score > 4')).rows).toEqual([[14n]]);
    // UPDATE and DELETE take the same ranges.
    expect((await db.query('DELETE FROM t WHERE id > 55')).rowCount).toBe(5);
    expect((await db.query('UPDATE t SET name = upper(name) WHERE score BETWEEN 5 AND 6')).rowCount).toBe(
      Number((await db.query("SELECT count(*) FROM t WHERE name LIKE 'N%'")).rows[0]![0]),
    );
    await db.close();
  });

  it('uses the primary key and secondary indexes for equality lookups (EXPLAIN)', async () => {
    const db = await memoryDb();
    await db.query('CREATE INDEX t_score ON t (score)');
    const plan = async (sql: string) => (await db.query(`EXPLAIN ${sql}`)).rows.map((r) => r[0]);
    expect(await plan('SELECT * FROM t WHERE id = 3')).toEqual(['Index Scan using t_pkey on t']);
    expect(await plan('SELECT * FROM t WHERE score = $1 AND name <> $2'.replace('$1', '5').replace('$2', "'x'"))).toEqual(['Index Scan using t_score on t']);
    expect(await plan("SELECT * FROM t WHERE name > 'm'")).toEqual(['Seq Scan on t']);
    expect(await plan('SELECT * FROM t WHERE id = score')).toEqual(['Seq Scan on t']);
    await db.query("INSERT INTO t (name, score) SELECT 'n' || x, x % 7 FROM generate_series(1, 50) x");
    expect((await db.query('SELECT count(*) FROM t WHERE score = 3')).rows).toEqual([[7n]]);
    expect((await db.query('SELECT name FROM t WHERE id = 20')).rows).toEqual([['n20']]);
    expect((await db.query('SELECT name FROM t WHERE id = 20 AND score = 0')).rows).toEqual([]);
    await db.close();
  });

  it('draws identity and serial values from sequences and honours GENERATED ALWAYS', async () => {
    const db = await Database.open({ memory: true });
    await db.query('CREATE TABLE g (id int GENERATED ALWAYS AS IDENTITY, b bigserial, x text)');
    const r = await db.query("INSERT INTO g (x) VALUES ('a'), ('b') RETURNING id, b");
    expect(r.rows).toEqual([[1, 1n], [2, 2n]]);
    const e = await failure(db.query("INSERT INTO g (id, x) VALUES (5, 'c')"));
    expect([e.code, e.message]).toEqual(['428C9', 'cannot insert a non-DEFAULT value into column "id"']);
    expect((await db.query("INSERT INTO g OVERRIDING SYSTEM VALUE VALUES (5, DEFAULT, 'c') RETURNING *")).rows).toEqual([[5, 3n, 'c']]);
    await db.close();
  });
});

describe('Database multi-statement strings', () => {
  it('runs several statements as one implicit transaction, all or nothing', async () => {
    const db = await memoryDb();
    const all = await db.queryAll("INSERT INTO t (name) VALUES ('a'); INSERT INTO t (name) VALUES ('b'); SELECT count(*) FROM t");
    expect(all.map((r) => r.command)).toEqual(['INSERT', 'INSERT', 'SELECT']);
    expect(all[2]!.rows).toEqual([[2n]]);
    const e = await failure(db.query("INSERT INTO t (name) VALUES ('c'); INSERT INTO t (name) VALUES (NULL)"));
    expect(e.code).toBe('23502');
    expect((await db.query('SELECT count(*) FROM t')).rows).toEqual([[2n]]);
    await db.close();
  });
});
