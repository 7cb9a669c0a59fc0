/** REST over HTTP with Node's fetch: health, SQL with and without parameters, JSON value mapping, errors, bearer token. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Storage, restoreDatabase } from '@heliosdb/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../start.js';
import { run } from '../test-support/run.js';

let s: RunningServer;
let base: string;
const token = 'tök-en 1';

beforeAll(async () => {
  s = await startServer({ memory: true, port: 0, httpPort: 0, httpToken: token });
  base = `http://127.0.0.1:${s.http!.port}`;
});
afterAll(async () => {
  await s.stop();
});

const get = (path: string, auth: string | null = `Bearer ${token}`, method = 'GET'): Promise<Response> =>
  fetch(`${base}${path}`, { method, headers: auth !== null ? { authorization: auth } : {} });

/** `auth` null sends no Authorization header. */
const post = (body: unknown, auth: string | null = `Bearer ${token}`): Promise<Response> =>
  fetch(`${base}/v1/sql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth !== null && { authorization: auth }) },
    body: JSON.stringify(body),
  });

describe('REST', () => {
  it('GET /health answers without a token', async () => {
    const r = await fetch(`${base}/health`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'ok' });
  });

  it('POST /v1/sql runs several statements and maps values to exact JSON', async () => {
    const r = await post({
      sql: "select 1 as i, 9007199254740993::int8 as big, 1.50::numeric as n, 'NaN'::float8 as f, true as b, '{\"a\": [1]}'::jsonb as j, '\\x01ff'::bytea as h, '2024-02-29'::date as d, null::text as z; select x from generate_series(1, 2) x",
    });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({
      results: [
        {
          command: 'SELECT',
          tag: 'SELECT 1',
          rowCount: 1,
          fields: [
            { name: 'i', dataTypeID: 23 },
            { name: 'big', dataTypeID: 20 },
            { name: 'n', dataTypeID: 1700 },
            { name: 'f', dataTypeID: 701 },
            { name: 'b', dataTypeID: 16 },
            { name: 'j', dataTypeID: 3802 },
            { name: 'h', dataTypeID: 17 },
            { name: 'd', dataTypeID: 1082 },
            { name: 'z', dataTypeID: 25 },
          ],
          rows: [[1, '9007199254740993', '1.50', 'NaN', true, { a: [1] }, '\\x01ff', '2024-02-29', null]],
        },
        { command: 'SELECT', tag: 'SELECT 2', rowCount: 2, fields: [{ name: 'x', dataTypeID: 23 }], rows: [[1], [2]] },
      ],
    });
  });

  it('binds params (untyped, resolved from context) and returns object rows on request', async () => {
    const r = await post({ sql: 'select $1::int + 1 as n, $2 as s, $3::bool as b, $4::text as q', params: [41, "it's", true, null], rowMode: 'object' });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { results: { rows: unknown[] }[] };
    expect(body.results[0]!.rows).toEqual([{ n: 42, s: "it's", b: true, q: null }]);
  });

  it('answers SQL errors with 400 and the PostgreSQL fields', async () => {
    const r = await post({ sql: 'select 1/0' });
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({ error: { code: '22012', message: 'division by zero', position: 9 } });
    const count = await post({ sql: 'select $1', params: [] });
    expect(count.status).toBe(400);
    expect(((await count.json()) as { error: { code: string } }).error.code).toBe('08P01');
    const shape = await post({ query: 'select 1' });
    expect(shape.status).toBe(400);
  });

  it('rejects a missing or wrong bearer token with 401', async () => {
    for (const auth of [null, 'Bearer wrong', token, `Bearer ${token}x`]) {
      const r = await post({ sql: 'select 1' }, auth);
      expect(r.status, String(auth)).toBe(401);
      expect(r.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('GET /v1/tables lists the tables and GET /v1/tables/:name describes one (404 when missing)', async () => {
    const made = await post({
      sql: `create schema shop;
            create table shop.customers (id serial primary key, email text not null unique, since date default current_date);
            create table shop.orders (id int, customer int references shop.customers, total numeric(10,2) check (total >= 0), note text);
            insert into shop.orders values (1, null, 5);
            alter table shop.orders add primary key (id);
            create index orders_customer on shop.orders (customer);
            alter table shop.orders drop column note`,
    });
    expect(made.status).toBe(200);
    const list = await get('/v1/tables');
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ tables: [{ schema: 'shop', name: 'customers', columns: 3 }, { schema: 'shop', name: 'orders', columns: 3 }] });
    const one = await get('/v1/tables/shop.orders');
    expect(one.status).toBe(200);
    expect(await one.json()).toEqual({
      schema: 'shop',
      name: 'orders',
      columns: [
        { name: 'id', type: 'integer', nullable: false, default: null },
        { name: 'customer', type: 'integer', nullable: true, default: null },
        { name: 'total', type: 'numeric(10,2)', nullable: true, default: null },
      ],
      primaryKey: { name: 'orders_pkey', columns: ['id'] },
      indexes: [
        { name: 'orders_pkey', columns: ['id'], unique: true, primary: true },
        { name: 'orders_customer', columns: ['customer'], unique: false, primary: false },
      ],
      checks: [{ name: 'orders_total_check', expression: 'total >= 0' }],
      foreignKeys: [{ name: 'orders_customer_fkey', columns: ['customer'], references: { schema: 'shop', table: 'customers', columns: ['id'] }, onDelete: 'no action', onUpdate: 'no action' }],
    });
    const customers = (await (await get('/v1/tables/shop.customers')).json()) as { columns: unknown[]; indexes: unknown[] };
    expect(customers.columns).toEqual([
      { name: 'id', type: 'integer', nullable: false, default: "nextval('shop.customers_id_seq'::regclass)" },
      { name: 'email', type: 'text', nullable: false, default: null },
      { name: 'since', type: 'date', nullable: true, default: 'current_date' },
    ]);
    const missing = await get('/v1/tables/nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: '42P01', message: 'relation "nope" does not exist' } });
    expect((await get('/v1/tables', null)).status).toBe(401);
  });

  it('POST /v1/dump streams a dump of the live database that verifies and restores', async () => {
    await post({ sql: 'create table dumped (k int primary key, v text); insert into dumped select g, repeat(\'x\', g % 50) from generate_series(1, 5000) g' });
    const dir = mkdtempSync(join(tmpdir(), 'heliosdb-rest-dump-'));
    try {
      expect((await get('/v1/dump', null, 'POST')).status).toBe(401);
      for (const compression of ['zstd', 'gzip', 'none']) {
        const r = await get(`/v1/dump?compression=${compression}`, `Bearer ${token}`, 'POST');
        expect(r.status).toBe(200);
        expect(r.headers.get('content-type')).toBe('application/octet-stream');
        const file = join(dir, `live-${compression}.heliodump`);
        writeFileSync(file, Buffer.from(await r.arrayBuffer()));
        // The CLI checks every CRC32; restore brings back every row.
        const verified = await run(join(import.meta.dirname, '../../../../bin/heliosdb-nano'), ['verify', file]);
        expect(verified.code, verified.stderr).toBe(0);
        const target = join(dir, `restored-${compression}`);
        await restoreDatabase(file, target);
        const db = Storage.open({ dir: target, readOnly: true });
        try {
          const snap = db.snapshot();
          expect([...snap.scan(snap.catalog.table('dumped'))].length).toBe(5000);
          snap.close();
        } finally {
          db.close();
        }
      }
      expect((await get('/v1/dump?compression=rar', `Bearer ${token}`, 'POST')).status).toBe(400);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
