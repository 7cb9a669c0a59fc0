/**
 * `heliosdb-nano start`: open the database (a data directory or memory), optionally restore a dump into a
 * new data directory first, serve the wire protocol, and on stop optionally dump before closing.
 * The CLI command is a thin wrapper over `startServer`; tests call it directly.
 */
import { accessSync, closeSync, constants, existsSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Storage } from '@heliosdb/storage';
import { type CopyFilePolicy, copyFilePolicy } from '@heliosdb/sql';
import type { AuthMethod } from './auth/users.js';
import { UserStore } from './auth/users.js';
import { DatabaseBackendFactory } from './backend/database-backend.js';
import { PgServer, ServerStartError } from './server.js';
import type { FastifyInstance } from 'fastify';
import { startRest } from './http/rest-server.js';

export interface StartOptions {
  readonly dataDir?: string | undefined;
  readonly memory?: boolean | undefined;
  readonly host?: string | undefined;
  readonly port?: number | undefined;
  readonly auth?: AuthMethod | undefined;
  /** Password of `user` (default postgres). */
  readonly password?: string | undefined;
  readonly user?: string | undefined;
  readonly usersFile?: string | undefined;
  readonly trustRemote?: boolean | undefined;
  readonly tlsCert?: string | undefined;
  readonly tlsKey?: string | undefined;
  readonly maxMessage?: number | undefined;
  /** Before serving, restore this .heliodump into --data-dir (new or empty), or with --memory into memory. */
  readonly restoreFrom?: string | undefined;
  /** On stop, dump the database to dumpPath before closing it. */
  readonly dumpOnShutdown?: boolean | undefined;
  /** Default: ./shutdown_dump.heliodump (in the working directory), as the tutorial says. */
  readonly dumpPath?: string | undefined;
  /** Serve REST on this port too (0 picks a free one); off when undefined. */
  readonly httpPort?: number | undefined;
  /** Bearer token REST requires; without one REST serves loopback hosts only. */
  readonly httpToken?: string | undefined;
  /**
   * Directories server-side COPY TO/FROM 'file' may read and write under (`--copy-dir`, repeatable); none
   * by default, so every file COPY is refused. Symlink and `..` escapes are refused; `\copy` always works.
   */
  readonly copyDirs?: readonly string[] | undefined;
  /** Progress lines for the operator (stderr in the CLI). */
  readonly log?: ((line: string) => void) | undefined;
}

export interface RunningServer {
  readonly pg: PgServer;
  readonly storage: Storage;
  /** The REST listener's address when --http-port was given. */
  readonly http: { host: string; port: number } | undefined;
  /** Stops accepting, ends every connection, dumps if asked, closes the database. Safe to call twice. */
  stop(): Promise<void>;
}

export const DEFAULT_DUMP_PATH = 'shutdown_dump.heliodump';

const LOOPBACK_HOSTS = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export async function startServer(o: StartOptions): Promise<RunningServer> {
  const log = o.log ?? (() => undefined);
  if (!o.dataDir && !o.memory) throw new ServerStartError('no database given', 'pass --data-dir <directory> or --memory');
  if (o.dataDir && o.memory) throw new ServerStartError('--data-dir and --memory exclude each other', 'pick one');
  if ((o.tlsCert === undefined) !== (o.tlsKey === undefined)) throw new ServerStartError('TLS needs both --tls-cert and --tls-key');
  if (o.password !== undefined && o.usersFile !== undefined) throw new ServerStartError('--password and --users-file exclude each other', 'put every user in the users file');

  const users = o.usersFile ? UserStore.fromFile(o.usersFile) : new UserStore();
  if (o.password !== undefined) users.add(o.user ?? 'postgres', o.password);
  const auth = o.auth ?? (users.size > 0 ? 'scram-sha-256' : 'trust');
  if (auth !== 'trust' && users.size === 0) throw new ServerStartError(`--auth ${auth} needs users`, 'pass --password <secret> or --users-file <file>');
  const host = o.host ?? '127.0.0.1';
  if (auth === 'trust' && !o.trustRemote && !LOOPBACK_HOSTS.test(host)) {
    throw new ServerStartError(`refusing to serve ${host} without passwords`, 'pass --password or --users-file (or --trust-remote if the network is trusted)');
  }
  if (o.httpPort !== undefined && o.httpToken === undefined && !o.trustRemote && !LOOPBACK_HOSTS.test(host)) {
    throw new ServerStartError(`refusing to serve REST on ${host} without a token`, 'pass --http-token <secret>');
  }
  const tls = o.tlsCert && o.tlsKey ? PgServer.tlsFromFiles(o.tlsCert, o.tlsKey) : undefined;

  let copyFiles: CopyFilePolicy;
  try {
    copyFiles = await copyFilePolicy(o.copyDirs ?? []);
  } catch (e) {
    throw new ServerStartError((e as Error).message, 'name an existing directory');
  }

  // A shutdown dump that cannot be written is found now, not after the (in-memory) data is gone.
  if (o.dumpOnShutdown) checkDumpPath(o.dumpPath ?? DEFAULT_DUMP_PATH);

  const { Storage, restoreDatabase, restoreIntoMemory, dumpDatabase } = await import('@heliosdb/storage');
  let restoredIntoMemory: Storage | undefined;
  if (o.restoreFrom && o.memory) {
    // Ephemeral with snapshots: the dump becomes the in-memory database (and --dump-on-shutdown writes it back).
    try {
      const { storage, report } = await restoreIntoMemory(o.restoreFrom);
      restoredIntoMemory = storage;
      log(`restored ${o.restoreFrom} into memory (${report.tables} tables, ${report.rows} rows)`);
    } catch (e) {
      throw new ServerStartError(`--restore-from ${o.restoreFrom}: ${(e as Error).message}`);
    }
  } else if (o.restoreFrom) {
    if (o.dataDir && existsSync(o.dataDir) && readdirSync(o.dataDir).length > 0) {
      throw new ServerStartError(`--restore-from: ${o.dataDir} is not empty`, 'restore into a new directory');
    }
    const report = await restoreDatabase(o.restoreFrom, o.dataDir!);
    log(`restored ${o.restoreFrom} into ${report.target}`);
  }
  let storage: Storage;
  try {
    storage = o.memory ? (restoredIntoMemory ?? Storage.memory()) : Storage.open({ dir: o.dataDir!, create: true });
  } catch (e) {
    throw new ServerStartError(`cannot open data directory ${o.dataDir}: ${(e as Error).message}`);
  }
  const backends = new DatabaseBackendFactory(storage, { copyFiles });
  let pg: PgServer;
  let rest: FastifyInstance | undefined;
  try {
    pg = await PgServer.listen({
      backends,
      host,
      port: o.port ?? 5432,
      auth,
      users,
      trustRemote: o.trustRemote ?? false,
      tls,
      ...(o.maxMessage !== undefined && { maxMessage: o.maxMessage }),
      log,
    });
  } catch (e) {
    storage.close();
    throw e;
  }
  if (o.httpPort !== undefined) {
    try {
      rest = await startRest({ backends, storage, host, port: o.httpPort, token: o.httpToken, log });
    } catch (e) {
      await pg.close();
      storage.close();
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new ServerStartError(`HTTP port ${o.httpPort} on ${host} is already in use`, 'pick another with --http-port');
      throw e;
    }
  }
  const listening = rest?.server.address();
  const restAddress = listening && typeof listening === 'object' ? listening : undefined;
  let stopping: Promise<void> | undefined;
  return {
    pg,
    storage,
    http: restAddress ? { host: restAddress.address, port: restAddress.port } : undefined,
    stop() {
      stopping ??= (async () => {
        await rest?.close();
        await pg.close();
        try {
          if (o.dumpOnShutdown) {
            const path = o.dumpPath ?? DEFAULT_DUMP_PATH;
            const report = await shutdownDump(path, (to) => dumpDatabase(storage, to, { codec: 'zstd' }));
            log(`dumped to ${path} (${report.tables} tables, ${report.rows} rows)`);
          }
        } finally {
          storage.close();
        }
      })();
      return stopping;
    },
  };
}

function checkDumpPath(path: string): void {
  const dir = dirname(resolve(path));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ServerStartError(`--dump-path ${path}: the directory ${dir} does not exist`, 'create it first, or pick another --dump-path');
  if (existsSync(path) && statSync(path).isDirectory()) throw new ServerStartError(`--dump-path ${path} is a directory`, 'name a file, e.g. --dump-path ./shutdown_dump.heliodump');
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new ServerStartError(`--dump-path ${path}: cannot write in ${dir}`, 'pick a directory this user may write');
  }
}

/**
 * The shutdown dump: written under a temporary name in the same directory, then renamed over `path` and the
 * directory synced, so `path` is the old file or the whole new one; on failure the temporary file is removed and
 * the error names the path and the reason.
 */
async function shutdownDump<R>(path: string, dump: (to: string) => Promise<R>): Promise<R> {
  const dir = dirname(resolve(path));
  const temp = join(dir, `.${basename(path)}.shutdown-${process.pid}`);
  try {
    const report = await dump(temp);
    renameSync(temp, path);
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return report;
  } catch (e) {
    rmSync(temp, { force: true });
    throw new Error(`shutdown dump to ${path} failed: ${(e as Error).message}`, { cause: e });
  }
}
