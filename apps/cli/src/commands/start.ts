import { CliError } from '../cli-error.js';
import type { CliCommand } from './command.js';

const AUTH = ['trust', 'password', 'md5', 'scram-sha-256'] as const;

export const startCommand: CliCommand = {
  command: 'start',
  describe: 'Serve a database over the PostgreSQL wire protocol (psql, node-postgres, psycopg2, ...)',
  builder: (y) =>
    y
      .option('data-dir', { type: 'string', describe: 'The data directory (created when absent or empty)' })
      .option('memory', { type: 'boolean', default: false, describe: 'Serve an in-memory database (gone at exit unless --dump-on-shutdown)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to listen on' })
      .option('port', { type: 'number', default: 5432, describe: 'PostgreSQL protocol port (0 picks a free one)' })
      .option('http-port', { type: 'number', describe: 'Also serve REST (POST /v1/sql, GET /health) on this port' })
      .option('http-token', { type: 'string', describe: 'Bearer token REST requires (needed for non-loopback hosts)' })
      .option('password', { type: 'string', describe: 'Password of --user; enables SCRAM-SHA-256 authentication' })
      .option('user', { type: 'string', default: 'postgres', describe: 'The user --password belongs to' })
      .option('users-file', { type: 'string', describe: 'JSON {"user": "password or SCRAM-SHA-256$... or md5..."}' })
      .option('auth', { choices: AUTH, describe: 'Authentication method (default: scram-sha-256 with users, else trust from loopback only)' })
      .option('trust-remote', { type: 'boolean', default: false, describe: 'Allow trust (no password) from non-loopback clients' })
      .option('tls-cert', { type: 'string', describe: 'PEM certificate: answer SSLRequest and upgrade to TLS' })
      .option('tls-key', { type: 'string', describe: 'PEM private key for --tls-cert' })
      .option('max-message', { type: 'number', describe: 'Largest client message in bytes (default 1 GiB)' })
      .option('copy-dir', { type: 'string', array: true, describe: "Allow server-side COPY TO/FROM 'file' under this directory (repeatable; default: none)" })
      .option('restore-from', { type: 'string', describe: 'Before serving, restore this .heliodump into --data-dir (new or empty), or into memory with --memory' })
      .option('dump-on-shutdown', { type: 'boolean', default: false, describe: 'Dump the database to --dump-path when stopped' })
      .option('dump-path', { type: 'string', describe: 'Where --dump-on-shutdown writes (.heliodump, zstd; default ./shutdown_dump.heliodump)' })
      .example('$0 start --data-dir ./mydata', 'serve ./mydata on 127.0.0.1:5432, trust from loopback')
      .example('$0 start --memory --port 6543 --password s3cret', 'in-memory, SCRAM-SHA-256 for user postgres'),
  async handler(args) {
    const { startServer, ServerStartError } = await import('@heliosdb/server');
    const log = (line: string): void => {
      process.stderr.write(`heliosdb-nano: ${line}\n`);
    };
    // Listen for signals before starting, so a signal during start-up still ends in an orderly stop.
    const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    let running;
    try {
      running = await startServer({
        dataDir: args['data-dir'],
        memory: args.memory,
        host: args.host,
        port: args.port,
        auth: args.auth,
        password: args.password,
        user: args.user,
        usersFile: args['users-file'],
        trustRemote: args['trust-remote'],
        tlsCert: args['tls-cert'],
        tlsKey: args['tls-key'],
        maxMessage: args['max-message'],
        httpPort: args['http-port'],
        httpToken: args['http-token'],
        copyDirs: args['copy-dir'],
        restoreFrom: args['restore-from'],
        dumpOnShutdown: args['dump-on-shutdown'],
        dumpPath: args['dump-path'],
        log,
      });
    } catch (e) {
      if (e instanceof ServerStartError) throw new CliError(e.message, e.hint ? { hint: e.hint } : {});
      throw e;
    }
    const { host, port } = running.pg.address;
    log(`listening on ${host}:${port} (PostgreSQL protocol, ${running.pg.config.auth} authentication), ${args.memory ? 'in-memory database' : `data dir ${args['data-dir']}`}`);
    if (running.http) log(`REST on http://${running.http.host}:${running.http.port} (POST /v1/sql, GET /health)`);
    const signal = await stopSignal;
    log(`${signal}: stopping (no new connections; running statements are cancelled)`);
    await running.stop();
    log('stopped');
    return 0;
  },
};
