import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as numeric from './index.js';
import { PgTypeError } from '../errors.js';
import { randomNumericText, seededRandom } from '../test-support/random.js';
import { startWitness, witnessUnavailableReason, type Witness } from '../test-support/pg-witness.js';

// Generated operand pairs, computed by PostgreSQL 15 and by this module; every result text must match.
const skipReason = witnessUnavailableReason();
if (skipReason !== undefined) console.warn(skipReason);

const PAIRS = 500;
const OPS = [
  ['a + b', (a: string, b: string) => numeric.add(a, b)],
  ['a - b', (a: string, b: string) => numeric.sub(a, b)],
  ['a * b', (a: string, b: string) => numeric.mul(a, b)],
  ['a / b', (a: string, b: string) => numeric.div(a, b)],
  ['mod(a, b)', (a: string, b: string) => numeric.mod(a, b)],
  ['div(a, b)', (a: string, b: string) => numeric.divInt(a, b)],
  ['round(a, 2)', (a: string) => numeric.round(a, 2)],
  ['round(a)', (a: string) => numeric.round(a)],
  ['round(a, -2)', (a: string) => numeric.round(a, -2)],
  ['trunc(a, 1)', (a: string) => numeric.trunc(a, 1)],
  ['trunc(a, -1)', (a: string) => numeric.trunc(a, -1)],
  ['ceil(a)', (a: string) => numeric.ceil(a)],
  ['floor(a)', (a: string) => numeric.floor(a)],
  ['abs(a)', (a: string) => numeric.abs(a)],
  ['-a', (a: string) => numeric.neg(a)],
  ['sqrt(abs(a))', (a: string) => numeric.sqrt(numeric.abs(a))],
  ['power(b, i % 7 - 2)', (_a: string, b: string, i: number) => numeric.power(b, String((i % 7) - 2))],
  ['power(a, i % 5 - 1)', (a: string, _b: string, i: number) => numeric.power(a, String((i % 5) - 1))],
  ['CASE WHEN a < b THEN -1 WHEN a > b THEN 1 ELSE 0 END', (a: string, b: string) => String(numeric.compare(a, b))],
] as const;

function outcome(f: () => string): string {
  try {
    return f();
  } catch (e) {
    if (e instanceof PgTypeError) return `ERROR ${e.code} ${e.message}`;
    throw e;
  }
}

describe.skipIf(skipReason !== undefined)('numeric arithmetic agrees with PostgreSQL 15', () => {
  let pg: Witness;
  beforeAll(async () => {
    pg = await startWitness();
  });
  afterAll(async () => {
    await pg?.stop();
  });

  test(`${PAIRS} generated pairs through ${OPS.length} operations`, async () => {
    const rand = seededRandom(20240601);
    const pairs: Array<[string, string]> = [];
    for (let i = 0; i < PAIRS; i++) pairs.push([randomNumericText(rand), randomNumericText(rand, 8, 10)]);
    pairs.push(['NaN', '1'], ['Infinity', '-Infinity'], ['1', 'Infinity'], ['-Infinity', '2.5'], ['0', '0'], ['7', '0'], ['0.000', '-0.0'], ['1e-20', '3']);
    const mismatches: unknown[] = [];
    let compared = 0;
    for (const [expr, f] of OPS) {
      // One row per pair; errors (division by zero, sqrt of negative) are evaluated per row below.
      const values = pairs.map(([a, b], i) => `(${i}, '${a}'::numeric, '${b}'::numeric)`).join(',');
      const r = await pg.run(`SELECT i, (${expr})::text FROM (VALUES ${values}) t(i, a, b) ORDER BY i`);
      let rows: Array<string | null>;
      if (r.ok) {
        rows = r.rows.map((row) => row[1]!);
      } else {
        rows = [];
        for (const [i, [a, b]] of pairs.entries()) {
          const one = await pg.run(`SELECT (${expr})::text FROM (VALUES (${i}, '${a}'::numeric, '${b}'::numeric)) t(i, a, b)`);
          rows.push(one.ok ? one.rows[0]![0]! : `ERROR ${one.code} ${one.message}`);
        }
      }
      pairs.forEach(([a, b], i) => {
        const ours = outcome(() => f(a, b, i));
        compared++;
        if (ours !== rows[i]) mismatches.push({ expr, a, b, expected: rows[i], actual: ours });
      });
    }
    for (const m of mismatches.slice(0, 40)) console.log('MISMATCH', JSON.stringify(m));
    console.log(`numeric arithmetic: ${compared} results compared with PostgreSQL`);
    expect(mismatches).toEqual([]);
  });
});
