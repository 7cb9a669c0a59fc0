/**
 * One client connection: startup (SSL/GSS negotiation, cancel requests), authentication, then the
 * simple and extended query protocols over a SessionBackend. Messages are handled one at a time in
 * arrival order; any error in one connection ends at most that connection.
 */
import type { Socket } from 'node:net';
import { randomInt } from 'node:crypto';
import { TLSSocket, type SecureContext } from 'node:tls';
import { PgTypeError, type PgType, textOut } from '@heliosdb/types';
import { AuthError, Authenticator } from './auth/authenticator.js';
import type { AuthMethod, UserStore } from './auth/users.js';
import { BackendError, queryCanceled, toBackendError } from './backend/backend-error.js';
import type { BackendFactory, BoundParam, CopyChannel, ResultField, SessionBackend, StatementDescription, StatementResult, TransactionStatus } from './backend/session-backend.js';
import { SERVER_VERSION } from './backend/server-version.js';
import * as msg from './protocol/backend-messages.js';
import { BackendCode } from './protocol/codes.js';
import { OutputBuffer } from './protocol/output-buffer.js';
import { commandTag } from './protocol/command-tag.js';
import type { BindMessage, FrontendMessage, StartupMessage, StartupPhaseMessage } from './protocol/frontend-messages.js';
import { FrontendParser, type ParsedPacket } from './protocol/frontend-parser.js';
import { ProtocolError } from './protocol/protocol-error.js';
import { typeForOid, typeLength } from './values/type-oids.js';
import { decodeParam, encodeBinary } from './values/wire-values.js';

/** The type of a binary-format value bound to a parameter of unspecified type (StatementDescription.undeclared). */
const BYTEA = typeForOid(17);
const TEXT_OID = 25;

export interface ConnectionConfig {
  readonly auth: AuthMethod;
  readonly users: UserStore;
  /** Allow `trust` from non-loopback addresses (off by default). */
  readonly trustRemote: boolean;
  readonly backends: BackendFactory;
  readonly tls?: SecureContext | undefined;
  readonly maxMessage: number;
  /** Operator log (the CLI's stderr): refused logins, named by user and address, never with the secret. */
  readonly log?: ((line: string) => void) | undefined;
}

export interface ConnectionHost {
  readonly config: ConnectionConfig;
  register(conn: Connection): void;
  unregister(conn: Connection): void;
  cancel(processId: number, secretKey: number): void;
}

interface PreparedStatement {
  readonly sql: string;
  readonly description: StatementDescription;
}

interface Portal {
  readonly statement: PreparedStatement;
  readonly params: readonly BoundParam[];
  /** Bind's result format codes, expanded to one per column once the columns are known. */
  readonly resultFormats: readonly number[];
  result?: StatementResult | 'empty';
  sent: number;
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

let nextProcessId = 1;

export class Connection {
  readonly processId = nextProcessId++;
  readonly secretKey = randomInt(-0x80000000, 0x7fffffff);
  private socket: Socket;
  private readonly parser: FrontendParser;
  private readonly queue: ParsedPacket[] = [];
  private running = false;
  private phase: 'startup' | 'auth' | 'ready' | 'closed' = 'startup';
  private auth?: Authenticator;
  private startup?: StartupMessage;
  private session?: SessionBackend;
  private readonly statements = new Map<string, PreparedStatement>();
  private readonly portals = new Map<string, Portal>();
  private skipUntilSync = false;
  private current?: AbortController;
  /** Reused for every statement until a cancel aborts it. */
  private controller = new AbortController();
  private terminating = false;
  private readonly out = new OutputBuffer();
  /** ParameterStatus to send before the next ReadyForQuery (from StatementResult.parameterChanges). */
  private readonly pendingStatus = new Map<string, string>();
  /** COPY FROM STDIN waits here for the next message to arrive. */
  private wake: (() => void) | undefined;
  private readonly closed: Promise<void>;
  private resolveClosed!: () => void;

  constructor(
    socket: Socket,
    private readonly host: ConnectionHost,
  ) {
    this.socket = socket;
    this.parser = new FrontendParser(host.config.maxMessage);
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    this.attach(socket);
  }

  get remoteAddress(): string {
    return this.socket.remoteAddress ?? '';
  }

  /** Resolves once the socket is closed and the session released. */
  whenClosed(): Promise<void> {
    return this.closed;
  }

  /** CancelRequest: abort the statement in progress, if any. */
  cancel(): void {
    this.current?.abort();
  }

  /** Server shutdown: cancel in-flight work, then end the connection with FATAL 57P01. */
  shutdown(): void {
    if (this.phase === 'closed') return;
    this.terminating = true;
    this.current?.abort();
    if (!this.running) this.fatal(new BackendError('57P01', 'terminating connection due to administrator command'));
  }

  private attach(socket: Socket): void {
    socket.setNoDelay(true);
    socket.on('data', this.onData);
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.phase === 'closed') return;
    let packets: ParsedPacket[];
    try {
      packets = this.parser.push(chunk);
    } catch (e) {
      const err = e instanceof ProtocolError ? e : new ProtocolError(String(e), '08P01', true);
      this.queue.length = 0;
      this.fatal(new BackendError(err.code, err.message));
      return;
    }
    this.queue.push(...packets);
    // A client that sends faster than we answer waits; we stop reading until the queue drains.
    if (this.queue.length > 1000) this.socket.pause();
    this.wakeUp();
    void this.pump();
  };

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0 && this.phase !== 'closed') {
        const packet = this.queue.shift()!;
        try {
          if (packet.phase === 'startup') await this.onStartupPacket(packet.message);
          else {
            const pending = this.onMessage(packet.message);
            if (pending) await pending;
          }
        } catch (e) {
          this.onUnexpected(e);
        }
        // One write per batch of pipelined messages (e.g. Bind, Execute, Sync), not per message.
        if (this.out.length >= FLUSH_AT) await this.flush();
        else if (this.out.length > 0 && this.queue.length === 0) {
          if (DEFER_WRITES && this.phase === 'ready') this.deferFlush();
          else await this.flush();
        }
        if (this.drained) await this.drained;
        if (this.terminating && !this.isClosed()) {
          this.fatal(new BackendError('57P01', 'terminating connection due to administrator command'));
        }
      }
      if (this.socket.isPaused() && this.phase !== 'closed') this.socket.resume();
    } finally {
      this.running = false;
    }
  }

  /** A bug or an unexpected failure ends this connection only, with FATAL XX000. */
  private onUnexpected(e: unknown): void {
    if (e instanceof AuthError) {
      this.logRefusal(e);
      return this.fatal(new BackendError(e.code, e.message));
    }
    if (e instanceof ProtocolError) return this.fatal(new BackendError(e.code, e.message));
    if (e instanceof BackendError) return this.fatal(e);
    this.fatal(new BackendError('XX000', `internal error: ${(e as Error)?.message ?? String(e)}`));
  }

  /** PostgreSQL logs why a login failed (unknown user or wrong password) where the client is told only that it did. */
  private logRefusal(e: AuthError): void {
    const log = this.host.config.log;
    if (!log || !e.code.startsWith('28')) return;
    const user = this.startup?.parameters.get('user');
    const why = e.code === '28P01' && user !== undefined ? (this.host.config.users.get(user) === undefined ? ' (no such user)' : ' (wrong password)') : '';
    log(`connection from ${this.remoteAddress} refused: ${e.message}${why}`);
  }

  /** Re-reads the phase (TypeScript narrows the field across awaits). */
  private isClosed(): boolean {
    return this.phase === 'closed';
  }

  private send(b: Buffer): void {
    this.out.append(b);
  }

  /** Writes what is buffered; waits for 'drain' so a client that does not read cannot fill our memory. */
  private async flush(): Promise<void> {
    if (this.out.length === 0 || this.phase === 'closed') return;
    const data = this.out.take();
    if (!this.socket.write(data)) await this.waitDrain();
  }

  /** Set while a write is waiting for the socket to drain: the message loop waits for it before going on. */
  private drained: Promise<void> | undefined;

  private waitDrain(): Promise<void> {
    this.drained ??= new Promise<void>((resolve) => {
      const done = (): void => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        this.drained = undefined;
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
    return this.drained;
  }

  /**
   * The end of a batch: the write happens once every connection with input in this turn of the event loop
   * has been served (setImmediate), so the responses to several clients go out together.
   */
  private deferFlush(): void {
    if (this.flushPending) return;
    this.flushPending = true;
    pendingFlushes.push(this);
    if (pendingFlushes.length === 1) setImmediate(flushPending);
  }
  private flushPending = false;

  /** Called by flushPending(). */
  writePending(): void {
    this.flushPending = false;
    if (this.out.length === 0 || this.phase === 'closed') return;
    if (!this.socket.write(this.out.take())) void this.waitDrain();
  }

  private fatal(e: BackendError): void {
    if (this.phase === 'closed') return;
    const data = this.out.append(msg.errorResponse({ ...e.toNotice(), severity: 'FATAL' })).take();
    this.socket.end(data);
    this.close();
  }

  private close(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.current?.abort();
    this.queue.length = 0;
    this.wakeUp();
    this.host.unregister(this);
    if (!this.socket.destroyed) {
      // Give a FATAL message time to leave, then make sure the socket goes away.
      this.socket.once('finish', () => this.socket.destroy());
      setTimeout(() => this.socket.destroy(), 1000).unref();
    }
    const session = this.session;
    this.session = undefined;
    void (session ? session.close().catch(() => undefined) : Promise.resolve()).then(() => this.resolveClosed());
  }

  // --- startup and authentication ---

  private async onStartupPacket(m: StartupPhaseMessage): Promise<void> {
    switch (m.name) {
      case 'sslRequest':
        if (this.host.config.tls && !(this.socket instanceof TLSSocket)) return this.upgradeTls(this.host.config.tls);
        this.socket.write(msg.refuseEncryption);
        return;
      case 'gssEncRequest':
        this.socket.write(msg.refuseEncryption);
        return;
      case 'cancelRequest':
        this.host.cancel(m.processId, m.secretKey);
        this.phase = 'closed';
        this.host.unregister(this);
        this.socket.destroy();
        this.resolveClosed();
        return;
      case 'startup':
        return this.onStartup(m);
    }
  }

  private upgradeTls(context: SecureContext): void {
    // Bytes after SSLRequest and before the handshake would be unencrypted injections (CVE-2021-23214).
    if (this.parser.pending > 0 || this.queue.length > 0) {
      throw new ProtocolError('received unencrypted data after SSL request', '08P01', true);
    }
    const raw = this.socket;
    raw.off('data', this.onData);
    raw.write(msg.acceptSsl);
    const secure = new TLSSocket(raw, { isServer: true, secureContext: context });
    this.socket = secure;
    secure.on('data', this.onData);
    secure.on('error', () => this.close());
    secure.on('close', () => this.close());
  }

  private async onStartup(m: StartupMessage): Promise<void> {
    this.startup = m;
    const user = m.parameters.get('user');
    if (!user) throw new AuthError('28000', 'no PostgreSQL user name specified in startup packet');
    const encoding = m.parameters.get('client_encoding');
    if (encoding !== undefined && !/^(utf-?8|unicode|sql_ascii)$/i.test(encoding)) {
      throw new AuthError('22023', `invalid value for parameter "client_encoding": "${encoding}" (this server speaks UTF8 only)`);
    }
    const { auth, trustRemote, users } = this.host.config;
    if (auth === 'trust' && !trustRemote && !LOOPBACK.test(this.remoteAddress)) {
      throw new AuthError(
        '28000',
        `trust authentication is only allowed from loopback, not from host "${this.remoteAddress}": configure a password (--password or --users-file)`,
      );
    }
    this.auth = new Authenticator(auth, users, user);
    const step = this.auth.start();
    for (const b of step.send) this.send(b);
    if (step.done) await this.authenticated();
    else this.phase = 'auth';
  }

  private async authenticated(): Promise<void> {
    const m = this.startup!;
    const user = m.parameters.get('user')!;
    const applicationName = m.parameters.get('application_name') ?? '';
    try {
      this.session = await this.host.config.backends.openSession({ user, database: m.parameters.get('database') ?? user, applicationName });
    } catch (e) {
      throw toBackendError(e);
    }
    this.phase = 'ready';
    this.send(msg.authenticationOk);
    const encoding = m.parameters.get('client_encoding');
    const status: [string, string][] = [
      ['application_name', applicationName],
      ['client_encoding', encoding && /^sql_ascii$/i.test(encoding) ? 'SQL_ASCII' : 'UTF8'],
      ['DateStyle', 'ISO, MDY'],
      ['default_transaction_read_only', 'off'],
      ['in_hot_standby', 'off'],
      ['integer_datetimes', 'on'],
      ['IntervalStyle', 'postgres'],
      ['is_superuser', 'on'],
      ['server_encoding', 'UTF8'],
      ['server_version', SERVER_VERSION],
      ['session_authorization', user],
      ['standard_conforming_strings', 'on'],
      ['TimeZone', 'UTC'],
    ];
    for (const [k, v] of status) this.send(msg.parameterStatus(k, v));
    this.send(msg.backendKeyData(this.processId, this.secretKey));
    this.host.register(this);
    this.send(msg.readyForQuery('I'));
  }

  // --- queries ---

  /**
   * One message. Messages answered without waiting (Bind, Describe of a planned statement, Sync, Close) return
   * nothing, so a pipelined batch costs a promise only where the engine is asked to run something.
   */
  private onMessage(m: FrontendMessage): Promise<void> | void {
    if (this.phase === 'auth') return this.onPassword(m);
    if (m.name === 'terminate') return this.close();
    if (this.skipUntilSync && m.name !== 'sync') return;
    const session = this.session!;
    let pending: Promise<void> | void;
    try {
      pending = this.dispatch(session, m);
    } catch (e) {
      return this.messageFailed(session, m, e);
    }
    if (pending) return pending.catch((e: unknown) => this.messageFailed(session, m, e));
  }

  private async onPassword(m: FrontendMessage): Promise<void> {
    if (m.name !== 'password') throw new AuthError('08P01', `expected password response, got message type ${m.name}`);
    const step = this.auth!.respond(m.body);
    for (const b of step.send) this.send(b);
    if (step.done) await this.authenticated();
  }

  private dispatch(session: SessionBackend, m: FrontendMessage): Promise<void> | void {
    switch (m.name) {
      case 'query':
        return this.simpleQuery(session, m.sql);
      case 'parse':
        return this.parse(session, m.statement, m.sql, m.paramTypes);
      case 'bind':
        return this.bind(m);
      case 'describe':
        return this.describe(session, m.target, m.objectName);
      case 'execute':
        return this.execute(session, m.portal, m.maxRows);
      case 'close':
        if (m.target === 'S') this.statements.delete(m.objectName);
        else this.portals.delete(m.objectName);
        this.send(msg.closeComplete);
        return;
      case 'sync':
        this.skipUntilSync = false;
        // The unnamed portal lives until the end of the transaction; outside a block that is now.
        if (session.transactionStatus === 'I') this.portals.clear();
        this.readyForQuery(session.transactionStatus);
        return;
      case 'flush':
        return this.flush();
      case 'password':
        throw new ProtocolError('unexpected password message: authentication is complete');
      case 'invalid':
        throw m.error;
      case 'copyData':
      case 'copyDone':
      case 'copyFail':
        // Copy messages outside COPY (the rest of a failed one) are ignored, as PostgreSQL does.
        return;
      case 'unsupported':
        throw new BackendError('0A000', 'fastpath function calls are not supported');
    }
  }

  /** A message failed: ErrorResponse, then ReadyForQuery (simple query) or skipping until Sync (extended). */
  private messageFailed(session: SessionBackend, m: FrontendMessage, e: unknown): void {
    const err = e instanceof ProtocolError ? new BackendError(e.code, e.message) : toBackendError(e);
    this.send(msg.errorResponse(err.toNotice()));
    const simple = m.name === 'query' || (m.name === 'invalid' && m.code === 0x51);
    if (simple) this.readyForQuery(session.transactionStatus);
    else this.skipUntilSync = true;
  }

  private async parse(session: SessionBackend, statement: string, sql: string, paramTypes: readonly number[]): Promise<void> {
    if (statement !== '' && this.statements.has(statement)) {
      throw new BackendError('42P05', `prepared statement "${statement}" already exists`);
    }
    if (statement === '') this.statements.delete('');
    const description = await session.prepare(sql, paramTypes);
    this.statements.set(statement, { sql, description });
    this.send(msg.parseComplete);
  }

  private async simpleQuery(session: SessionBackend, sql: string): Promise<void> {
    this.statements.delete('');
    this.portals.delete('');
    const abort = this.statementController();
    let copyingOut = false;
    const copy: CopyChannel = {
      receive: (columns) => this.copyIn(columns),
      sendStart: (columns) => {
        this.send(msg.copyOutResponse(columns));
        copyingOut = true;
      },
      send: async (chunk) => {
        this.out.begin(BackendCode.CopyData).bytes(chunk).end();
        if (this.out.length >= FLUSH_AT) await this.flush();
      },
    };
    try {
      for await (const r of session.simpleQuery(sql, abort.signal, copy)) {
        if (copyingOut) {
          this.send(msg.copyDone);
          copyingOut = false;
        }
        if (r === 'empty') {
          this.send(msg.emptyQueryResponse);
          continue;
        }
        this.sendNotices(r);
        if (r.fields) this.send(rowDescription(r.fields, TEXT_FORMATS));
        if (r.fields) this.sendRows(r, 0, r.rows.length, TEXT_FORMATS);
        this.commandComplete(commandTag(r.command, r.rowCount));
        this.sendParameterChanges(r);
        if (this.out.length >= FLUSH_AT) await this.flush();
      }
    } catch (e) {
      this.send(msg.errorResponse((abort.signal.aborted && !(e instanceof BackendError) ? queryCanceled() : toBackendError(e)).toNotice()));
    } finally {
      this.current = undefined;
    }
    this.readyForQuery(session.transactionStatus);
  }

  private bind(m: BindMessage): void {
    const statement = this.statements.get(m.statement);
    if (!statement) throw new BackendError('26000', `prepared statement "${m.statement}" does not exist`);
    const types = statement.description.paramTypes;
    if (m.params.length !== types.length) {
      throw new ProtocolError(`bind message supplies ${m.params.length} parameters, but prepared statement "${m.statement}" requires ${types.length}`);
    }
    const paramFormats = expandFormats(m.paramFormats, m.params.length, 'parameter');
    const undeclared = statement.description.undeclared;
    const params: BoundParam[] = m.params.map((bytes, i) => {
      const type: PgType | undefined = typeForOid(types[i]!);
      if (bytes === null) return { type, value: null };
      if (undeclared?.[i]) {
        // Text reaches the engine as text; binary is read by the reported (inferred) type and handed on as its
        // text, or, when nothing was inferred (reported as text), taken as raw bytes.
        if (paramFormats[i] === 0) return { type: undefined, value: decodeParam(undefined, bytes, 0, i) };
        if (types[i] === TEXT_OID) return { type: BYTEA, value: new Uint8Array(bytes) };
        if (!type) return { type: undefined, value: decodeParam(undefined, bytes, 0, i) };
        try {
          return { type: undefined, value: textOut(type, decodeParam(type, bytes, 1, i)) };
        } catch (e) {
          if (e instanceof PgTypeError) throw toBackendError(e);
          throw e;
        }
      }
      try {
        return { type, value: decodeParam(type, bytes, paramFormats[i]!, i) };
      } catch (e) {
        if (e instanceof PgTypeError) throw toBackendError(e);
        throw e;
      }
    });
    const fields = statement.description.fields;
    if (fields) expandFormats(m.resultFormats, fields.length, 'result');
    if (m.portal !== '' && this.portals.has(m.portal)) throw new BackendError('42P03', `cursor "${m.portal}" already exists`);
    this.portals.set(m.portal, { statement, params, resultFormats: m.resultFormats, sent: 0 });
    this.send(msg.bindComplete);
  }

  private describe(session: SessionBackend, target: 'S' | 'P', name: string): Promise<void> | void {
    if (target === 'S') {
      const s = this.statements.get(name);
      if (!s) throw new BackendError('26000', `prepared statement "${name}" does not exist`);
      this.send(msg.parameterDescription(s.description.paramTypes));
      const fields = s.description.fields;
      this.send(fields ? rowDescription(fields, TEXT_FORMATS) : msg.noData);
      return;
    }
    const p = this.portals.get(name);
    if (!p) throw new BackendError('34000', `portal "${name}" does not exist`);
    // Columns Parse could not know (DML ... RETURNING, tables of this open transaction) come from running
    // the portal now; Execute then sends the rows it already has.
    if (!p.statement.description.fields && p.result === undefined) return this.runPortal(session, p).then(() => this.describePortal(p));
    this.describePortal(p);
  }

  private describePortal(p: Portal): void {
    const fields = p.result !== undefined && p.result !== 'empty' ? p.result.fields : p.result === 'empty' ? undefined : p.statement.description.fields;
    if (!fields) return this.send(msg.noData);
    this.send(rowDescription(fields, p.resultFormats));
  }

  private async runPortal(session: SessionBackend, p: Portal): Promise<void> {
    if (p.result !== undefined) return;
    const abort = this.statementController();
    try {
      const d = p.statement.description;
      p.result = d.execute ? await d.execute(p.params, abort.signal) : await session.execute(p.statement.sql, p.params, abort.signal);
    } finally {
      this.current = undefined;
    }
    if (p.result !== 'empty') {
      const described = p.statement.description.fields;
      // The columns Parse announced are the ones a client decodes with; DDL since then may change them.
      if (described && p.result.fields && !sameColumns(described, p.result.fields)) {
        p.result = undefined;
        throw new BackendError('0A000', 'cached plan must not change result type');
      }
      this.sendNotices(p.result);
      this.sendParameterChanges(p.result);
    }
  }

  private execute(session: SessionBackend, name: string, maxRows: number): Promise<void> | void {
    const p = this.portals.get(name);
    if (!p) throw new BackendError('34000', `portal "${name}" does not exist`);
    if (p.result === undefined) return this.runPortal(session, p).then(() => this.sendPortal(p, maxRows));
    this.sendPortal(p, maxRows);
  }

  /** Execute's answer from a portal that has run: its rows (up to maxRows) and CommandComplete or PortalSuspended. */
  private sendPortal(p: Portal, maxRows: number): void {
    const r = p.result!;
    if (r === 'empty') return this.send(msg.emptyQueryResponse);
    if (!r.fields) return this.commandComplete(commandTag(r.command, r.rowCount));
    const end = maxRows > 0 ? Math.min(r.rows.length, p.sent + maxRows) : r.rows.length;
    const count = end - p.sent;
    this.sendRows(r, p.sent, end, p.resultFormats.length === 0 ? TEXT_FORMATS : expandFormats(p.resultFormats, r.fields.length, 'result'));
    p.sent = end;
    if (end < r.rows.length) this.send(msg.portalSuspended);
    else this.commandComplete(commandTag(r.command, count));
  }

  /**
   * COPY FROM STDIN: CopyInResponse, then the CopyData payloads as they arrive, until CopyDone. The message
   * loop is waiting for this statement, so the messages are taken from the queue here; Flush and Sync are
   * ignored during COPY, as in PostgreSQL.
   */
  private async *copyIn(columns: number): AsyncGenerator<Uint8Array> {
    this.send(msg.copyInResponse(columns));
    await this.flush();
    for (;;) {
      const packet = await this.nextPacket();
      if (!packet) throw new BackendError('08006', 'the connection closed during COPY from stdin');
      if (packet.phase !== 'normal') throw new ProtocolError('unexpected startup packet during COPY from stdin', '08P01', true);
      const m = packet.message;
      switch (m.name) {
        case 'copyData':
          yield m.data;
          break;
        case 'copyDone':
          return;
        case 'copyFail':
          throw new BackendError('57014', `COPY from stdin failed: ${m.message}`);
        case 'sync':
        case 'flush':
          break;
        case 'terminate':
          this.close();
          throw new BackendError('08006', 'the client terminated the connection during COPY from stdin');
        default:
          throw new BackendError('08P01', `unexpected message type ${m.name} during COPY from stdin`);
      }
    }
  }

  /** The next message from the queue, waiting for the socket when there is none; undefined once closed. */
  private async nextPacket(): Promise<ParsedPacket | undefined> {
    for (;;) {
      if (this.queue.length > 0) return this.queue.shift();
      if (this.phase === 'closed') return undefined;
      if (this.socket.isPaused()) this.socket.resume();
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private wakeUp(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /** The abort signal of the statement about to run (one controller reused until a cancel uses it up). */
  private statementController(): AbortController {
    if (this.controller.signal.aborted) this.controller = new AbortController();
    this.current = this.controller;
    return this.controller;
  }

  private commandComplete(tag: string): void {
    this.out.begin(BackendCode.CommandComplete).cstring(tag).end();
  }

  private readyForQuery(status: TransactionStatus): void {
    const changes = this.session?.reportChanges?.();
    if (changes) for (const [k, v] of changes) this.pendingStatus.set(k, v);
    if (this.pendingStatus.size > 0) {
      for (const [k, v] of this.pendingStatus) this.send(msg.parameterStatus(k, v));
      this.pendingStatus.clear();
    }
    this.out.begin(BackendCode.ReadyForQuery).byte(status.charCodeAt(0)).end();
  }

  /** DataRow messages, built in the output buffer; `formats` has one code per column (or is TEXT_FORMATS). */
  private sendRows(r: StatementResult, from: number, to: number, formats: readonly number[]): void {
    const fields = r.fields!;
    const n = fields.length;
    const text = { timeZone: this.session?.timeZone ?? 'UTC' };
    const out = this.out;
    for (let i = from; i < to; i++) {
      const row = r.rows[i]!;
      out.begin(BackendCode.DataRow).int16(n);
      for (let c = 0; c < n; c++) {
        const v = row[c] ?? null;
        if (v === null) out.int32(-1);
        else if (formats[c] === 1) {
          const b = encodeBinary(fields[c]!.type, v);
          out.int32(b.length).bytes(b);
        } else out.text(textOut(fields[c]!.type, v, text));
      }
      out.end();
    }
  }

  private sendNotices(r: StatementResult): void {
    for (const n of r.notices ?? []) this.send(msg.noticeResponse(n));
  }

  /** Settings a statement changed: sent before the next ReadyForQuery, each once with its last value. */
  private sendParameterChanges(r: StatementResult): void {
    for (const [k, v] of r.parameterChanges ?? []) this.pendingStatus.set(k, v);
  }
}

const DEFER_WRITES = process.env.HELIOS_DEFER_WRITES !== '0';
const pendingFlushes: Connection[] = [];
function flushPending(): void {
  const list = pendingFlushes.splice(0);
  for (const c of list) c.writePending();
}

/** Bytes buffered before a write even in the middle of a batch or a result. */
const FLUSH_AT = 64 * 1024;
/** Result formats when Bind gave none: every column text (sendRows treats a missing code as text). */
const TEXT_FORMATS: readonly number[] = [];

/** DDL adds, drops or renames columns (no column changes its type): the count and names tell. */
function sameColumns(a: readonly { name: string }[], b: readonly { name: string }[]): boolean {
  return a.length === b.length && a.every((f, i) => f.name === b[i]!.name);
}

/** RowDescription of all-text columns, kept per column list (a prepared statement's or a kept plan's). */
const textRowDescriptions = new WeakMap<readonly ResultField[], Buffer>();

/** RowDescription for these columns in Bind's result formats (none: all text). */
function rowDescription(fields: readonly ResultField[], formats: readonly number[]): Buffer {
  if (formats.length === 0 || (formats.length === 1 && formats[0] === 0)) {
    let b = textRowDescriptions.get(fields);
    if (!b) {
      b = Buffer.from(msg.rowDescription(fields.map((f) => describeField(f, 0))));
      textRowDescriptions.set(fields, b);
    }
    return b;
  }
  const expanded = expandFormats(formats, fields.length, 'result');
  return msg.rowDescription(fields.map((f, i) => describeField(f, expanded[i]!)));
}

function describeField(f: { name: string; dataTypeID: number; typmod: number; type: PgType }, format: number): msg.FieldDescription {
  return { name: f.name, tableOid: 0, columnAttr: 0, dataTypeID: f.dataTypeID, dataTypeSize: typeLength(f.type), typmod: f.typmod, format };
}

/** Bind's format lists: none = all text, one = applies to all, else exactly one per item. */
function expandFormats(codes: readonly number[], count: number, what: string): number[] {
  if (codes.length === 0) return new Array<number>(count).fill(0);
  if (codes.length === 1) return new Array<number>(count).fill(codes[0]!);
  if (codes.length !== count) throw new ProtocolError(`bind message has ${codes.length} ${what} formats but ${count} ${what === 'result' ? 'columns' : 'parameters'}`);
  return [...codes];
}
