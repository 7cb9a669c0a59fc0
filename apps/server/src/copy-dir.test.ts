/**
 * Server-side COPY TO/FROM 'file' is confined to the operator's --copy-dir directories (none by default), with
 * `..` and symlink escapes refused; client-side \copy always works. Over the wire with psql and node-postgres.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from './start.js';
import { psql } from './test-support/run.js';

const root = mkdtempSync(join(tmpdir(), 'heliosdb-copy-dir-'));
const allowed = join(root, 'allowed');
const outside = join(root, 'outside');
mkdirSync(join(allowed, 'sub'), { recursive: true });
mkdirSync(outside);
writeFileSync(join(outside, 'secret.csv'), '1,secret\n');
symlinkSync(outside, join(allowed, 'link-to-outside'));
symlinkSync(join(outside, 'secret.csv'), join(allowed, 'secret-link.csv'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function sqlError(client: pg.Client, sql: string): Promise<{ code: string; message: string; hint?: string }> {
  try {
    await client.query(sql);
  } catch (e) {
    const { code, message, hint } = e as { code: string; message: string; hint?: string };
    return { code, message, ...(hint ? { hint } : {}) };
  }
  throw new Error(`no error from: ${sql}`);
}

describe('--copy-dir', () => {
  let server: RunningServer;
  let client: pg.Client;
  beforeAll(async () => {
    server = await startServer({ memory: true, port: 0, copyDirs: [allowed] });
    client = new pg.Client({ host: '127.0.0.1', port: server.pg.address.port, user: 'postgres', database: 'postgres' });
    await client.connect();
    await client.query("CREATE TABLE t (id int, v text); INSERT INTO t VALUES (1, 'a'), (2, 'b')");
  });
  afterAll(async () => {
    await client?.end();
    await server?.stop();
  });

  it('writes and reads files inside the directory, subdirectories included', async () => {
    const file = join(allowed, 'sub', 't.csv');
    expect((await client.query(`COPY t TO '${file}' WITH (FORMAT csv)`)).rowCount).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe('1,a\n2,b\n');
    // `..` that stays inside is fine.
    expect((await client.query(`COPY t FROM '${join(allowed, 'sub', '..', 'sub', 't.csv')}' WITH (FORMAT csv)`)).rowCount).toBe(2);
    expect((await client.query('SELECT count(*)::int AS n FROM t')).rows[0].n).toBe(4);
  });

  it('refuses `..` out of the directory, both ways, and leaves no file', async () => {
    const target = `${allowed}/../outside/escape.csv`;
    const e = await sqlError(client, `COPY t TO '${target}' WITH (FORMAT csv)`);
    expect(e.code).toBe('42501');
    expect(e.message).toBe(`COPY TO file "${target}" is refused: it is outside the directories the server allows (allowed: ${allowed})`);
    expect(existsSync(join(outside, 'escape.csv'))).toBe(false);
    const r = await sqlError(client, `COPY t FROM '${allowed}/../outside/secret.csv' WITH (FORMAT csv)`);
    expect(r.code).toBe('42501');
  });

  it('refuses symlinks that lead out: a linked directory, a linked file, and `..` after a link', async () => {
    expect((await sqlError(client, `COPY t TO '${join(allowed, 'link-to-outside', 'x.csv')}' WITH (FORMAT csv)`)).code).toBe('42501');
    expect(existsSync(join(outside, 'x.csv'))).toBe(false);
    expect((await sqlError(client, `COPY t FROM '${join(allowed, 'secret-link.csv')}' WITH (FORMAT csv)`)).code).toBe('42501');
    // The kernel resolves allowed/link-to-outside/.. to root (outside), although the text reads as inside.
    expect((await sqlError(client, `COPY t TO '${allowed}/link-to-outside/../outside/y.csv' WITH (FORMAT csv)`)).code).toBe('42501');
    expect(existsSync(join(outside, 'y.csv'))).toBe(false);
  });

  it('refuses a missing file outside without saying whether it exists, and relative paths', async () => {
    const missing = await sqlError(client, "COPY t FROM '/nonexistent-dir/x.csv' WITH (FORMAT csv)");
    const present = await sqlError(client, `COPY t FROM '${join(outside, 'secret.csv')}' WITH (FORMAT csv)`);
    expect([missing.code, present.code]).toEqual(['42501', '42501']);
    expect((await sqlError(client, "COPY t TO 'relative.csv' WITH (FORMAT csv)")).code).toBe('42602');
    // Inside, a missing file is PostgreSQL's undefined_file.
    expect((await sqlError(client, `COPY t FROM '${join(allowed, 'none.csv')}' WITH (FORMAT csv)`)).code).toBe('58P01');
  });

  it('confines the REJECTS file too', async () => {
    writeFileSync(join(allowed, 'bad.csv'), '3,c\nx,d\n');
    const e = await sqlError(client, `COPY t FROM '${join(allowed, 'bad.csv')}' WITH (FORMAT csv, ON_ERROR ignore, REJECTS '${join(outside, 'rej.csv')}')`);
    expect(e.code).toBe('42501');
    expect(e.message).toContain('COPY REJECTS file');
    expect(existsSync(join(outside, 'rej.csv'))).toBe(false);
  });

  it("lets psql's \\copy write and read anywhere the client may", async () => {
    const file = join(outside, 'client.csv');
    const port = String(server.pg.address.port);
    const out = await psql(Number(port), ['-U', 'postgres', '-c', `\\copy t to '${file}' with (format csv)`]);
    expect(out.stderr).toBe('');
    expect(readFileSync(file, 'utf8').split('\n').length).toBe(5);
    const back = await psql(Number(port), ['-U', 'postgres', '-c', `\\copy t from '${file}' with (format csv)`]);
    expect(back.stdout).toBe('COPY 4\n');
  });
});

describe('without --copy-dir', () => {
  it('refuses every server-side file COPY, like a role without pg_write_server_files, and \\copy still works', async () => {
    const server = await startServer({ memory: true, port: 0 });
    try {
      const port = server.pg.address.port;
      const r = await psql(port, ['-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', 'CREATE TABLE t (id int)', '-c', `COPY t TO '${join(allowed, 'no.csv')}'`]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('ERROR:  COPY TO a file on the server is not allowed: the server allows no directory for it (the pg_write_server_files rule)');
      expect(r.stderr).toContain('--copy-dir');
      expect(existsSync(join(allowed, 'no.csv'))).toBe(false);
      const from = await psql(port, ['-U', 'postgres', '-c', `COPY t FROM '${join(outside, 'secret.csv')}'`]);
      expect(from.stderr).toContain('COPY FROM a file on the server is not allowed');
      const ok = await psql(port, ['-U', 'postgres', '-c', `\\copy t to '${join(root, 'client-side.txt')}'`]);
      expect(ok.stdout).toBe('COPY 0\n');
    } finally {
      await server.stop();
    }
  });

  it('fails to start with a --copy-dir that does not exist', async () => {
    await expect(startServer({ memory: true, port: 0, copyDirs: [join(root, 'missing')] })).rejects.toThrow(`--copy-dir ${join(root, 'missing')}: no such directory`);
  });
});
