/** SSLRequest answered with S and the same socket upgraded to TLS; checked with psql (sslmode=require) and pg. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgServer } from './server.js';
import { psql } from './test-support/run.js';
import { startTestServer } from './test-support/test-server.js';
import { RawClient } from './test-support/raw-client.js';
import * as w from './test-support/wire-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'heliosdb-tls-'));
let server: PgServer;

beforeAll(async () => {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  server = await startTestServer({ tls: { cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) } });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('TLS', () => {
  it('psql with sslmode=require connects over TLS and reports the cipher', async () => {
    const r = await psql(server.address.port, ['-U', 'postgres', '-c', 'select 1 as one'], { PGSSLMODE: 'require' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(' one \n-----\n   1\n(1 row)');
    // libpq prints the SSL banner only in interactive mode; \conninfo states it in any mode.
    const info = await psql(server.address.port, ['-U', 'postgres', '-c', '\\conninfo'], { PGSSLMODE: 'require' });
    expect(info.stdout).toMatch(/SSL connection \(protocol: TLSv1\.[23]/);
  });

  it('node-postgres connects with ssl', async () => {
    const c = new pg.Client({ host: '127.0.0.1', port: server.address.port, user: 'postgres', ssl: { rejectUnauthorized: false } });
    await c.connect();
    try {
      expect((await c.query('select $1::text as t', ['secure'])).rows).toEqual([{ t: 'secure' }]);
    } finally {
      await c.end();
    }
  });

  it('rejects bytes sent after SSLRequest before the handshake (buffer stuffing)', async () => {
    const c = await RawClient.connect(server.address.port);
    c.send(w.sslRequest(), w.startup({ user: 'postgres' }));
    const ms = await c.readToClose();
    // The server may have answered S before it saw the extra bytes; either way it sends no ReadyForQuery.
    expect(ms.some((m) => m.code === 'Z')).toBe(false);
  });
});
