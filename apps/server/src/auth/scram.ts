/**
 * SCRAM-SHA-256, server side (RFC 5802, RFC 7677), as PostgreSQL runs it: the user name in the
 * client-first-message is ignored (the startup packet's user counts), no channel binding is offered
 * (only the mechanism SCRAM-SHA-256, so a client may send gs2 flag `n` or `y`).
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export const SCRAM_MECHANISM = 'SCRAM-SHA-256';
export const DEFAULT_ITERATIONS = 4096;

/** What the server keeps instead of the password: PostgreSQL's `SCRAM-SHA-256$<iter>:<salt>$<StoredKey>:<ServerKey>`. */
export interface ScramVerifier {
  readonly iterations: number;
  readonly salt: Buffer;
  readonly storedKey: Buffer;
  readonly serverKey: Buffer;
}

export class ScramError extends Error {
  override readonly name = 'ScramError';
  /** 08P01 for a malformed exchange, 28P01 for a wrong password. */
  constructor(
    message: string,
    readonly code: '08P01' | '28P01',
  ) {
    super(message);
  }
}

const hmac = (key: Buffer, data: string | Buffer): Buffer => createHmac('sha256', key).update(data).digest();
const sha256 = (data: Buffer): Buffer => createHash('sha256').update(data).digest();

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

/** Derives the verifier; passwords are used as UTF-8 (SASLprep is the identity on ASCII and is not applied). */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = DEFAULT_ITERATIONS): ScramVerifier {
  const salted = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const clientKey = hmac(salted, 'Client Key');
  return { iterations, salt, storedKey: sha256(clientKey), serverKey: hmac(salted, 'Server Key') };
}

export function formatScramVerifier(v: ScramVerifier): string {
  return `SCRAM-SHA-256$${v.iterations}:${v.salt.toString('base64')}$${v.storedKey.toString('base64')}:${v.serverKey.toString('base64')}`;
}

/** Parses PostgreSQL's rolpassword form; undefined if `text` is not one. */
export function parseScramVerifier(text: string): ScramVerifier | undefined {
  const m = /^SCRAM-SHA-256\$(\d+):([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)$/.exec(text);
  if (!m) return undefined;
  const storedKey = Buffer.from(m[3]!, 'base64');
  const serverKey = Buffer.from(m[4]!, 'base64');
  if (storedKey.length !== 32 || serverKey.length !== 32) return undefined;
  return { iterations: Number(m[1]), salt: Buffer.from(m[2]!, 'base64'), storedKey, serverKey };
}

function attributes(message: string, what: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of message.split(',')) {
    const m = /^([A-Za-z])=(.*)$/s.exec(part);
    if (!m) throw new ScramError(`malformed SCRAM message: ${what} has an invalid attribute "${part.slice(0, 20)}"`, '08P01');
    out.set(m[1]!, m[2]!);
  }
  return out;
}

/**
 * One SCRAM exchange. `verifier` undefined means an unknown user: the exchange runs to the end
 * with a made-up salt and fails, so the client cannot tell unknown users from wrong passwords.
 */
export class ScramServer {
  private clientFirstBare = '';
  private serverFirst = '';
  private nonce = '';
  private readonly verifier: ScramVerifier;

  constructor(
    verifier: ScramVerifier | undefined,
    private readonly serverNonce = randomBytes(18).toString('base64'),
  ) {
    this.known = verifier !== undefined;
    this.verifier = verifier ?? scramVerifier(randomBytes(16).toString('hex'));
  }

  private readonly known: boolean;

  /** client-first-message -> server-first-message. */
  firstMessage(clientFirst: string): string {
    const m = /^([ny]|p=[^,]*),([^,]*),(.*)$/s.exec(clientFirst);
    if (!m) throw new ScramError('malformed SCRAM message: client-first-message has no GS2 header', '08P01');
    if (m[1]!.startsWith('p=')) throw new ScramError('channel binding is not supported by this server', '08P01');
    if (m[2] !== '') throw new ScramError('client uses authorization identity, but it is not supported', '08P01');
    this.clientFirstBare = m[3]!;
    const attrs = attributes(this.clientFirstBare, 'client-first-message');
    const clientNonce = attrs.get('r');
    if (clientNonce === undefined || clientNonce === '' || /[^\x21-\x7e]|,/.test(clientNonce)) {
      throw new ScramError('malformed SCRAM message: client-first-message has no valid nonce', '08P01');
    }
    if (this.clientFirstBare.startsWith('m=')) throw new ScramError('SCRAM extensions are not supported', '08P01');
    this.nonce = clientNonce + this.serverNonce;
    this.serverFirst = `r=${this.nonce},s=${this.verifier.salt.toString('base64')},i=${this.verifier.iterations}`;
    this.gs2Header = `${m[1]},${m[2]},`;
    return this.serverFirst;
  }

  private gs2Header = '';

  /** client-final-message -> server-final-message; throws ScramError 28P01 when the proof is wrong. */
  finalMessage(clientFinal: string): string {
    const proofAt = clientFinal.lastIndexOf(',p=');
    if (proofAt < 0) throw new ScramError('malformed SCRAM message: client-final-message has no proof', '08P01');
    const withoutProof = clientFinal.slice(0, proofAt);
    const attrs = attributes(withoutProof, 'client-final-message');
    const binding = attrs.get('c');
    if (binding === undefined || Buffer.from(binding, 'base64').toString('latin1') !== this.gs2Header) {
      throw new ScramError('SCRAM channel binding check failed', '08P01');
    }
    if (attrs.get('r') !== this.nonce) throw new ScramError('SCRAM nonce mismatch', '08P01');
    const proof = Buffer.from(clientFinal.slice(proofAt + 3), 'base64');
    if (proof.length !== 32) throw new ScramError('malformed SCRAM message: invalid ClientProof', '08P01');
    const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
    const signature = hmac(this.verifier.storedKey, authMessage);
    const clientKey = xor(proof, signature);
    if (!this.known || !timingSafeEqual(sha256(clientKey), this.verifier.storedKey)) {
      throw new ScramError('password authentication failed', '28P01');
    }
    return `v=${hmac(this.verifier.serverKey, authMessage).toString('base64')}`;
  }
}
