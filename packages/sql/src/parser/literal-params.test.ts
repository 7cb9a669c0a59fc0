import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PgCluster } from '@heliosdb/testkit';
import { Storage } from '@heliosdb/storage';
import { isSqlError } from '../errors/sql-error.js';
import { textRenderer } from '../output/text-value.js';
import { Session } from '../database/session.js';
import { liftLiterals } from './literal-params.js';
import { loadParser } from './parse-sql.js';

describe('liftLiterals', () => {
  it('lifts int4 and plain string literals after comparisons, padding each placeholder to the literal', () => {
    expect(liftLiterals('SELECT abalance FROM pgbench_accounts WHERE aid = 12345;')).toEqual({
      text: 'SELECT abalance FROM pgbench_accounts WHERE aid = $1   ;',
      params: [12345],
    });
    expect(liftLiterals("select * from t where a = 'x''y' and b<>42 -- note\n")).toEqual({
      text: "select * from t where a = $1     and b<>$2 -- note\n",
      params: ["x'y", 42],
    });
    expect(liftLiterals("SELECT x FROM t /* a = 'no' /* nested */ */ WHERE \"a b\" >= '2024-01-01' AND c = 10")).toEqual({
      text: "SELECT x FROM t /* a = 'no' /* nested */ */ WHERE \"a b\" >= $1           AND c = $2",
      params: ['2024-01-01', 10],
    });
  });

  it.each([
    ['not a SELECT', "UPDATE t SET a = 10 WHERE b = 'x'"],
    ['nothing after a comparison', "SELECT 12345, 'abc' FROM t"],
    ['placeholder longer than the literal', 'SELECT * FROM t WHERE a = 5'],
    ['decimal and exponent', 'SELECT * FROM t WHERE a = 1.50 AND b = 1e10'],
    ['beyond int4', 'SELECT * FROM t WHERE a = 3000000000'],
    ['negative (unary minus)', 'SELECT * FROM t WHERE a = -500'],
    ['E string', "SELECT * FROM t WHERE a = E'a\\nb'"],
    ['typed literal', "SELECT * FROM t WHERE d = date '2024-01-01'"],
    ['string continuation', "SELECT * FROM t WHERE a = 'ab'\n'cd'"],
    ['existing parameter', 'SELECT * FROM t WHERE a = $1 AND b = 100'],
    ['dollar quoting', 'SELECT * FROM t WHERE a = $$abc$$ AND b = 100'],
    ['GROUP BY', 'SELECT a = 100, count(*) FROM t GROUP BY a = 100'],
    ['DISTINCT', 'SELECT DISTINCT a FROM t WHERE b = 100'],
    ['set operation', 'SELECT a FROM t WHERE b = 100 UNION SELECT 1'],
    ['two statements', 'SELECT a FROM t WHERE b = 100; SELECT 2'],
    ['junk after a number', 'SELECT a FROM t WHERE b = 100abc'],
    ['unterminated string', "SELECT a FROM t WHERE b = 'abc"],
    ['astral characters', "SELECT a FROM t WHERE b = '\u{1F600}x'"],
  ])('leaves alone: %s', (_why, sql) => {
    expect(liftLiterals(sql)).toBeUndefined();
  });
});

// The lifted query, prepared with its parameters, must answer exactly as PostgreSQL answers the original
// text: rows, column names and types, and errors with their SQLSTATE, message and position.
describe('lifted queries against PostgreSQL', () => {
  const SETUP = [
    'CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, price numeric(10,2), born date, tags text[], code char(4))',
    "INSERT INTO items VALUES (1, 'ann', 9.50, '2001-02-03', '{a,b}', 'ab'), (12, 'bob', 12.00, '1999-12-31', NULL, NULL), (345, 'cy', NULL, NULL, '{}', 'xyz ')",
  ];
  let pg: PgCluster;
  let session: Session;
  beforeAll(async () => {
    await loadParser();
    pg = await startPostgres();
    for (const s of SETUP) await pg.query(s);
    session = new Session(Storage.memory());
    for (const s of SETUP) await session.execute(s);
  });
  afterAll(async () => {
    await pg?.stop();
  });

  const queries = [
    'SELECT name FROM items WHERE id = 12',
    "SELECT id, price FROM items WHERE name = 'bob'",
    "SELECT id FROM items WHERE price >= '9.50' ORDER BY id",
    "SELECT id FROM items WHERE born < '2000-01-01'",
    "SELECT id, 'lit' FROM items WHERE id <> 345 ORDER BY id",
    "SELECT id FROM items WHERE name = 'ann' /* c */ OR name = 'cy' -- x\nORDER BY id",
    "SELECT id FROM items WHERE tags = '{a,b}'",
    "SELECT id FROM items WHERE code = 'ab' OR code = 'xyz'",
    'SELECT id = 345 AS is_cy FROM items WHERE id >= 12 ORDER BY id',
    "SELECT id FROM items WHERE id = 'abc'",
    "SELECT id FROM items WHERE born = '2001-02-30'",
    'SELECT id FROM items WHERE nosuch = 12',
    "SELECT id FROM items WHERE name = 'x' AND id + 'y' = 10",
    'SELECT id FROM items WHERE name = 12',
  ];
  for (const sql of queries) {
    it(sql, async () => {
      const lifted = liftLiterals(sql);
      expect(lifted, 'the query should be lifted').toBeDefined();
      const ours = await outcome(async () => {
        const r = (await session.prepare(lifted!.text).execute(lifted!.params))!;
        const render = r.fields.map((f) => textRenderer(f.type));
        return { columns: r.fields.map((f) => `${f.name}:${f.dataTypeID === 705 ? 25 : f.dataTypeID}`), rows: r.rows.map((row) => row.map((v, i) => render[i]!(v))) };
      });
      const theirs = await outcome(async () => {
        const r = await pg.query({ text: sql, rowMode: 'array' } as unknown as string);
        return { columns: r.fields.map((f) => `${f.name}:${f.dataTypeID}`), rows: (r.rows as unknown[][]).map((row) => row.map((v) => (v === null ? null : String(v)))) };
      });
      expect(ours).toEqual(theirs);
    });
  }
});

type Outcome = { columns: string[]; rows: (string | null)[][] } | { code: string; message: string; position: number | undefined };

async function outcome(f: () => Promise<Outcome>): Promise<Outcome> {
  try {
    return await f();
  } catch (e) {
    if (isSqlError(e)) return { code: e.code, message: e.message, position: e.position };
    const err = e as { code?: string; message: string; position?: string };
    if (typeof err.code === 'string') return { code: err.code, message: err.message, position: err.position === undefined ? undefined : Number(err.position) };
    throw e;
  }
}
