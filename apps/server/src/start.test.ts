/** startServer and the `heliosdb-nano start` command: start-up errors, signals, dump on shutdown, restore. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Storage } from '@heliosdb/storage';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from './start.js';
import { ServerStartError } from './server.js';
import { psql } from './test-support/run.js';
import { cliBuilt, startCli } from './test-support/cli-server.js';

const dir = mkdtempSync(join(tmpdir(), 'heliosdb-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startServer', () => {
  it('needs --data-dir or --memory, and says so', async () => {
    await expect(startServer({})).rejects.toEqual(new ServerStartError('no database given', 'pass --data-dir <directory> or --memory'));
    await expect(startServer({})).rejects.toMatchObject({ hint: 'pass --data-dir <directory> or --memory' });
  });

  it('reports a port in use clearly', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startServer({ memory: true, port })).rejects.toMatchObject({
        message: `port ${port} on 127.0.0.1 is already in use`,
        hint: 'stop the other server or pick another port with --port',
      });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('refuses trust on a non-loopback address and password methods without users', async () => {
    await expect(startServer({ memory: true, host: '0.0.0.0', port: 0 })).rejects.toThrow('refusing to serve 0.0.0.0 without passwords');
    await expect(startServer({ memory: true, port: 0, auth: 'md5' })).rejects.toThrow('--auth md5 needs users');
  });

  it('serves a data directory, creating it, and releases it on stop', async () => {
    const dataDir = join(dir, 'served');
    const s = await startServer({ dataDir, port: 0, password: 'pw' });
    const r = await psql(s.pg.address.port, ['-U', 'postgres', '-tAc', 'select 40 + 2'], { PGPASSWORD: 'pw' });
    expect(r.stdout).toBe('42\n');
    await s.stop();
    // The writer lock is gone: the directory opens again.
    Storage.open({ dir: dataDir }).close();
  });

  it('dumps on shutdown to a file that restores', async () => {
    const dumpPath = join(dir, 'mem.heliodump');
    const s = await startServer({ memory: true, port: 0, dumpOnShutdown: true, dumpPath });
    await s.stop();
    expect(statSync(dumpPath).size).toBeGreaterThan(0);
    const restoredDir = join(dir, 'restored');
    const again = await startServer({ dataDir: restoredDir, port: 0, restoreFrom: dumpPath });
    await again.stop();
    expect(existsSync(restoredDir)).toBe(true);
    await expect(startServer({ dataDir: restoredDir, port: 0, restoreFrom: dumpPath })).rejects.toThrow(`--restore-from: ${restoredDir} is not empty`);
  });
});

describe.skipIf(!cliBuilt)('heliosdb-nano start', () => {
  it('serves psql, then on SIGTERM ends connections and exits 0', async () => {
    const cli = startCli(['start', '--memory', '--port', '0']);
    const port = await cli.port;
    expect(port).toBeGreaterThan(0);
    expect((await psql(port, ['-U', 'postgres', '-tAc', "select 'up'"])).stdout).toBe('up\n');
    cli.kill('SIGTERM');
    const { code, stderr } = await cli.exit;
    expect(code).toBe(0);
    expect(stderr).toContain('SIGTERM: stopping');
    expect(stderr).toContain('heliosdb-nano: stopped');
  });

  it('on SIGINT with --dump-on-shutdown writes ./shutdown_dump.heliodump (or --dump-path) and exits 0', async () => {
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    const cli = startCli(['start', '--memory', '--port', '0', '--dump-on-shutdown'], cwd);
    await cli.port;
    cli.kill('SIGINT');
    const { code, stderr } = await cli.exit;
    expect(code).toBe(0);
    expect(stderr).toContain('dumped to shutdown_dump.heliodump (0 tables, 0 rows)');
    expect(readFileSync(join(cwd, 'shutdown_dump.heliodump')).length).toBeGreaterThan(0);
    const dumpPath = join(dir, 'cli.heliodump');
    const named = startCli(['start', '--memory', '--port', '0', '--dump-on-shutdown', '--dump-path', dumpPath]);
    await named.port;
    named.kill('SIGTERM');
    expect((await named.exit).code).toBe(0);
    expect(existsSync(dumpPath)).toBe(true);
  });

  it('exits 1 with a hint when neither --data-dir nor --memory is given', async () => {
    const { code, stderr } = await startCli(['start', '--port', '0']).exit;
    expect(code).toBe(1);
    expect(stderr).toBe('heliosdb-nano: no database given\nhint: pass --data-dir <directory> or --memory\n');
  });
});

describe('start-up errors for the data directory and the dump path', () => {
  it('refuses a directory locked by another writer, and one that is not a Nano data directory', async () => {
    const locked = join(dir, 'locked');
    const other = startCli(['start', '--data-dir', locked, '--port', '0']);
    expect(await other.port).toBeGreaterThan(0);
    try {
      await expect(startServer({ dataDir: locked, port: 0 })).rejects.toThrow(/^cannot open data directory .*locked: data directory .*locked is locked by another writer \(pid \d+\)$/);
    } finally {
      other.kill('SIGTERM');
      await other.exit;
    }
    const foreign = join(dir, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'notes.txt'), 'not a database');
    const e = await startServer({ dataDir: foreign, port: 0 }).catch((x: unknown) => x as Error);
    expect(e).toBeInstanceOf(ServerStartError);
    expect((e as Error).message).toContain(`cannot open data directory ${foreign}`);
    expect((e as Error).message).toMatch(/not a .*data directory|HeliosDB Nano/i);
    expect(readdirSync(foreign)).toEqual(['notes.txt']);
  });

  it('refuses a --dump-path whose directory is missing or that is a directory, before serving', async () => {
    await expect(startServer({ memory: true, port: 0, dumpOnShutdown: true, dumpPath: join(dir, 'no-such-dir', 'x.heliodump') })).rejects.toMatchObject({
      message: `--dump-path ${join(dir, 'no-such-dir', 'x.heliodump')}: the directory ${join(dir, 'no-such-dir')} does not exist`,
    });
    await expect(startServer({ memory: true, port: 0, dumpOnShutdown: true, dumpPath: dir })).rejects.toMatchObject({ message: `--dump-path ${dir} is a directory` });
  });
});

describe.skipIf(!cliBuilt)('a shutdown dump that fails', () => {
  it('exits non-zero with the path and the reason, and leaves no file, whole or half', async () => {
    // The directory disappears while the server runs.
    const gone = join(dir, 'gone');
    mkdirSync(gone);
    const a = startCli(['start', '--memory', '--port', '0', '--dump-on-shutdown', '--dump-path', join(gone, 'x.heliodump')]);
    const port = await a.port;
    expect((await psql(port, ['-U', 'postgres', '-c', 'create table t (a int); insert into t values (1)'])).code).toBe(0);
    rmSync(gone, { recursive: true });
    a.kill('SIGTERM');
    const ea = await a.exit;
    expect(ea.code).not.toBe(0);
    expect(ea.stderr).toContain(`heliosdb-nano: shutdown dump to ${join(gone, 'x.heliodump')} failed: `);
    expect(existsSync(gone)).toBe(false);

    // The final name became a directory: the rename fails, and the temporary file is removed.
    const here = join(dir, 'here');
    mkdirSync(here);
    const target = join(here, 'y.heliodump');
    const b = startCli(['start', '--memory', '--port', '0', '--dump-on-shutdown', '--dump-path', target]);
    const portB = await b.port;
    expect((await psql(portB, ['-U', 'postgres', '-c', 'create table t (a int); insert into t values (1)'])).code).toBe(0);
    mkdirSync(target);
    b.kill('SIGINT');
    const eb = await b.exit;
    expect(eb.code).not.toBe(0);
    expect(eb.stderr).toMatch(new RegExp(`shutdown dump to ${target.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} failed: .+`));
    expect(readdirSync(here)).toEqual(['y.heliodump']);
    expect(readdirSync(target)).toEqual([]);
  });
});

describe.skipIf(!cliBuilt)('start --memory --restore-from (ephemeral with snapshots)', () => {
  it('round-trips: memory -> shutdown dump -> memory restored from it -> changes -> dump -> memory again', async () => {
    const first = join(dir, 'snap-1.heliodump');
    const second = join(dir, 'snap-2.heliodump');
    const show = "select id, name, price, tags, at from items order by id; select nextval('items_id_seq'); \\d items";
    const a = startCli(['start', '--memory', '--port', '0', '--dump-on-shutdown', '--dump-path', first]);
    const pa = await a.port;
    const made = await psql(pa, ['-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-q'], {}, `
      create table items (id serial primary key, name text not null unique, price numeric(8,2), tags text[], at timestamptz);
      insert into items (name, price, tags, at) select 'item ' || g, g * 1.25, array['t' || g, 'x'], '2024-01-01 00:00:00+00'::timestamptz + g * interval '1 hour' from generate_series(1, 300) g;
      create index items_price on items (price);
    `);
    expect(made.stderr).toBe('');
    const before = await psql(pa, ['-U', 'postgres'], {}, show);
    a.kill('SIGTERM');
    const ea = await a.exit;
    expect(ea.code).toBe(0);
    expect(ea.stderr).toContain(`dumped to ${first} (1 tables, 300 rows)`);

    const b = startCli(['start', '--memory', '--port', '0', '--restore-from', first, '--dump-on-shutdown', '--dump-path', second]);
    const pb = await b.port;
    const after = await psql(pb, ['-U', 'postgres'], {}, show);
    // The same rows, index and key, and the sequence goes on where it was (nextval was called once more above).
    expect(after.stdout).toBe(before.stdout.replace(/\n( +)301\n/, '\n$1302\n'));
    expect((await psql(pb, ['-U', 'postgres', '-c', "insert into items (name) values ('late'); delete from items where id <= 100"])).code).toBe(0);
    const dup = await psql(pb, ['-U', 'postgres', '-c', "insert into items (name) values ('item 200')"]);
    expect(dup.stderr).toContain('duplicate key value violates unique constraint "items_name_key"');
    b.kill('SIGINT');
    const eb = await b.exit;
    expect(eb.code).toBe(0);
    expect(eb.stderr).toContain(`restored ${first} into memory (1 tables, 300 rows)`);
    expect(eb.stderr).toContain(`dumped to ${second} (1 tables, 201 rows)`);

    const c = startCli(['start', '--memory', '--port', '0', '--restore-from', second]);
    const pc = await c.port;
    expect((await psql(pc, ['-U', 'postgres', '-tAc', "select count(*), min(id), max(id), max(id) filter (where name = 'late') from items"])).stdout).toBe('201|101|303|303\n');
    c.kill('SIGTERM');
    expect((await c.exit).code).toBe(0);
  });

  it('refuses a file that is not a dump, naming it', async () => {
    const bogus = join(dir, 'bogus.heliodump');
    writeFileSync(bogus, 'not a dump at all');
    await expect(startServer({ memory: true, port: 0, restoreFrom: bogus })).rejects.toThrow(`--restore-from ${bogus}: `);
  });
});
