import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PgTypeError, T, arrayOf, formatTypeName, parseTypeName, typeModifier, typeOid } from './index.js';
import { startWitness, witnessUnavailableReason, type Witness } from './test-support/pg-witness.js';

/** SQL spellings PostgreSQL accepts for the types Nano supports. */
const SPELLINGS = [
  'integer', 'int', 'INT4', 'smallint', 'int2', 'bigint', 'int8', 'real', 'float4', 'double precision', 'float8', 'float', 'float(1)', 'float(24)', 'float(25)',
  'float(53)', 'numeric', 'numeric(10,2)', 'numeric(10)', 'decimal(5, 1)', 'dec', 'numeric(3,5)', 'numeric(2,-3)', 'character varying(20)', 'varchar', 'varchar(1)',
  'char varying(4)', 'character(3)', 'char', 'char(10)', 'character', 'bpchar', 'bpchar(4)', 'text', 'bytea', 'boolean', 'bool', 'date', 'time', 'time without time zone',
  'time(3)', 'time(0) without time zone', 'timestamp', 'timestamp(3)', 'timestamp without time zone', 'timestamp(6) without time zone', 'timestamptz', 'timestamptz(2)',
  'timestamp with time zone', 'timestamp(0) with time zone', 'interval', 'interval(4)', 'uuid', 'json', 'jsonb', 'int[]', 'integer[]', 'text[]', 'integer ARRAY', 'text array[4]',
  'int[3]', 'varchar(5)[]', 'numeric(4,1)[]', 'timestamp(3) with time zone[]', 'double precision[]', 'pg_catalog.int4', '  Integer  ',
];

describe('parseTypeName and formatTypeName', () => {
  test('SQL spellings map to descriptors', () => {
    expect(parseTypeName('integer')).toEqual(T.int4);
    expect(parseTypeName('character varying(20)')).toEqual(T.varchar(20));
    expect(parseTypeName('numeric(10,2)')).toEqual(T.numeric(10, 2));
    expect(parseTypeName('char')).toEqual(T.bpchar(1));
    expect(parseTypeName('float(24)')).toEqual(T.float4);
    expect(parseTypeName('float(25)')).toEqual(T.float8);
    expect(parseTypeName('integer ARRAY')).toEqual(arrayOf(T.int4));
    expect(parseTypeName('timestamp(3) with time zone')).toEqual({ name: 'timestamptz', array: false, precision: 3 });
  });
  test('unknown names, including serial, are 42704', () => {
    for (const name of ['foo', 'serial', 'bigserial']) {
      let err: unknown;
      try {
        parseTypeName(name);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(PgTypeError);
      expect((err as PgTypeError).code).toBe('42704');
      expect((err as PgTypeError).message).toBe(`type "${name}" does not exist`);
    }
  });
  test('modifier limits use PostgreSQL messages', () => {
    expect(() => parseTypeName('numeric(0)')).toThrow('NUMERIC precision 0 must be between 1 and 1000');
    expect(() => parseTypeName('varchar(0)')).toThrow('length for type varchar must be at least 1');
    expect(() => parseTypeName('float(54)')).toThrow('precision for type float must be less than 54 bits');
  });
  test('format_type names', () => {
    expect(formatTypeName(T.int4)).toBe('integer');
    expect(formatTypeName(T.varchar(20))).toBe('character varying(20)');
    expect(formatTypeName(T.numeric(10, 2))).toBe('numeric(10,2)');
    expect(formatTypeName(T.timestamp)).toBe('timestamp without time zone');
    expect(formatTypeName(arrayOf(T.text))).toBe('text[]');
  });
});

const skipReason = witnessUnavailableReason();
if (skipReason !== undefined) console.warn(skipReason);

describe.skipIf(skipReason !== undefined)('type names agree with PostgreSQL 15', () => {
  let pg: Witness;
  beforeAll(async () => {
    pg = await startWitness();
  });
  afterAll(async () => {
    await pg?.stop();
  });

  test('each spelling: same format_type(), type OID and typmod as a PostgreSQL column of that type', async () => {
    const columns = SPELLINGS.map((s, i) => `c${i} ${s}`).join(', ');
    const created = await pg.run(`CREATE TABLE spellings (${columns})`);
    expect(created.ok).toBe(true);
    const r = await pg.run(
      `SELECT attname, format_type(atttypid, atttypmod), atttypid::int, atttypmod FROM pg_attribute
       WHERE attrelid = 'spellings'::regclass AND attnum > 0 ORDER BY attnum`,
    );
    if (!r.ok) throw new Error(r.message);
    const expected = r.rows.map((row) => [row[1], Number(row[2]), Number(row[3])]);
    const actual = SPELLINGS.map((s) => {
      const t = parseTypeName(s);
      return [formatTypeName(t), typeOid(t), typeModifier(t)];
    });
    expect(actual).toEqual(expected);
  });

  test('names PostgreSQL rejects are rejected with the same SQLSTATE', async () => {
    for (const bad of ['foo', 'serial', 'numeric(1001)', 'varchar(0)', 'float(0)', 'numeric(5,1001)']) {
      const r = await pg.run(`SELECT NULL::${bad}`);
      expect(r.ok).toBe(false);
      let code = '';
      try {
        parseTypeName(bad);
      } catch (e) {
        code = (e as PgTypeError).code;
      }
      expect({ bad, code }).toEqual({ bad, code: r.ok ? '' : r.code });
    }
  });
});
