import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from './engine.js';
import { SqlError } from '../errors/sql-error.js';

let engine: Engine;
beforeAll(async () => {
  engine = await Engine.create();
});

function rows(sql: string) {
  return engine.query(sql)[0]!.rows;
}

function error(sql: string): SqlError {
  try {
    engine.query(sql);
  } catch (e) {
    if (e instanceof SqlError) return e;
    throw e;
  }
  throw new Error(`expected ${sql} to fail`);
}

describe('Engine (table-free SELECT)', () => {
  it('splits several statements and runs each', () => {
    const results = engine.query('SELECT 1; SELECT 2 AS b');
    expect(results.map((r) => r.rows)).toEqual([[[1]], [[2]]]);
    expect(results[1]!.fields[0]).toMatchObject({ name: 'b', dataTypeID: 23, typmod: -1 });
  });

  it('reports syntax errors with 42601 and PostgreSQL cursor position', () => {
    const e = error('SELECT * FORM t');
    expect([e.code, e.message, e.position]).toEqual(['42601', 'syntax error at or near "FORM"', 10]);
  });

  it('maps byte offsets to character positions for non-ASCII text', () => {
    const e = error("SELECT 'é', zz");
    expect([e.code, e.message, e.position]).toEqual(['42703', 'column "zz" does not exist', 13]);
  });

  it('raises integer overflow and division by zero', () => {
    expect(error('SELECT 2147483647 + 1').code).toBe('22003');
    expect(error('SELECT 2147483647 + 1').message).toBe('integer out of range');
    expect(error('SELECT 32767::int2 + 1::int2').message).toBe('smallint out of range');
    expect(error('SELECT 9223372036854775807 + 1').message).toBe('bigint out of range');
    expect(error('SELECT 1 / 0').message).toBe('division by zero');
    expect(error('SELECT 1 % 0').code).toBe('22012');
  });

  it('types integer literals by size and mixes integer widths like PostgreSQL', () => {
    const r = engine.query('SELECT 1, 3000000000, 1::int2 + 1, 2 * 3000000000')[0]!;
    expect(r.fields.map((f) => f.dataTypeID)).toEqual([23, 20, 23, 20]);
    expect(r.rows).toEqual([[1, 3000000000n, 2, 6000000000n]]);
  });

  it('explains a missing function with the hint', () => {
    const e = error('SELECT foo(1)');
    expect([e.code, e.message, e.hint]).toEqual([
      '42883',
      'function foo(integer) does not exist',
      'No function matches the given name and argument types. You might need to add explicit type casts.',
    ]);
  });

  it('resolves operators and rejects integer || integer', () => {
    expect(error('SELECT 1 || 2').message).toBe('operator does not exist: integer || integer');
  });

  it('evaluates three-valued logic', () => {
    expect(rows('SELECT NULL::bool AND false, NULL::bool OR true, NOT NULL::bool, 1 IN (2, NULL), 1 IN (1, NULL)')).toEqual([[false, true, null, null, true]]);
  });

  it('runs set operations, subqueries, CTEs and generate_series', () => {
    expect(rows('SELECT 1 UNION SELECT 2 UNION SELECT 1 ORDER BY 1 DESC')).toEqual([[2], [1]]);
    expect(rows('SELECT 1 UNION ALL SELECT 1 EXCEPT SELECT 2')).toEqual([[1]]);
    expect(rows('SELECT (SELECT 42), EXISTS (SELECT 1 WHERE false)')).toEqual([[42, false]]);
    expect(rows('WITH c AS (SELECT 7 AS a) SELECT a + 1 FROM c')).toEqual([[8]]);
    expect(rows('SELECT x FROM generate_series(1, 10, 4) AS x')).toEqual([[1], [5], [9]]);
    expect(error('SELECT (SELECT x FROM generate_series(1, 2) x)').code).toBe('21000');
  });

  it('aggregates with PostgreSQL result types and grouping errors', () => {
    const r = engine.query('SELECT x % 2 AS k, count(*), sum(x) FROM generate_series(1, 5) x GROUP BY 1 ORDER BY k')[0]!;
    expect(r.fields.map((f) => f.dataTypeID)).toEqual([23, 20, 20]);
    expect(r.rows).toEqual([[0, 2n, 6n], [1, 3n, 9n]]);
    expect(error('SELECT x, count(*) FROM generate_series(1, 2) x').code).toBe('42803');
    expect(error('SELECT 1 WHERE count(*) > 0').message).toBe('aggregate functions are not allowed in WHERE');
  });

  it('orders with NULLS LAST for ASC and NULLS FIRST for DESC by default, and limits', () => {
    expect(rows('SELECT x FROM (SELECT NULLIF(x, 2) AS x FROM generate_series(1, 3) x) s ORDER BY x')).toEqual([[1], [3], [null]]);
    expect(rows('SELECT x FROM (SELECT NULLIF(x, 2) AS x FROM generate_series(1, 3) x) s ORDER BY x DESC')).toEqual([[null], [3], [1]]);
    expect(rows('SELECT x FROM generate_series(1, 10) x ORDER BY x LIMIT 2 OFFSET 3')).toEqual([[4], [5]]);
  });
});
