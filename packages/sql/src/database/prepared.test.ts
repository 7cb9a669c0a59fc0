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
