/**
 * node-postgres: every common type round-trips through a table, written with parameters and read back, and
 * the JS values pg returns are the ones it returns from PostgreSQL 15 for the same statements.
 */
import { type PgCluster, hasPostgres, startPostgres } from '@heliosdb/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from './start.js';

const TABLE = `create table every_type (
  k int primary key, b bool, i2 int2, i4 int4, i8 int8, f4 float4, f8 float8, n numeric, n2 numeric(12,4),
  t text, vc varchar(10), c char(5), by bytea, d date, tm time, ts timestamp, tz timestamptz, iv interval,
  u uuid, j json, jb jsonb, ai int4[], at text[], ab bool[], an numeric[]
)`;

const ROWS: unknown[][] = [
  [1, true, -32768, 2147483647, '9223372036854775807', 1.5, 0.1, '123456789012345678901234567890.123456789', '-0.0001',
    'héllo\twörld "q" \'s\' \\ 😀', 'ten chars!', 'ab', Buffer.from([0, 1, 127, 128, 255]), '2024-02-29', '23:59:59.999999',
    '2000-01-01 00:00:00.000001', '2024-03-10T02:30:00.123456+05:30', '1 year 2 mons 3 days 04:05:06.789', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
    '{"a": [1, 2.5, null], "b": "x"}', '{"z": 1, "a": {"n": null}}', [1, null, -3], ['a', 'b,c', 'd"e', '', null], [true, false], ['1.5', '-2']],
  [2, false, 0, -2147483648, '-9223372036854775808', 'NaN', '-Infinity', 'NaN', '0', '', '', '', Buffer.alloc(0), '0001-01-01', '00:00:00',
    '1999-12-31 23:59:59', '1970-01-01T00:00:00Z', '-1 days +00:00:01', '00000000-0000-0000-0000-000000000000', '[]', '"just a string"', [], [], [], []],
  [3, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null],
];

const skip = !hasPostgres();
let witness: PgCluster;
let server: RunningServer;

async function roundTrip(config: pg.ClientConfig): Promise<unknown> {
  const c = new pg.Client(config);
  await c.connect();
  try {
    await c.query('drop table if exists every_type');
    await c.query(TABLE);
    for (const row of ROWS) await c.query(`insert into every_type values (${row.map((_, i) => `$${i + 1}`).join(', ')})`, row);
    const all = await c.query('select * from every_type order by k');
    const one = await c.query({ text: 'select * from every_type where k = $1', values: [1], rowMode: 'array' });
    const typed = await c.query('select $1::int8 + 1 as big, $2::numeric * 2 as num, $3::timestamptz as tz, $4::jsonb as jb, $5::int4[] as arr', [
      '9007199254740993',
      '0.1',
      '2024-01-01 12:00:00+02',
      '{"k": [true]}',
      [1, 2, 3],
    ]);
    return { all: all.rows, fields: all.fields.map((f) => [f.name, f.dataTypeID]), one: one.rows, typed: typed.rows };
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  if (skip) return;
  witness = await startPostgres();
  server = await startServer({ memory: true, port: 0 });
});
afterAll(async () => {
  await server?.stop();
  await witness?.stop();
});

describe.skipIf(skip)('node-postgres: every type round-trips as with PostgreSQL 15', () => {
  it('writes with parameters and reads back the same JS values', async () => {
    const theirs = await roundTrip({ host: '127.0.0.1', port: witness.port, user: 'postgres', database: 'postgres' });
    const ours = await roundTrip({ host: '127.0.0.1', port: server.pg.address.port, user: 'postgres', database: 'postgres' });
    expect(ours).toEqual(theirs);
  });
});
