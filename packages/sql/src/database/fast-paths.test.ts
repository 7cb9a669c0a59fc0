/**
 * The fast paths behind `db.query(sql, params)` in a loop (the SQL benchmark's workload): statement texts kept
 * prepared, index accesses that replace the WHERE filter, parameters converted once per execution, hash keys
 * without strings, reused aggregate arguments. Each query runs several times with several parameter lists
 * through Session.execute and must answer, or fail, exactly as PostgreSQL 15 does for the same text and values,
 * on data with the edges a broken fast path gets wrong: NULLs, -0 and NaN, empty strings, int4 limits, rows
 * deleted and written in the same transaction.
 */
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
  'CREATE TABLE f (id bigint PRIMARY KEY, k int, s text, x float8, g int)',
  'CREATE INDEX f_s ON f (s)',
  'CREATE INDEX f_k ON f (k)',
  "INSERT INTO f VALUES (1, 10, 'a', 0.5, 1), (2, NULL, 'b', '-0', 1), (3, 30, NULL, 'NaN', 2), (4, 40, 'd', 0, NULL), (5, 10, 'a', NULL, 2), (6, -5, '', 'Infinity', 3), (7, 2147483647, 'zz', -1.5, 3), (8, -2147483648, 'é', 2.25, 3)",
  'CREATE TABLE dm (id int PRIMARY KEY, label text)',
  "INSERT INTO dm VALUES (10, 'ten'), (30, 'thirty'), (40, NULL), (-5, 'neg'), (99, 'a')",
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

async function fresh(): Promise<Session> {
  const session = new Session(Storage.memory());
  for (const s of SETUP) await session.execute(s);
  return session;
}

type Outcome = { columns: string[]; rows: (string | null)[][] } | { code: string; message: string };

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

function ours(r: QueryResult): Outcome {
  const render = r.fields.map((f) => textRenderer(f.type));
  return { columns: r.fields.map((f) => `${f.name}:${f.dataTypeID}`), rows: r.rows.map((row) => row.map((v, i) => render[i]!(v))) };
}

async function theirs(sql: string, params: readonly Value[]): Promise<Outcome> {
  return outcome(async () => {
    const values = params.map((v) => (typeof v === 'bigint' ? String(v) : v));
    const r = await pg.query({ text: sql, values, rowMode: 'array' } as unknown as string);
    return {
      columns: r.fields.map((f) => `${f.name}:${f.dataTypeID}`),
      rows: (r.rows as unknown[][]).map((row) => row.map((v) => (v === null ? null : Array.isArray(v) ? `{${v.join(',')}}` : String(v)))),
    };
  });
}

/**
 * Statement texts and the parameter lists each runs with (twice over, so the second round is all cache hits).
 * Values are those PostgreSQL gets as text too (strings, and numbers and bigints whose type is the one the text
 * would take): a JS number 2.5 is a float8 here, where pg sends '2.5' untyped.
 */
const CASES: [string, Value[][]][] = [
  // Point lookups on a bigint primary key: int4, bigint and untyped values, NULL, a bad value, a missing row.
  ['SELECT * FROM f WHERE id = $1', [[1], [8], [9], [null], ['3'], [3n], ['12x'], ['2.5']]],
  ['SELECT id, s FROM f WHERE $1 = id', [[7], ['6']]],
  // Ranges: both bounds, reversed, NULL bounds, BETWEEN, one side only, two bounds on one side, a residual conjunct.
  ['SELECT id FROM f WHERE id >= $1 AND id < $2 ORDER BY id', [[2, 5], [5, 2], [null, 3], ['2', '4'], [0, 100]]],
  ['SELECT id FROM f WHERE id BETWEEN $1 AND $2 ORDER BY id', [[2, 4], [4, 2], [1, null]]],
  ['SELECT id FROM f WHERE id > $1 ORDER BY id', [[5], [-1]]],
  ['SELECT id FROM f WHERE id > $1 AND id > $2 ORDER BY id', [[1, 4], [4, 1]]],
  ['SELECT id FROM f WHERE id <= $1 AND k = $2 ORDER BY id', [[5, 10], [4, 10], [9, -5]]],
  ['SELECT id FROM f WHERE id <= $1 AND id < 100 AND s IS NOT NULL ORDER BY id', [[5], [9]]],
  // Secondary indexes with NULLs: text (empty string, non-ASCII) and int (int4 limits).
  ['SELECT id FROM f WHERE s = $1 ORDER BY id', [['a'], [''], [null], ['é'], ['zzz']]],
  ['SELECT id FROM f WHERE s > $1 ORDER BY id', [['a'], [''], ['z']]],
  ['SELECT id FROM f WHERE s < $1 ORDER BY id', [['b'], ['ê']]],
  ['SELECT id FROM f WHERE k < $1 ORDER BY id', [[35], [-2147483648], [2147483647]]],
  ['SELECT id FROM f WHERE k >= $1 ORDER BY id', [[10], [-2147483648], ['30'], ['3000000000']]],
  // Full scans with a parameter converted per execution (int4 -> float8), NaN and -0 in the data.
  ['SELECT count(*) FROM f WHERE x > $1', [[0], [-1], [-2], ['NaN'], ['-Infinity'], [null]]],
  ['SELECT count(*), sum(x) FROM f WHERE x <= $1 AND x >= $2', [[0, 0], [1, -1]]],
  // Grouping: NULL keys, -0 and 0 in one group, NaN its own, aggregates that keep their arguments.
  ['SELECT g, count(*), count(k), sum(k), min(s), max(x) FROM f WHERE id > $1 GROUP BY g ORDER BY g', [[0], [4]]],
  ['SELECT count(*), sum(id) FROM f WHERE id > $1 GROUP BY x ORDER BY 2', [[0]]],
  ['SELECT s, count(*) FROM f WHERE id >= $1 GROUP BY s ORDER BY s', [[1], [5]]],
  ['SELECT k, array_agg(id ORDER BY id), string_agg(s, $2 ORDER BY id) FROM f WHERE id > $1 GROUP BY k ORDER BY k', [[0, ','], [2, '-']]],
  ['SELECT array_agg(id), count(DISTINCT k), sum(DISTINCT k) FROM f WHERE id < $1', [[9], [3]]],
  // Joins on int and text keys, with NULL keys on both sides, inner and outer.
  ['SELECT f.id, dm.label FROM f JOIN dm ON f.k = dm.id WHERE dm.label <> $1 ORDER BY 1', [['none'], ['ten']]],
  ['SELECT f.id, dm.id FROM f LEFT JOIN dm ON f.k = dm.id WHERE f.id > $1 ORDER BY 1', [[0], [6]]],
  ['SELECT f.id, dm.id FROM f RIGHT JOIN dm ON dm.id = f.k AND f.id > $1 ORDER BY 2, 1', [[0], [3]]],
  ['SELECT f.id, dm.id FROM f JOIN dm ON f.s = dm.label WHERE f.id < $1 ORDER BY 1', [[9]]],
  ['SELECT count(*), sum(f.x) FROM f JOIN dm ON f.k = dm.id WHERE dm.label <> $1', [['none'], ['neg']]],
  // Aggregation over a hash join takes its rows pushed in one reused array: several matches per outer row, LEFT
  // joins' NULL rows, aggregates that keep values, a join alias, ON conditions beyond the equality.
  ['SELECT dm.id, count(*), count(f.id), array_agg(f.id ORDER BY f.id), string_agg(f.s, $1 ORDER BY f.id) FROM dm LEFT JOIN f ON f.k = dm.id GROUP BY dm.id ORDER BY 1', [[',']]],
  ['SELECT f.g, count(DISTINCT dm.label), max(dm.label), sum(f.x) FROM dm JOIN f ON f.k = dm.id WHERE f.id > $1 GROUP BY f.g ORDER BY 1', [[0], [1]]],
  ['SELECT dm.label, array_agg(f.id) FROM f JOIN dm ON dm.id = f.k AND f.id > $1 GROUP BY dm.label HAVING count(*) > $2 ORDER BY 1', [[0, 0], [0, 1]]],
  ['SELECT j.label, count(*) FROM (f JOIN dm ON f.s = dm.label) AS j WHERE j.k > $1 GROUP BY j.label ORDER BY 1', [[0]]],
  ['SELECT count(*), min(f.id), max(dm.id) FROM f LEFT JOIN dm ON dm.id = f.k WHERE f.id >= $1', [[1], [7]]],
  // Scans decode only the columns a statement names: every other way of reading a column must still see it.
  ['SELECT f.* FROM f WHERE id > $1 ORDER BY id', [[6]]],
  ['SELECT * FROM f WHERE id > $1 ORDER BY id', [[6]]],
  ['SELECT count(*) FROM dm a NATURAL JOIN dm b WHERE length(label) > $1', [[0]]],
  ['SELECT count(*) FROM dm a JOIN dm b USING (id) WHERE length(b.label) > $1', [[0]]],
  ['SELECT id, label FROM f JOIN dm USING (id) WHERE g > $1 ORDER BY id', [[0]]],
  ['SELECT id FROM f WHERE EXISTS (SELECT 1 FROM dm WHERE dm.id = f.k AND dm.label > $1) ORDER BY id', [['a'], ['t']]],
  ['SELECT (SELECT max(s) FROM f i WHERE i.g = o.id) FROM dm o WHERE o.id > $1 ORDER BY 1', [[-10]]],
  ['WITH c AS (SELECT k, x FROM f WHERE id > $1) SELECT k, count(*) FROM c GROUP BY k ORDER BY k', [[2]]],
  ['SELECT g, count(*) FROM f WHERE id > $1 GROUP BY g HAVING max(s) > $2 ORDER BY g', [[0, 'b']]],
  ['SELECT id FROM f WHERE id > $1 ORDER BY s DESC, x NULLS FIRST', [[0]]],
  ['SELECT DISTINCT ON (g) g, id FROM f WHERE id > $1 ORDER BY g, k DESC', [[0]]],
  ['SELECT s, sub.k FROM f JOIN (SELECT id AS k FROM dm) sub ON sub.k = f.k WHERE f.id > $1 ORDER BY 1', [[0]]],
  ['SELECT j.label, j.s FROM (f JOIN dm ON f.k = dm.id) AS j WHERE j.x > $1 ORDER BY 1', [[-1]]],
  ['SELECT a.q, b.label FROM f AS a(p, q) JOIN dm b ON b.id = a.q WHERE a.p > $1 ORDER BY 1', [[0]]],
  ['SELECT x.s FROM f x WHERE EXISTS (SELECT 1 FROM dm x WHERE x.label > $1) AND x.id < $2 ORDER BY 1', [['a', 3]]],
];

describe('fast paths of db.query with parameters', () => {
  for (const [sql, runs] of CASES) {
    it(`answers as PostgreSQL, run after run: ${sql}`, async () => {
      const session = await fresh();
      for (let round = 0; round < 2; round++) {
        for (const params of runs) {
          const mine = await outcome(async () => ours((await session.execute(sql, params))[0]!));
          expect(mine, `round ${round + 1}, ${JSON.stringify(params, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`).toEqual(await theirs(sql, params));
        }
      }
    });
  }

  it('sees the transaction’s own inserts and deletes, and other sessions’ commits, through a kept plan', async () => {
    const session = await fresh();
    const point = 'SELECT id, s FROM f WHERE id = $1';
    const range = 'SELECT id FROM f WHERE id >= $1 AND id < $2 ORDER BY id';
    const count = 'SELECT count(*) FROM f WHERE x > $1';
    const rows = async (sql: string, params: Value[]) => (await session.execute(sql, params))[0]!.rows;
    expect(await rows(point, [1])).toEqual([[1n, 'a']]);
    expect(await rows(range, [1, 4])).toEqual([[1n], [2n], [3n]]);
    expect(await rows(count, [0])).toEqual([[4n]]);
    await session.execute('BEGIN');
    await session.execute("INSERT INTO f VALUES (20, 1, 'new', 5, 1)");
    await session.execute('DELETE FROM f WHERE id = 1');
    await session.execute("UPDATE f SET x = 7 WHERE id = 2");
    expect(await rows(point, [1])).toEqual([]);
    expect(await rows(point, [20])).toEqual([[20n, 'new']]);
    expect(await rows(range, [1, 30])).toEqual([[2n], [3n], [4n], [5n], [6n], [7n], [8n], [20n]]);
    expect(await rows(count, [0])).toEqual([[5n]]);
    await session.execute('ROLLBACK');
    expect(await rows(point, [1])).toEqual([[1n, 'a']]);
    expect(await rows(count, [0])).toEqual([[4n]]);

    const other = new Session((session as unknown as { storage: Storage }).storage);
    await other.execute('DELETE FROM f WHERE id = 2');
    expect(await rows(range, [1, 4])).toEqual([[1n], [3n]]);
    await other.execute('CREATE INDEX f_x ON f (x)');
    await other.execute('DELETE FROM f WHERE id = 8');
    expect(await rows(count, [0])).toEqual([[3n]]);
  });
});
