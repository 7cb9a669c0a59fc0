/**
 * Throwaway PostgreSQL 15 clusters for tests and benchmarks: the independent witness our engine is compared with.
 * initdb runs with --locale=C (code-point text order, as Nano sorts), UTF8, TimeZone UTC and DateStyle ISO.
 * As root (CI), the server runs as the `postgres` OS user, since PostgreSQL refuses to run as root.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface CommandResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface PgCluster {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  readonly connectionString: string;
  readonly dataDir: string;
  readonly binDir: string;
  /** Runs one query on a shared connection; every value comes back as PostgreSQL's text rendering (or null). */
  query(sql: string, params?: unknown[]): Promise<pg.QueryResult>;
  /** Runs psql against the cluster (connection settings come from the environment; -X so no psqlrc). */
  psql(args: string[], input?: string): Promise<CommandResult>;
  /** Runs one of the cluster's client binaries (pg_dump, pg_restore, pgbench, ...) with the connection environment. */
  run(binary: string, args: string[], input?: string): Promise<CommandResult>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string>;
  /** Keep fsync on (benchmarks comparing durable writes); off by default for test speed. */
  durable?: boolean;
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** The directory holding initdb, postgres, pg_ctl, psql, pg_dump of PostgreSQL 15 (or the newest installed). */
export function findPostgresBinDir(): string | undefined {
  const fromEnv = process.env.HELIOSDB_PG_BINDIR;
  if (fromEnv && existsSync(join(fromEnv, 'postgres'))) return fromEnv;
  for (const v of ['15', '16', '17', '14']) {
    const dir = `/usr/lib/postgresql/${v}/bin`;
    if (existsSync(join(dir, 'postgres')) && existsSync(join(dir, 'initdb'))) return dir;
  }
  const r = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const dir = r.status === 0 ? r.stdout.trim() : '';
  return dir && existsSync(join(dir, 'postgres')) ? dir : undefined;
}

export function hasPostgres(): boolean {
  return findPostgresBinDir() !== undefined;
}

/** As root, the uid/gid of the `postgres` OS user; the server is spawned directly under it (no wrapper that could swallow signals). */
function serverUser(): { uid: number; gid: number } | undefined {
  if (!isRoot) return undefined;
  const pw = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gw = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (pw.status !== 0 || gw.status !== 0) {
    throw new Error('testkit: running as root needs the "postgres" OS user (apt-get install -y postgresql)');
  }
  return { uid: Number(pw.stdout.trim()), gid: Number(gw.stdout.trim()) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function runCommand(
  binary: string,
  args: string[],
  opts: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string; user?: { uid: number; gid: number } } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      env: opts.env ?? process.env,
      cwd: opts.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(opts.user ?? {}),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code: code ?? -1 }),
    );
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
  });
}

const live = new Set<() => void>();
process.once('exit', () => {
  for (const kill of live) kill();
});

export async function startPostgres(options: StartOptions = {}): Promise<PgCluster> {
  const binDir = findPostgresBinDir();
  if (!binDir) throw new Error('testkit: PostgreSQL server binaries not found (apt-get install -y postgresql)');
  const base = mkdtempSync(join(tmpdir(), 'heliosdb-pg-'));
  const dataDir = join(base, 'data');
  const user = serverUser();
  if (user) chownSync(base, user.uid, user.gid);
  const serverEnv = { ...process.env, HOME: base, LC_ALL: 'C' };
  const init = await runCommand(
    join(binDir, 'initdb'),
    ['-D', dataDir, '-U', 'postgres', '--locale=C', '-E', 'UTF8', '-A', 'trust', '--no-sync'],
    { user, env: serverEnv, cwd: base },
  );
  if (init.code !== 0) throw new Error(`testkit: initdb failed (${init.code}): ${init.stderr}`);

  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: base,
    timezone: 'UTC',
    datestyle: 'ISO, MDY',
    intervalstyle: 'postgres',
    lc_messages: 'C',
    max_connections: '100',
    shared_buffers: '128MB',
    ...(options.durable ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
    ...options.settings,
  };
  writeFileSync(
    join(dataDir, 'postgresql.auto.conf'),
    Object.entries(settings)
      .map(([k, v]) => `${k} = '${v.replace(/'/g, "''")}'`)
      .join('\n') + '\n',
  );

  let port = 0;
  let child: ChildProcess | undefined;
  let log = '';
  for (let attempt = 0; attempt < 5 && !child; attempt++) {
    port = await freePort();
    const c = spawn(join(binDir, 'postgres'), ['-D', dataDir, '-p', String(port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: serverEnv,
      cwd: base,
      ...(user ?? {}),
    });
    c.stdout?.on('data', (b: Buffer) => (log += b.toString()));
    c.stderr?.on('data', (b: Buffer) => (log += b.toString()));
    const ready = await waitReady(port, c, () => log);
    if (ready) child = c;
    else c.kill('SIGKILL');
  }
  if (!child) throw new Error(`testkit: postgres did not start:\n${log}`);
  const server = child;
  const kill = () => server.kill('SIGKILL');
  live.add(kill);

  const connectionString = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  const client = new pg.Client({ connectionString, types: { getTypeParser: () => (v: string) => v } });
  await client.connect();
  client.on('error', () => {});
  const env = { ...process.env, PGHOST: '127.0.0.1', PGPORT: String(port), PGUSER: 'postgres', PGDATABASE: 'postgres', PGTZ: 'UTC' };

  let stopped = false;
  return {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    database: 'postgres',
    connectionString,
    dataDir,
    binDir,
    query: (sql, params) => client.query(sql, params as unknown[] | undefined),
    psql: (args, input) => runCommand(join(binDir, 'psql'), ['-X', ...args], { input, env }),
    run: (binary, args, input) => runCommand(join(binDir, binary), args, { input, env }),
    async stop() {
      if (stopped) return;
      stopped = true;
      await client.end().catch(() => {});
      if (server.exitCode === null && server.signalCode === null) {
        await new Promise<void>((resolve) => {
          server.once('exit', () => resolve());
          server.kill('SIGINT'); // PostgreSQL's fast shutdown
        });
      }
      live.delete(kill);
      rmSync(base, { recursive: true, force: true });
    },
  };
}

async function waitReady(port: number, child: ChildProcess, log: () => string): Promise<boolean> {
  let exited = false;
  child.once('exit', () => (exited = true));
  for (let i = 0; i < 300; i++) {
    if (exited) return false;
    const c = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    try {
      await c.connect();
      await c.end();
      return true;
    } catch {
      await c.end().catch(() => {});
      if (/address already in use/i.test(log())) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return false;
}
