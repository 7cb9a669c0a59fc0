/** REST over HTTP with Node's fetch: health, SQL with and without parameters, JSON value mapping, errors, bearer token. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../start.js';

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
});
