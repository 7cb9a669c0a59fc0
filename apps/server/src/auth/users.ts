/**
 * Who may connect and how. A user's secret is a plaintext password, a SCRAM verifier
 * (`SCRAM-SHA-256$...`, as PostgreSQL stores it) or an md5 hash (`md5` + 32 hex digits).
 * A users file is JSON: `{ "alice": "secret", "bob": "SCRAM-SHA-256$4096:..." }`.
 */
import { readFileSync } from 'node:fs';
import { md5Stored } from './md5.js';
import { type ScramVerifier, parseScramVerifier, scramVerifier } from './scram.js';

export type AuthMethod = 'trust' | 'password' | 'md5' | 'scram-sha-256';
export const AUTH_METHODS: readonly AuthMethod[] = ['trust', 'password', 'md5', 'scram-sha-256'];

export interface UserSecret {
  /** Known only when configured in plaintext (needed for `password` authentication). */
  readonly plaintext?: string;
  readonly scram?: ScramVerifier;
  readonly md5?: string;
}

export class UserStore {
  private readonly users = new Map<string, UserSecret>();

  get size(): number {
    return this.users.size;
  }

  add(name: string, secret: string): this {
    const scram = parseScramVerifier(secret);
    if (scram) this.users.set(name, { scram });
    else if (/^md5[0-9a-f]{32}$/.test(secret)) this.users.set(name, { md5: secret });
    else this.users.set(name, { plaintext: secret, scram: scramVerifier(secret), md5: md5Stored(name, secret) });
    return this;
  }

  get(name: string): UserSecret | undefined {
    return this.users.get(name);
  }

  static fromFile(path: string): UserStore {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new Error(`users file ${path}: ${(e as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error(`users file ${path}: expected a JSON object of user name -> password or verifier`);
    }
    const store = new UserStore();
    for (const [name, secret] of Object.entries(parsed)) {
      if (typeof secret !== 'string') throw new Error(`users file ${path}: the secret of user "${name}" must be a string`);
      store.add(name, secret);
    }
    return store;
  }
}
