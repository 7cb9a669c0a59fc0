/** Password authentication with real clients: psql (libpq, PGPASSWORD) and node-postgres, for each method. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { UserStore } from './auth/users.js';
import { formatScramVerifier, scramVerifier } from './auth/scram.js';
import { md5Stored } from './auth/md5.js';
import type { AuthMethod } from './auth/users.js';
import { psql } from './test-support/run.js';
import { startTestServer } from './test-support/test-server.js';
import { RawClient } from './test-support/raw-client.js';
import * as w from './test-support/wire-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'heliosdb-auth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const password = 'pä$$ word';
const users = (): UserStore => new UserStore().add('alice', password);

async function pgConnect(port: number, user: string, pw: string): Promise<string> {
  const c = new pg.Client({ host: '127.0.0.1', port, user, password: pw, database: 'postgres' });
  try {
    await c.connect();
    const r = await c.query('select current_user as u');
    return `ok ${r.rows[0].u}`;
  } catch (e) {
    return `${(e as { code?: string }).code} ${(e as Error).message}`;
  } finally {
    await c.end().catch(() => undefined);
  }
}

describe.each<AuthMethod>(['scram-sha-256', 'md5', 'password'])('%s authentication', (method) => {
  it('admits the right password and rejects a wrong one or an unknown user (psql and pg)', async () => {
    const server = await startTestServer({ auth: method, users: users() });
    const port = server.address.port;
    try {
      const ok = await psql(port, ['-U', 'alice', '-d', 'postgres', '-tAc', 'select current_user'], { PGPASSWORD: password });
      expect(ok.stderr).toBe('');
      expect(ok.stdout).toBe('alice\n');
      const bad = await psql(port, ['-U', 'alice', '-tAc', 'select 1'], { PGPASSWORD: 'nope' });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('FATAL:  password authentication failed for user "alice"');
      const unknown = await psql(port, ['-U', 'mallory', '-tAc', 'select 1'], { PGPASSWORD: password });
      expect(unknown.stderr).toContain('password authentication failed for user "mallory"');
      expect(await pgConnect(port, 'alice', password)).toBe('ok alice');
      expect(await pgConnect(port, 'alice', 'nope')).toBe('28P01 password authentication failed for user "alice"');
    } finally {
      await server.close();
    }
  });
});

describe('users file', () => {
  it('accepts plaintext, PostgreSQL SCRAM verifiers and md5 hashes', async () => {
    const file = join(dir, 'users.json');
    writeFileSync(file, JSON.stringify({ plain: 'p1', verifier: formatScramVerifier(scramVerifier('p2')), hashed: md5Stored('hashed', 'p3') }));
    const store = UserStore.fromFile(file);
    for (const [method, user, pw] of [
      ['scram-sha-256', 'plain', 'p1'],
      ['scram-sha-256', 'verifier', 'p2'],
      ['md5', 'hashed', 'p3'],
      // md5 requested, only a SCRAM verifier stored: PostgreSQL (and we) fall back to SCRAM.
      ['md5', 'verifier', 'p2'],
      ['password', 'verifier', 'p2'],
      ['password', 'hashed', 'p3'],
    ] as const) {
      const server = await startTestServer({ auth: method, users: store });
      try {
        const r = await psql(server.address.port, ['-U', user, '-tAc', 'select 1'], { PGPASSWORD: pw });
        expect(r.stdout, `${method} ${user}`).toBe('1\n');
      } finally {
        await server.close();
      }
    }
  });

  it('names the file and the problem when it is not valid', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{"a": 1}');
    expect(() => UserStore.fromFile(file)).toThrow(`users file ${file}: the secret of user "a" must be a string`);
    writeFileSync(file, '[');
    expect(() => UserStore.fromFile(file)).toThrow(`users file ${file}:`);
  });
});

describe('trust', () => {
  it('admits any user from loopback without a password exchange', async () => {
    const server = await startTestServer();
    try {
      const c = await RawClient.connect(server.address.port);
      c.send(w.startup({ user: 'anyone' }));
      const ms = await c.readUntil('Z');
      expect(ms[0]).toEqual({ code: 'R', body: w.int32(0) });
      c.end();
    } finally {
      await server.close();
    }
  });

  it('answers a SCRAM client that sends garbage with FATAL 08P01 and stays up', async () => {
    const server = await startTestServer({ users: users() });
    try {
      const c = await RawClient.connect(server.address.port);
      c.send(w.startup({ user: 'alice' }));
      const sasl = await c.readUntil('R');
      expect(sasl[0]!.body).toEqual(Buffer.concat([w.int32(10), w.cstr('SCRAM-SHA-256'), Buffer.from([0])]));
      c.send(w.message('p', w.cstr('SCRAM-SHA-256'), w.int32(5), Buffer.from('hello')));
      const ms = await c.readToClose();
      expect(w.noticeFields(ms.at(-1)!.body)).toMatchObject({ S: 'FATAL', C: '08P01' });
      expect(await pgConnect(server.address.port, 'alice', password)).toBe('ok alice');
    } finally {
      await server.close();
    }
  });
});

describe('refusals are logged without the secret', () => {
  it('names the user, the address and why, for psql and REST, and never the password or token', async () => {
    const { startServer } = await import('./start.js');
    const lines: string[] = [];
    const token = 'rest-t0ken-secret';
    const s = await startServer({ memory: true, port: 0, httpPort: 0, httpToken: token, password, user: 'alice', log: (l) => lines.push(l) });
    try {
      const port = s.pg.address.port;
      const wrongPassword = 'not-the-Passw0rd';
      expect((await psql(port, ['-U', 'alice', '-d', 'postgres', '-c', 'select 1'], { PGPASSWORD: wrongPassword })).code).not.toBe(0);
      expect((await psql(port, ['-U', 'mallory', '-d', 'postgres', '-c', 'select 1'], { PGPASSWORD: password })).code).not.toBe(0);
      expect(await pgConnect(port, 'alice', wrongPassword)).toBe('28P01 password authentication failed for user "alice"');
      const base = `http://127.0.0.1:${s.http!.port}`;
      expect((await fetch(`${base}/v1/tables`)).status).toBe(401);
      expect((await fetch(`${base}/v1/tables?x=1`, { headers: { authorization: `Bearer ${wrongPassword}` } })).status).toBe(401);
      const refusals = lines.filter((l) => l.includes('refused'));
      expect(refusals).toEqual([
        'connection from 127.0.0.1 refused: password authentication failed for user "alice" (wrong password)',
        'connection from 127.0.0.1 refused: password authentication failed for user "mallory" (no such user)',
        'connection from 127.0.0.1 refused: password authentication failed for user "alice" (wrong password)',
        'REST GET /v1/tables from 127.0.0.1 refused: no bearer token',
        'REST GET /v1/tables from 127.0.0.1 refused: wrong bearer token',
      ]);
      for (const l of lines) for (const secret of [password, wrongPassword, token]) expect(l).not.toContain(secret);
    } finally {
      await s.stop();
    }
  });
});
