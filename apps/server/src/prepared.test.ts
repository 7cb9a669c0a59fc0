/**
 * Statements parsed and planned once, over the wire: node-postgres named statements and simple queries
 * whose literals are lifted into a shared plan must answer as PostgreSQL 15 does while other connections
 * change the data and the schema. The same script runs against both servers and the transcripts are compared.
 */
import { type PgCluster, startPostgres } from '@heliosdb/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from './start.js';

let s: RunningServer;
let pgc: PgCluster;
beforeAll(async () => {
  pgc = await startPostgres();
  s = await startServer({ memory: true, port: 0 });
});
afterAll(async () => {
  await s?.stop();
  await pgc?.stop();
});

type Connect = () => pg.Client;
const servers = (): [string, Connect][] => [
  ['heliosdb-nano', () => new pg.Client({ host: '127.0.0.1', port: s.pg.address.port, user: 'postgres', database: 'postgres' })],
  ['postgresql-15', () => new pg.Client({ host: '127.0.0.1', port: pgc.port, user: pgc.user, database: pgc.database })],
];

/** Runs `script` with two connections and records every result or error. */
async function transcript(connect: Connect, table: string, script: (a: pg.Client, b: pg.Client, log: (x: unknown) => void, q: (c: pg.Client, text: string | pg.QueryConfig) => Promise<void>) => Promise<void>): Promise<unknown[]> {
  const a = connect();
  const b = connect();
  await a.connect();
  await b.connect();
  const out: unknown[] = [];
  const q = async (c: pg.Client, text: string | pg.QueryConfig): Promise<void> => {
    try {
      const r = await c.query({ ...(typeof text === 'string' ? { text } : text), rowMode: 'array' });
      out.push({ command: r.command, fields: r.fields.map((f) => `${f.name}:${f.dataTypeID}`), rows: r.rows });
    } catch (e) {
      const err = e as { code?: string; message: string };
      out.push({ error: err.code, message: err.message });
    }
  };
  try {
    await q(a, `drop table if exists ${table}`);
    out.length = 0;
    await script(a, b, (x) => out.push(x), q);
  } finally {
    await a.end();
    await b.end();
  }
  return out;
}

describe('prepared statements and lifted literals against PostgreSQL 15', () => {
  it('a named statement sees every commit, survives DDL that keeps its columns, and fails as PostgreSQL when they change', async () => {
    const results: unknown[][] = [];
    for (const [, connect] of servers()) {
      results.push(
        await transcript(connect, 'ps_items', async (a, b, _log, q) => {
          await q(b, 'create table ps_items (id int primary key, name text, qty int)');
          await q(b, "insert into ps_items values (1, 'one', 10), (2, 'two', 20), (3, 'three', 30)");
          const get = (id: string): pg.QueryConfig => ({ name: 'get_item', text: 'select name, qty from ps_items where id = $1', values: [id] });
          const all = (min: number): pg.QueryConfig => ({ name: 'all_items', text: 'select * from ps_items where qty >= $1 order by id', values: [min] });
          await q(a, get('1'));
          await q(a, get('2'));
          await q(a, all(15));
          await q(b, "update ps_items set name = 'TWO', qty = 22 where id = 2");
          await q(a, get('2'));
          await q(a, 'begin');
          await q(a, "insert into ps_items values (4, 'four', 40)");
          await q(a, get('4'));
          await q(b, { name: 'get_item_b', text: 'select name, qty from ps_items where id = $1', values: ['4'] });
          await q(a, 'rollback');
          await q(a, get('4'));
          await q(b, 'create index ps_items_qty on ps_items (qty)');
          await q(a, get('3'));
          await q(b, 'alter table ps_items add column note text');
          await q(a, get('3'));
          await q(a, all(0));
          await q(a, get('x'));
          // Unnamed statements, parsed again by the client for every query (the server reuses the statement).
          for (const id of ['1', '3', '2']) await q(a, { text: 'select * from ps_items where id = $1', values: [id] });
          await q(b, 'alter table ps_items drop column note');
          await q(a, { text: 'select * from ps_items where id = $1', values: ['3'] });
          await q(a, { name: 'all_items_2', text: 'select * from ps_items where qty >= $1 order by id', values: [0] });
          await q(b, 'drop table ps_items');
          await q(a, get('3'));
        }),
      );
    }
    expect(results[0]).toEqual(results[1]);
    expect(JSON.stringify(results[0])).toContain('cached plan must not change result type');
  });

  it('simple queries that differ only in literals share a plan and answer as PostgreSQL', async () => {
    const results: unknown[][] = [];
    for (const [, connect] of servers()) {
      results.push(
        await transcript(connect, 'lit_items', async (a, b, _log, q) => {
          await q(b, "create table lit_items (id int primary key, name text, born date); insert into lit_items select g, 'n' || g, date '2000-01-01' + g from generate_series(1, 50) g");
          for (const id of [10, 11, 42, 99, 7]) await q(a, `select name, born from lit_items where id = ${id}`);
          await q(a, "select id from lit_items where name = 'n25' or name = 'n33' order by id");
          await q(a, "select count(*) from lit_items where born < '2000-01-20'");
          await q(b, 'update lit_items set name = upper(name) where id = 11');
          await q(a, 'select name, born from lit_items where id = 11');
          await q(a, "select id from lit_items where id = 'abc'");
          await q(a, "select id from lit_items where born = '2000-02-30'");
          await q(b, 'alter table lit_items add column extra int default 5');
          await q(a, 'select * from lit_items where id = 12');
          await q(a, 'select nosuch from lit_items where id = 12');
        }),
      );
    }
    expect(results[0]).toEqual(results[1]);
  });
});
