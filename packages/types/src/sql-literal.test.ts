import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PgDate, PgInterval, PgTimestampTz, T, arrayOf, sqlLiteral, textOut, type PgType, type Value } from './index.js';
import { startWitness, witnessUnavailableReason, type Witness } from './test-support/pg-witness.js';

const SAMPLES: Array<[PgType, Value]> = [
  [T.text, "it's"],
  [T.text, 'back\\slash and \'quote\''],
  [T.bytea, Uint8Array.of(1, 2, 0, 255)],
  [T.int8, -9223372036854775808n],
  [T.float8, -0],
  [T.float8, NaN],
  [T.numeric(10, 2), '12.50'],
  [T.varchar(5), 'héllo'],
  [T.bpchar(3), 'a  '],
  [T.date, new PgDate(-719528)],
  [T.timestamptz, new PgTimestampTz(-1n)],
  [T.interval, new PgInterval(-1, 2, 3n)],
  [T.jsonb, '{"a": "it\'s"}'],
  [arrayOf(T.text), ['a b', null, '', "o'k"]],
  [T.uuid, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
];

describe('sqlLiteral', () => {
  test('quotes doubled, type named, NULL bare', () => {
    expect(sqlLiteral(T.text, "it's")).toBe("'it''s'::text");
    expect(sqlLiteral(T.bytea, Uint8Array.of(1, 2))).toBe("'\\x0102'::bytea");
    expect(sqlLiteral(T.int4, null)).toBe('NULL');
    expect(sqlLiteral(arrayOf(T.int4), [1, null])).toBe("'{1,NULL}'::integer[]");
  });
});

const skipReason = witnessUnavailableReason();
if (skipReason !== undefined) console.warn(skipReason);

describe.skipIf(skipReason !== undefined)('sqlLiteral is read back by PostgreSQL 15', () => {
  let pg: Witness;
  beforeAll(async () => {
    pg = await startWitness();
  });
  afterAll(async () => {
    await pg?.stop();
  });

  test('each literal evaluates to a value PostgreSQL prints as textOut does', async () => {
    for (const [type, value] of SAMPLES) {
      const r = await pg.run(`SELECT ${sqlLiteral(type, value)}`);
      if (!r.ok) throw new Error(`${sqlLiteral(type, value)}: ${r.message}`);
      expect(r.rows[0]![0]).toBe(textOut(type, value));
    }
  });
});
