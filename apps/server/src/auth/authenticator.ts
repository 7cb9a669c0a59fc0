/**
 * One connection's authentication exchange as a small state machine: `start()` gives the first
 * message to send; each PasswordMessage / SASL response goes to `respond()`, which returns the next
 * message, 'ok', or throws AuthError (sent as FATAL, then the connection closes).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  authenticationCleartextPassword,
  authenticationMd5Password,
  authenticationSasl,
  authenticationSaslContinue,
  authenticationSaslFinal,
} from '../protocol/backend-messages.js';
import { BufferReader } from '../protocol/buffer-reader.js';
import { checkMd5Response, md5Stored } from './md5.js';
import { SCRAM_MECHANISM, ScramError, ScramServer, scramVerifier } from './scram.js';
import type { AuthMethod, UserStore } from './users.js';

export class AuthError extends Error {
  override readonly name = 'AuthError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type AuthStep = { readonly send: Buffer[]; readonly done: boolean };

const failed = (user: string): AuthError => new AuthError('28P01', `password authentication failed for user "${user}"`);

export class Authenticator {
  private phase: 'start' | 'cleartext' | 'md5' | 'sasl-initial' | 'sasl-final' | 'done' = 'start';
  private salt = Buffer.alloc(0);
  private scram?: ScramServer;

  constructor(
    private readonly method: AuthMethod,
    private readonly users: UserStore,
    private readonly user: string,
  ) {}

  start(): AuthStep {
    const secret = this.users.get(this.user);
    switch (this.method) {
      case 'trust':
        this.phase = 'done';
        return { send: [], done: true };
      case 'password':
        this.phase = 'cleartext';
        return { send: [authenticationCleartextPassword], done: false };
      case 'md5':
        // As in PostgreSQL: a user whose only secret is a SCRAM verifier is asked for SCRAM instead.
        if (secret?.md5 !== undefined || secret === undefined) {
          this.phase = 'md5';
          this.salt = randomBytes(4);
          return { send: [authenticationMd5Password(this.salt)], done: false };
        }
        return this.startScram();
      case 'scram-sha-256':
        return this.startScram();
    }
  }

  private startScram(): AuthStep {
    this.phase = 'sasl-initial';
    this.scram = new ScramServer(this.users.get(this.user)?.scram);
    return { send: [authenticationSasl([SCRAM_MECHANISM])], done: false };
  }

  respond(body: Buffer): AuthStep {
    switch (this.phase) {
      case 'cleartext': {
        const password = readPassword(body);
        if (!this.checkPlaintext(password)) throw failed(this.user);
        return this.finish([]);
      }
      case 'md5': {
        const response = readPassword(body);
        const stored = this.users.get(this.user)?.md5;
        if (stored === undefined || !checkMd5Response(stored, this.salt, response)) throw failed(this.user);
        return this.finish([]);
      }
      case 'sasl-initial': {
        const r = new BufferReader(body, 'SASLInitialResponse');
        const mechanism = r.cstring();
        if (mechanism !== SCRAM_MECHANISM) throw new AuthError('08P01', `client selected an invalid SASL authentication mechanism "${mechanism}"`);
        const length = r.int32();
        const data = length < 0 ? '' : r.bytes(length).toString('utf8');
        r.end();
        const reply = this.scramStep(() => this.scram!.firstMessage(data));
        this.phase = 'sasl-final';
        return { send: [authenticationSaslContinue(reply)], done: false };
      }
      case 'sasl-final': {
        const reply = this.scramStep(() => this.scram!.finalMessage(body.toString('utf8')));
        return this.finish([authenticationSaslFinal(reply)]);
      }
      default:
        throw new AuthError('08P01', 'unexpected password message: no authentication exchange is in progress');
    }
  }

  private finish(send: Buffer[]): AuthStep {
    this.phase = 'done';
    return { send, done: true };
  }

  private scramStep(step: () => string): string {
    try {
      return step();
    } catch (e) {
      if (e instanceof ScramError) throw e.code === '28P01' ? failed(this.user) : new AuthError('08P01', e.message);
      throw e;
    }
  }

  /** Cleartext passwords are checked against whichever secret is stored. */
  private checkPlaintext(password: string): boolean {
    const secret = this.users.get(this.user);
    if (!secret) return false;
    if (secret.plaintext !== undefined) return safeEqual(secret.plaintext, password);
    if (secret.scram) {
      const v = scramVerifier(password, secret.scram.salt, secret.scram.iterations);
      return timingSafeEqual(v.storedKey, secret.scram.storedKey);
    }
    return secret.md5 !== undefined && safeEqual(secret.md5, md5Stored(this.user, password));
  }
}

function readPassword(body: Buffer): string {
  const r = new BufferReader(body, 'PasswordMessage');
  const password = r.cstring();
  r.end();
  return password;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
