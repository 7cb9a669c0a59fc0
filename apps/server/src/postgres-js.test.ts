/**
 * postgres.js (the `postgres` package) against the server: SCRAM login, its array-type probe of pg_type at
 * connect, named prepared statements with parameters (its default), values of the common types both ways
 * (plain objects and arrays too, serialized by the parameter types the server infers, compared with PG 15's),
 * sql.begin transactions (commit, and rollback on a throw), sql.unsafe simple queries, errors with SQLSTATE,
 * and a pool of 10 connections running concurrently.
 */
import postgres from 'postgres';
import { hasPostgres, startPostgres } from '@heliosdb/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from './start.js';

let server: RunningServer;
let sql: postgres.Sql;

beforeAll(async () => {
  server = await startServer({ memory: true, port: 0, password: 'js-secret' });
  sql = postgres({ host: '127.0.0.1', port: server.pg.address.port, user: 'postgres', password: 'js-secret', database: 'postgres', max: 10, onnotice: () => undefined });
});
afterAll(async () => {
  await sql?.end({ timeout: 5 });
  await server?.stop();
});

describe('postgres.js', () => {
  it('connects with SCRAM and runs parameterized tagged-template queries', async () => {
    const [row] = await sql`select ${41}::int + 1 as n, ${'héllo'} || '!' as s, current_user as u`;
    expect(row).toEqual({ n: 42, s: 'héllo!', u: 'postgres' });
  });

  it('round-trips the common types through parameters and results', async () => {
    await sql`create table js_values (id int primary key, big int8, num numeric(12,3), f float8, ok bool, t text, d date, ts timestamptz, j jsonb, tags text[], ints int4[], b bytea, u uuid)`;
    const values = {
      id: 1,
      big: '9007199254740993',
      num: '-12345.678',
      f: 0.1,
      ok: true,
      t: "quote ' and \\ and ünïcode",
      d: '2024-02-29',
      ts: new Date('2024-03-01T12:34:56.789Z'),
      j: { a: [1, 'x', null], b: { c: true } },
      tags: ['a', 'b c', ''],
      ints: [1, -2, 3],
      b: Buffer.from([0, 1, 254, 255]),
      u: '6f1c2d3e-4b5a-4c6d-8e7f-0123456789ab',
    };
    // Plain objects and arrays: postgres.js serializes them by the parameter types the server reports
    // (inferred from the columns, as PostgreSQL does).
    await sql`insert into js_values ${sql(values)}`;
    const [r] = await sql`select * from js_values where id = ${1}`;
    expect(r!.big).toBe(values.big);
    expect(r!.num).toBe(values.num);
    expect(r!.f).toBe(values.f);
    expect(r!.ok).toBe(true);
    expect(r!.t).toBe(values.t);
    expect(r!.d).toEqual(new Date('2024-02-29T00:00:00Z'));
    expect(r!.ts).toEqual(values.ts);
    expect(r!.j).toEqual(values.j);
    expect(r!.tags).toEqual(values.tags);
    expect(r!.ints).toEqual(values.ints);
    expect(Buffer.from(r!.b as Uint8Array)).toEqual(values.b);
    expect(r!.u).toBe(values.u);
    const [nulls] = await sql`select ${null}::int as a, ${null}::text as b`;
    expect(nulls).toEqual({ a: null, b: null });
  });

  it('commits sql.begin transactions and rolls back when the callback throws', async () => {
    await sql`create table js_tx (k int primary key, v text)`;
    await sql.begin(async (tx) => {
      await tx`insert into js_tx values (${1}, ${'one'})`;
      await tx`insert into js_tx values (${2}, ${'two'})`;
    });
    await expect(
      sql.begin(async (tx) => {
        await tx`insert into js_tx values (${3}, ${'three'})`;
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const dup = await sql.begin(async (tx) => tx`insert into js_tx values (${1}, ${'again'})`).catch((e: unknown) => e as postgres.PostgresError);
    expect((dup as postgres.PostgresError).code).toBe('23505');
    expect(await sql`select k, v from js_tx order by k`).toEqual([
      { k: 1, v: 'one' },
      { k: 2, v: 'two' },
    ]);
  });

  it('runs sql.unsafe (simple protocol, several statements) and reports errors with their SQLSTATE and position', async () => {
    const r = await sql.unsafe('select 1 as a; select 2 as b');
    expect(r.map((x) => [...x])).toEqual([[{ a: 1 }], [{ b: 2 }]]);
    const e = (await sql`select 1/0 as x`.catch((x: unknown) => x)) as postgres.PostgresError;
    expect(e.code).toBe('22012');
    expect(e.message).toBe('division by zero');
  });

  it('serves 10 pooled connections running 200 queries concurrently', async () => {
    await sql`create table js_pool (n int)`;
    await Promise.all(Array.from({ length: 200 }, (_, i) => sql`insert into js_pool values (${i})`));
    const [r] = await sql`select count(*)::int as c, sum(n)::int as s, count(distinct n)::int as d from js_pool`;
    expect(r).toEqual({ c: 200, s: (199 * 200) / 2, d: 200 });
  });

  it.skipIf(!hasPostgres())('reports the parameter types PostgreSQL 15 infers from the columns (Describe)', async () => {
    const witness = await startPostgres();
    const theirs = postgres({ host: '127.0.0.1', port: witness.port, user: 'postgres', database: 'postgres', max: 1, onnotice: () => undefined });
    try {
      const ddl = 'create table pd (id int primary key, j jsonb, tags text[], n numeric(10,2), ts timestamptz, b bytea, note varchar(20))';
      await theirs.unsafe(ddl);
      await sql.unsafe(ddl);
      const statements = [
        'insert into pd values ($1, $2, $3, $4, $5, $6, $7)',
        'insert into pd (note, id, j) values ($1, $2, $3), ($4, $5, $6)',
        'update pd set j = $1, tags = $2 where id = $3 and n > $4',
        'delete from pd where ts < $1 or b = $2',
        'select id from pd where $1 = note and id <> $2',
        'select id from pd p where p.tags = $1',
        'select $1::int + 1, cast($2 as jsonb), $3::pg_catalog.varchar(5), $4::text[], $5::timestamptz, $6',
        'insert into pd (id, note) values ($1::int8, $2::text)',
      ];
      for (const text of statements) {
        const ours = await sql.unsafe(text).describe();
        const expected = await theirs.unsafe(text).describe();
        expect(ours.types, text).toEqual(expected.types);
      }
    } finally {
      await theirs.end({ timeout: 5 });
      await witness.stop();
    }
  });
});
