/**
 * The PostgreSQL wire-protocol server: a `net` listener, one Connection per socket, the cancel-key
 * registry, and an orderly shutdown (stop accepting, cancel in-flight work, FATAL 57P01 to every client).
 */
import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import { type SecureContext, createSecureContext } from 'node:tls';
import { readFileSync } from 'node:fs';
import type { AuthMethod } from './auth/users.js';
import { UserStore } from './auth/users.js';
import type { BackendFactory } from './backend/session-backend.js';
import { Connection, type ConnectionConfig, type ConnectionHost } from './connection.js';
import { DEFAULT_MAX_MESSAGE } from './protocol/frontend-parser.js';

export interface PgServerOptions {
  readonly backends: BackendFactory;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Defaults: `scram-sha-256` when users are configured, else `trust` (loopback only). */
  readonly auth?: AuthMethod;
  readonly users?: UserStore;
  readonly trustRemote?: boolean;
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** The largest frontend message accepted, in bytes (default 1 GiB). */
  readonly maxMessage?: number;
  /** Operator log lines (refused logins, without secrets). */
  readonly log?: (line: string) => void;
}

export class ServerStartError extends Error {
  override readonly name = 'ServerStartError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export class PgServer implements ConnectionHost {
  readonly config: ConnectionConfig;
  private readonly server: Server;
  private readonly connections = new Set<Connection>();
  private readonly byProcessId = new Map<number, Connection>();
  private closing?: Promise<void>;

  private constructor(options: PgServerOptions) {
    const users = options.users ?? new UserStore();
    const auth = options.auth ?? (users.size > 0 ? 'scram-sha-256' : 'trust');
    let tls: SecureContext | undefined;
    if (options.tls) tls = createSecureContext({ cert: options.tls.cert, key: options.tls.key });
    this.config = {
      auth,
      users,
      trustRemote: options.trustRemote ?? false,
      backends: options.backends,
      tls,
      maxMessage: options.maxMessage ?? DEFAULT_MAX_MESSAGE,
      log: options.log,
    };
    this.server = createServer((socket) => this.accept(socket));
  }

  /** Starts listening; rejects with ServerStartError when the address is taken or unusable. */
  static async listen(options: PgServerOptions): Promise<PgServer> {
    const s = new PgServer(options);
    const host = options.host ?? '127.0.0.1';
    const port = options.port ?? 5432;
    await new Promise<void>((resolve, reject) => {
      const onError = (e: NodeJS.ErrnoException): void => {
        const where = `${host}:${port}`;
        if (e.code === 'EADDRINUSE') reject(new ServerStartError(`port ${port} on ${host} is already in use`, `stop the other server or pick another port with --port`));
        else if (e.code === 'EACCES') reject(new ServerStartError(`permission denied listening on ${where}`, 'ports below 1024 need privileges; pick another with --port'));
        else if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') reject(new ServerStartError(`cannot listen on ${where}: no such local address`, 'check --host'));
        else reject(new ServerStartError(`cannot listen on ${where}: ${e.message}`));
      };
      s.server.once('error', onError);
      s.server.listen(port, host, () => {
        s.server.off('error', onError);
        resolve();
      });
    });
    s.server.on('error', () => undefined);
    return s;
  }

  static tlsFromFiles(certPath: string, keyPath: string): { cert: Buffer; key: Buffer } {
    return { cert: readFileSync(certPath), key: readFileSync(keyPath) };
  }

  get address(): { host: string; port: number } {
    const a = this.server.address() as AddressInfo;
    return { host: a.address, port: a.port };
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  register(conn: Connection): void {
    this.byProcessId.set(conn.processId, conn);
  }

  unregister(conn: Connection): void {
    this.connections.delete(conn);
    if (this.byProcessId.get(conn.processId) === conn) this.byProcessId.delete(conn.processId);
  }

  cancel(processId: number, secretKey: number): void {
    const conn = this.byProcessId.get(processId);
    if (conn && conn.secretKey === secretKey) conn.cancel();
  }

  /** Stops accepting, cancels in-flight statements, tells every client 57P01 and waits for them to close. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
      const all = [...this.connections];
      for (const c of all) c.shutdown();
      await Promise.all(all.map((c) => c.whenClosed()));
      await stopped;
      await this.config.backends.close();
    })();
    return this.closing;
  }

  private accept(socket: Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    socket.on('error', () => undefined);
    const conn = new Connection(socket, this);
    this.connections.add(conn);
  }
}
