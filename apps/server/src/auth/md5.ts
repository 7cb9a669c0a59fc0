/** PostgreSQL's md5 password scheme: stored `md5` + md5(password + user); on the wire md5(stored-hex + salt). */
import { createHash, timingSafeEqual } from 'node:crypto';

const md5hex = (data: Buffer | string): string => createHash('md5').update(data).digest('hex');

/** The stored form, as in pg_authid.rolpassword. */
export function md5Stored(user: string, password: string): string {
  return `md5${md5hex(password + user)}`;
}

/** Checks the client's `md5...` response to a 4-byte salt against the stored form. */
export function checkMd5Response(stored: string, salt: Uint8Array, response: string): boolean {
  const expected = `md5${md5hex(Buffer.concat([Buffer.from(stored.slice(3), 'latin1'), salt]))}`;
  const a = Buffer.from(expected);
  const b = Buffer.from(response);
  return a.length === b.length && timingSafeEqual(a, b);
}
