import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PgCluster, startPostgres } from '@heliosdb/testkit';
import { Engine } from '../engine/engine.js';
import { type PsqlOptions, formatResult } from './psql-format.js';

// psql itself is the witness: the same query through the real psql binary against PostgreSQL 15 must
// print exactly what formatResult prints for our result.
const QUERIES = [
  'SELECT 1 AS a, 2 AS b',
  "SELECT 'hello' AS greeting, 42 AS answer, 3.14 AS pi, NULL::text AS nothing",
  'SELECT x, x * x AS square, x::text AS t FROM generate_series(1, 12) x',
  "SELECT 'a' AS \"Mixed Name\", 'longer text value' AS c, 'x' AS \"wide column heading\"",
  "SELECT 'line1' || chr(10) || 'line2' AS multi, 7 AS n",
  "SELECT 'a|b' AS pipe, 'c,d' AS comma, 'q\"uote' AS quote, ' lead' AS space",
  "SELECT 'héllo' AS accented, '日本語' AS wide, 1.5::float8 AS f",
  'SELECT x FROM generate_series(1, 0) x',
  "SELECT true AS t, false AS f, NULL::bool AS n, ARRAY[1, 2] AS arr, '{\"a\": 1}'::jsonb AS j",
  "SELECT date '2024-01-02' AS d, timestamp '2024-01-02 03:04:05.5' AS ts, interval '1 day 2 hours' AS i",
  "SELECT -1 AS neg, 123456789012 AS big, 0.000001 AS small, '' AS empty",
  "SELECT 7 AS n, 'line1' || chr(10) || 'longer line2' AS multi",
  "SELECT 'a' || chr(10) || 'b' AS m1, 'x' || chr(10) || 'y' || chr(10) || 'z' AS m2, 1 AS k",
  "SELECT 'ab' || chr(10) AS m1, 'x' AS m2, NULL::int AS n",
  "SELECT '\\.' AS dot, 'tab	here' AS tab",
];

const MODES: { name: string; args: string[]; options: PsqlOptions }[] = [
  { name: 'aligned', args: [], options: {} },
  { name: '-A', args: ['-A'], options: { format: 'unaligned' } },
  { name: '-t', args: ['-t'], options: { tuplesOnly: true } },
  { name: '-A -t', args: ['-A', '-t'], options: { format: 'unaligned', tuplesOnly: true } },
  { name: '-A -F ;', args: ['-A', '-F', ';'], options: { format: 'unaligned', fieldSeparator: ';' } },
  { name: '--csv', args: ['--csv'], options: { format: 'csv' } },
  { name: '--csv -t', args: ['--csv', '-t'], options: { format: 'csv', tuplesOnly: true } },
];

let pg: PgCluster;
let engine: Engine;
beforeAll(async () => {
  pg = await startPostgres();
  engine = await Engine.create();
});
afterAll(async () => {
  await pg?.stop();
});

describe('formatResult equals psql output byte for byte', () => {
  for (const mode of MODES) {
    it(`in ${mode.name} mode`, async () => {
      for (const sql of QUERIES) {
        const witness = await pg.psql([...mode.args, '-c', sql]);
        expect(witness.code, witness.stderr).toBe(0);
        const [result] = engine.query(sql);
        expect({ sql, out: formatResult(result!, mode.options) }).toEqual({ sql, out: witness.stdout });
      }
    });
  }
});
