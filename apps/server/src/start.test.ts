/** startServer and the `heliosdb-nano start` command: start-up errors, signals, dump on shutdown, restore. */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
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
