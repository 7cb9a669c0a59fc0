import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PgCluster } from '@heliosdb/testkit';
import { Storage } from '@heliosdb/storage';
import type { Value } from '@heliosdb/types';
import { loadParser } from '../parser/parse-sql.js';
import { textRenderer } from '../output/text-value.js';
import type { QueryResult } from '../engine/query-result.js';
import { isSqlError } from '../errors/sql-error.js';
import { Session } from './session.js';

const SETUP = [
  'CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, price numeric(10,2), born date, tags text[])',
  "INSERT INTO items VALUES (1, 'ann', 9.50, '2001-02-03', '{a,b}'), (2, 'bob', 12.00, '1999-12-31', NULL), (3, 'cy', NULL, NULL, '{}'), (4, 'dee', 0.99, '2024-02-29', '{c}')",
];

let pg: PgCluster;
beforeAll(async () => {
  await loadParser();
  pg = await startPostgres();
  for (const s of SETUP) await pg.query(s);
});
afterAll(async () => {
  await pg?.stop();
});

async function fresh(): Promise<{ storage: Storage; session: Session }> {
  const storage = Storage.memory();
  const session = new Session(storage);
  for (const s of SETUP) await session.execute(s);
  return { storage, session };
}

type Rows = { rows: (string | null)[][]; columns: string[] };
type Outcome = Rows | { code: string; message: string };

function ours(r: QueryResult | undefined): Rows {
  if (!r) throw new Error('no result');
  const render = r.fields.map((f) => textRenderer(f.type));
  return { columns: r.fields.map((f) => `${f.name}:${f.dataTypeID === 705 ? 25 : f.dataTypeID}`), rows: r.rows.map((row) => row.map((v, i) => render[i]!(v))) };
}

async function outcome(f: () => Promise<Outcome>): Promise<Outcome> {
  try {
    return await f();
  } catch (e) {
    if (isSqlError(e)) return { code: e.code, message: e.message };
    const err = e as { code?: string; message: string };
    if (typeof err.code === 'string') return { code: err.code, message: err.message };
    throw e;
  }
}

async function theirs(sql: string, params: readonly Value[]): Promise<Outcome> {
  return outcome(async () => {
    const r = await pg.query({ text: sql, values: params, rowMode: 'array' } as unknown as string);
    return {
      columns: r.fields.map((f) => `${f.name}:${f.dataTypeID}`),
      rows: (r.rows as unknown[][]).map((row) => row.map((v) => (v === null ? null : String(v)))),
    };
  });
}

describe('PreparedStatement', () => {
  // Each statement is prepared once and executed with several parameter lists (text values and NULL, as a
  // driver sends them); PostgreSQL runs the same text with the same parameters.
  const cases: [string, (string | null)[][]][] = [
    ['SELECT id, name FROM items WHERE id = $1', [['1'], ['3'], [null], ['999'], ['2']]],
    ['SELECT name FROM items WHERE price > $1 ORDER BY name', [['9.5'], ['0'], ['100']]],
    ['SELECT $1::int + id AS s, name FROM items WHERE name = $2', [['10', 'bob'], ['-5', 'ann'], ['1', 'nobody']]],
    ['SELECT count(*) FROM items WHERE born < $1', [['2000-01-01'], ['2030-01-01']]],
    ['SELECT id FROM items WHERE id = $1 OR name = $2 ORDER BY id', [['1', 'cy'], ['4', 'dee']]],
    ['SELECT upper($1) || name AS u FROM items WHERE id = $2', [['x-', '1'], ['', '2']]],
    ['SELECT id FROM items ORDER BY id LIMIT $1', [['2'], ['0'], ['10']]],
    ['SELECT id FROM items WHERE $1 = ANY(tags) ORDER BY id', [['a'], ['c'], ['z']]],
    ['WITH c AS (SELECT id, price FROM items WHERE price IS NOT NULL) SELECT id FROM c WHERE price < $1 ORDER BY id', [['10'], ['1']]],
    ['SELECT i.id, j.id FROM items i JOIN items j ON j.id = i.id + $1 ORDER BY 1', [['1'], ['2']]],
    ['SELECT id FROM items WHERE id = $1', [['12x'], ['3000000000'], ['1']]],
  ];
  for (const [sql, runs] of cases) {
    it(`plans once and answers as PostgreSQL: ${sql}`, async () => {
      const { session } = await fresh();
      const ps = session.prepare(sql);
      for (const params of runs) {
        const mine = await outcome(async () => ours(await ps.execute(params)));
        expect(mine, JSON.stringify(params)).toEqual(await theirs(sql, params));
      }
      expect(ps.plansBuilt).toBe(1);
    });
  }

  it('builds a new plan after DDL: in its own transaction, rolled back, and committed by another session', async () => {
    const { storage, session } = await fresh();
    const ps = session.prepare('SELECT * FROM items WHERE id = $1');
    expect(ours(await ps.execute(['1'])).columns).toEqual(['id:23', 'name:25', 'price:1700', 'born:1082', 'tags:1009']);
    await ps.execute(['2']);
    expect(ps.plansBuilt).toBe(1);

    await session.execute('BEGIN');
    await session.execute('ALTER TABLE items ADD COLUMN extra int DEFAULT 7');
    expect(ours(await ps.execute(['1']))).toMatchObject({ rows: [['1', 'ann', '9.50', '2001-02-03', '{a,b}', '7']] });
    await session.execute('ROLLBACK');
    expect(ours(await ps.execute(['1'])).columns).toHaveLength(5);
    expect(ps.plansBuilt).toBe(3);

    const other = new Session(storage);
    await other.execute('ALTER TABLE items DROP COLUMN tags');
    expect(ours(await ps.execute(['1']))).toEqual({ columns: ['id:23', 'name:25', 'price:1700', 'born:1082'], rows: [['1', 'ann', '9.50', '2001-02-03']] });
    await other.execute('DROP TABLE items');
    expect(await outcome(async () => ours(await ps.execute(['1'])))).toEqual({ code: '42P01', message: 'relation "items" does not exist' });
    await other.execute('CREATE TABLE items (id int PRIMARY KEY, note text)');
    await other.execute("INSERT INTO items VALUES (1, 'new')");
    expect(ours(await ps.execute(['1']))).toEqual({ columns: ['id:23', 'note:25'], rows: [['1', 'new']] });
  });

  it("reads through each execution's transaction: its own uncommitted rows, never another's", async () => {
    const { storage, session } = await fresh();
    const other = new Session(storage);
    const ps = session.prepare('SELECT name FROM items WHERE id = $1');
    const otherPs = other.prepare('SELECT name FROM items WHERE id = $1');
    await session.execute('BEGIN');
    await session.execute("INSERT INTO items (id, name) VALUES (10, 'mine')");
    expect((await ps.execute(['10']))!.rows).toEqual([['mine']]);
    expect((await otherPs.execute(['10']))!.rows).toEqual([]);
    await session.execute('COMMIT');
    expect((await otherPs.execute(['10']))!.rows).toEqual([['mine']]);
    await other.execute('BEGIN');
    await other.execute("UPDATE items SET name = 'theirs' WHERE id = 10");
    expect((await ps.execute(['10']))!.rows).toEqual([['mine']]);
    await other.execute('ROLLBACK');
    expect(ps.plansBuilt).toBe(1);
  });

  it('an error inside a block fails the block until ROLLBACK, as any statement does', async () => {
    const { session } = await fresh();
    const ps = session.prepare('SELECT name FROM items WHERE id = $1');
    await session.execute('BEGIN');
    expect(await outcome(async () => ours(await ps.execute(['x'])))).toEqual({ code: '22P02', message: 'invalid input syntax for type integer: "x"' });
    expect(await outcome(async () => ours(await ps.execute(['1'])))).toMatchObject({ code: '25P02' });
    await session.execute('ROLLBACK');
    expect((await ps.execute(['1']))!.rows).toEqual([['ann']]);
  });

  it("describes a SELECT's columns without running it, also for a table of the open transaction", async () => {
    const { session } = await fresh();
    const d = session.prepare('SELECT id, name, price * $1 AS p FROM items WHERE id = $2').describe();
    expect(d.paramTypes).toEqual([undefined, undefined]);
    expect(d.fields?.map((f) => [f.name, f.dataTypeID])).toEqual([['id', 23], ['name', 25], ['p', 1700]]);
    await session.execute('BEGIN');
    await session.execute('CREATE TABLE fresh_t (a bigint, b bool)');
    expect(session.prepare('SELECT * FROM fresh_t').describe().fields?.map((f) => [f.name, f.dataTypeID])).toEqual([['a', 20], ['b', 16]]);
    expect(session.prepare('INSERT INTO fresh_t VALUES ($1, $2)').describe()).toEqual({ paramTypes: [undefined, undefined], fields: undefined });
    await session.execute('ROLLBACK');
  });

  it('runs DML and utility statements prepared once with each execution parameters', async () => {
    const { session } = await fresh();
    const ins = session.prepare('INSERT INTO items (id, name, price) VALUES ($1, $2, $3) RETURNING id, price');
    expect((await ins.execute(['20', 'x', '1.5']))!.rows).toEqual([[20, '1.50']]);
    expect((await ins.execute([21, 'y', null]))!.rows).toEqual([[21, null]]);
    const upd = session.prepare('UPDATE items SET price = price + $1 WHERE id = $2');
    expect((await upd.execute(['1', '20']))!.rowCount).toBe(1);
    expect((await session.execute('SELECT price FROM items WHERE id = 20'))[0]!.rows).toEqual([['2.50']]);
    expect(await session.prepare('').execute()).toBeUndefined();
  });
});

describe('prepared DML: generic plans reused across executions, interleaved with DDL and search_path', () => {
  // Three engines run the same steps: PostgreSQL (the witness), a session whose DML statements are prepared
  // once for the whole script, and a session running them as text through execute() (its statement cache).
  const DML = {
    ins: 'INSERT INTO acc VALUES ($1, $2, $3)',
    insRet: 'INSERT INTO acc (id, bal) VALUES ($1, $2) RETURNING *',
    hist: 'INSERT INTO hist (aid, delta) VALUES ($1, $2) RETURNING hid, aid, delta, at IS NOT NULL AS stamped',
    upd: 'UPDATE acc SET bal = bal + $1 WHERE id = $2 RETURNING *',
    updNote: 'UPDATE acc SET note = $1 WHERE id = $2',
    del: 'DELETE FROM acc WHERE id = $1 RETURNING id, bal',
    upsert: 'INSERT INTO acc (id, bal) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET bal = acc.bal + EXCLUDED.bal WHERE acc.bal < $3 RETURNING id, bal',
    upsertNothing: 'INSERT INTO acc (id, bal) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    insTwo: 'INSERT INTO acc (id, bal) VALUES ($1, $2), ($3, $4)',
  } as const;
  type Key = keyof typeof DML;
  type Step = { sql: string } | { dml: Key; params: (string | null)[][] };
  const SHOW = 'SELECT * FROM acc ORDER BY id';
  const steps: Step[] = [
    { sql: 'CREATE TABLE acc (id int PRIMARY KEY, bal int NOT NULL CHECK (bal >= -100), note text)' },
    { sql: 'CREATE TABLE hist (hid serial PRIMARY KEY, aid int REFERENCES acc (id), delta int, at timestamptz DEFAULT now())' },
    { dml: 'ins', params: [['1', '10', 'a'], ['2', '20', null], ['3', '30', 'c'], ['1', '5', 'dup'], ['4', null, 'nn'], ['5', '-500', 'chk'], ['x', '1', 'bad'], ['3000000000', '1', 'big'], ['6', '60', 'f']] },
    { dml: 'insRet', params: [['7', '70'], ['7', '71'], ['8', '9.5']] },
    { dml: 'hist', params: [['1', '5'], ['2', '-5'], ['99', '1'], [null, '0'], ['3', 'y']] },
    { dml: 'upd', params: [['1', '1'], ['-1000', '2'], ['5', '999'], ['1', 'z'], ['0', null], ['q', '999']] },
    { dml: 'insTwo', params: [['30', '1', '30', '2'], ['31', '1', '32', 'x'], ['33', '1', '34', '-101'], ['35', '1', '36', '2']] },
    { dml: 'hist', params: [['35', 'y'], ['36', '1']] },
    { dml: 'upsert', params: [['1', '100', '1000'], ['1', '100', '0'], ['50', '5', '0'], ['2', '-1000', '1000']] },
    { dml: 'upsertNothing', params: [['1', '0'], ['51', '1']] },
    { sql: 'ALTER TABLE acc ADD COLUMN flag int DEFAULT 5' },
    { dml: 'ins', params: [['10', '1', 'after-add'], ['10', '2', 'again']] },
    { dml: 'insRet', params: [['11', '11']] },
    { dml: 'upd', params: [['1', '10'], ['1', '11']] },
    { sql: 'CREATE UNIQUE INDEX acc_note ON acc (note)' },
    { dml: 'ins', params: [['12', '1', 'a'], ['13', '1', 'fresh']] },
    { dml: 'updNote', params: [['c', '1'], ['zz', '1']] },
    { dml: 'upsertNothing', params: [['60', '1']] },
    { dml: 'del', params: [['3'], ['999'], ['q']] },
    { dml: 'del', params: [['1']] },
    { sql: 'DROP TABLE hist' },
    { dml: 'del', params: [['1'], ['2']] },
    { dml: 'hist', params: [['2', '1']] },
    { sql: 'DROP TABLE acc' },
    { dml: 'ins', params: [['1', '1', 'gone']] },
    { dml: 'upd', params: [['1', '1']] },
    { sql: 'CREATE TABLE acc (id bigint PRIMARY KEY, bal numeric(8,2) NOT NULL, note varchar(3))' },
    { dml: 'ins', params: [['1', '1.005', 'abc'], ['2', '2', 'abcd'], ['3000000000', '3', 'big']] },
    { dml: 'upd', params: [['0.5', '1'], ['1e7', '1']] },
    { sql: 'CREATE SCHEMA s2' },
    { sql: 'CREATE TABLE s2.acc (id int PRIMARY KEY, bal int NOT NULL, note text)' },
    { sql: 'SET search_path = s2, public' },
    { dml: 'ins', params: [['1', '100', 's2 row'], ['1', '1', 'dup in s2']] },
    { dml: 'upd', params: [['1', '1']] },
    { sql: 'SET search_path = public' },
    { dml: 'ins', params: [['5', '5', 'pub']] },
    { dml: 'upd', params: [['1', '1']] },
    { sql: 'SET search_path = s2, public' },
    { dml: 'del', params: [['1']] },
    { sql: 'RESET search_path' },
  ];

  const CLEAN = ['RESET search_path', 'DROP SCHEMA IF EXISTS s2 CASCADE', 'DROP TABLE IF EXISTS hist, acc CASCADE'];

  it('answers, errs and leaves the tables as PostgreSQL does, rebuilding plans only after DDL or search_path changes', async () => {
    for (const s of CLEAN) await pg.query(s);
    const prepSession = new Session(Storage.memory());
    const textSession = new Session(Storage.memory());
    const prepared = new Map<Key, ReturnType<Session['prepare']>>();
    const runs = new Map<Key, number>();
    try {
      for (const step of steps) {
        if ('sql' in step) {
          await pg.query(step.sql);
          await prepSession.execute(step.sql);
          await textSession.execute(step.sql);
          continue;
        }
        const sql = DML[step.dml];
        let ps = prepared.get(step.dml);
        if (!ps) prepared.set(step.dml, (ps = prepSession.prepare(sql)));
        for (const params of step.params) {
          const expected = await theirs(sql, params);
          const viaPrepared = await outcome(async () => ours(await ps.execute(params)));
          const viaText = await outcome(async () => ours((await textSession.execute(sql, params))[0]));
          const label = `${sql} ${JSON.stringify(params)}`;
          expect(viaPrepared, label).toEqual(expected);
          expect(viaText, label).toEqual(expected);
          runs.set(step.dml, (runs.get(step.dml) ?? 0) + 1);
          const table = await theirs(SHOW, []);
          expect(await outcome(async () => ours((await prepSession.execute(SHOW))[0])), `${label}: ${SHOW}`).toEqual(table);
          expect(await outcome(async () => ours((await textSession.execute(SHOW))[0])), `${label}: ${SHOW}`).toEqual(table);
        }
      }
      // One plan per catalog version (and search_path) a statement ran under, not one per execution.
      for (const [key, ps] of prepared) {
        expect(ps.plansBuilt, key).toBeGreaterThan(0);
        expect(ps.plansBuilt, key).toBeLessThan(runs.get(key)!);
      }
      expect(prepared.get('ins')!.plansBuilt).toBeLessThanOrEqual(7);
    } finally {
      for (const s of CLEAN) await pg.query(s);
    }
  });

  it('evaluates DEFAULT (nextval, now()) per execution and keeps currval in step', async () => {
    const { session } = await fresh();
    await session.execute('CREATE TABLE ev (id serial PRIMARY KEY, v int, at timestamptz DEFAULT now())');
    const ps = session.prepare('INSERT INTO ev (v) VALUES ($1) RETURNING id, at');
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = (await ps.execute([String(i)]))!;
      expect(r.rows[0]![0]).toBe(i + 1);
      seen.push(ours(r).rows[0]![1]!);
      expect((await session.execute('SELECT currval(pg_get_serial_sequence($1, $2))', ['ev', 'id']))[0]!.rows).toEqual([[BigInt(i + 1)]]);
    }
    expect(new Set(seen).size).toBe(5);
    // A bad value fails before the default is drawn, as PostgreSQL's Bind does.
    await expect(ps.execute(['nope'])).rejects.toMatchObject({ code: '22P02' });
    expect((await ps.execute(['9']))!.rows[0]![0]).toBe(6);
    expect(ps.plansBuilt).toBe(1);
  });

  it('keeps no plan for statements whose parameters analysis folds with constants', async () => {
    const { session } = await fresh();
    for (const sql of ['INSERT INTO items (id, name) VALUES ($1 + 100, $2)', 'UPDATE items SET name = $1::text WHERE id = $2', 'DELETE FROM items WHERE id IN (SELECT $1::int)']) {
      const ps = session.prepare(sql);
      await ps.execute(['1', '2'].slice(0, sql.includes('$2') ? 2 : 1));
      expect(ps.plansBuilt, sql).toBe(0);
    }
  });
});
