/**
 * 10,000 malformed messages over real sockets: random bytes before and after startup, random codes and
 * lengths, and valid messages truncated, bit-flipped or with random bodies. The server must answer with
 * well-formed messages only, never crash, and serve a good client afterwards.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgServer } from './server.js';
import { startTestServer } from './test-support/test-server.js';
import { type Socket, connect } from 'node:net';
import * as w from './test-support/wire-builder.js';

let server: PgServer;
beforeAll(async () => {
  server = await startTestServer({ maxMessage: 1 << 20 });
});
afterAll(async () => {
  await server.close();
});

/** xorshift32: deterministic, so a failure can be replayed. */
function rng(seed: number): () => number {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

const VALID: Buffer[] = [
  w.query('select 1'),
  w.parse('s', 'select $1::int', [23]),
  w.bind('', 's', [1], [w.int32(7)], [1]),
  w.describe('S', 's'),
  w.describe('P', ''),
  w.execute('', 1),
  w.close('P', ''),
  w.flush(),
  w.message('p', w.cstr('pw')),
  w.message('F', w.int32(1)),
  w.message('d', Buffer.from('copy')),
];
const CODES = 'BCDEFHPQSXfcdp?\0Zz';

function malformed(r: () => number): Buffer {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => Math.floor(r() * 256)));
  switch (Math.floor(r() * 5)) {
    case 0: {
      // A known or unknown code with a random, often absurd, length and a short random body.
      const len = pick([-1, 0, 3, 4, 5, 0x7fffffff, (1 << 20) + 1, Math.floor(r() * 64)]);
      return Buffer.concat([Buffer.from(pick(CODES.split('')), 'latin1'), w.int32(len), bytes(Math.floor(r() * 16))]);
    }
    case 1: {
      // A valid message cut short, with its length still claiming the full size... or fixed up to match.
      const m = pick(VALID);
      const cut = Math.floor(r() * m.length);
      const out = Buffer.from(m.subarray(0, Math.max(5, cut)));
      if (r() < 0.5) out.writeInt32BE(out.length - 1, 1);
      return out;
    }
    case 2: {
      // A valid message with random bits flipped in its body.
      const m = Buffer.from(pick(VALID));
      for (let i = 0; i < 3; i++) if (m.length > 5) { const at = 5 + Math.floor(r() * (m.length - 5)); m[at] = m[at]! ^ (1 << Math.floor(r() * 8)); }
      return m;
    }
    case 3:
      // Correct framing around random content.
      return w.message(pick('BCDEPQp'.split('')), bytes(Math.floor(r() * 40)));
    default:
      return bytes(1 + Math.floor(r() * 24));
  }
}

/** One connection: optional startup, garbage, then end; resolves with every byte the server sent. */
function session(port: number, parts: Buffer[]): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const s: Socket = connect({ host: '127.0.0.1', port }, () => {
      s.end(Buffer.concat(parts));
    });
    s.on('data', (c) => chunks.push(c));
    s.on('error', () => undefined);
    s.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

describe('fuzz', () => {
  it('survives 10,000 malformed messages and then serves a good client', async () => {
    const port = server.address.port;
    const r = rng(20261124);
    let sent = 0;
    let sessions = 0;
    const batch: Promise<void>[] = [];
    const check = (reply: Buffer): void => {
      // Everything the server sent parses as complete backend messages (a lone 'N' answers an SSL/GSS request).
      let { messages, rest } = w.splitBackend(reply);
      if (rest.length > 0 && reply[0] === 0x4e) ({ messages, rest } = w.splitBackend(reply.subarray(1)));
      expect(rest.length).toBe(0);
      const fatal = messages.findIndex((m) => m.code === 'E' && w.noticeFields(m.body).S === 'FATAL');
      if (fatal >= 0) expect(fatal).toBe(messages.length - 1);
    };
    while (sent < 10_000) {
      const parts: Buffer[] = [];
      const preStartup = r() < 0.15;
      if (preStartup) {
        parts.push(malformed(r));
        sent++;
      } else {
        parts.push(w.startup({ user: 'fuzz', database: 'fuzz' }));
        const n = 1 + Math.floor(r() * 60);
        for (let i = 0; i < n; i++) parts.push(malformed(r));
        sent += n;
        parts.push(w.sync(), w.query('select 1'));
      }
      sessions++;
      batch.push(session(port, parts).then(check));
      if (batch.length >= 8) await Promise.all(batch.splice(0));
    }
    await Promise.all(batch);
    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect(sessions).toBeGreaterThan(200);

    const c = new pg.Client({ host: '127.0.0.1', port, user: 'after-fuzz' });
    await c.connect();
    expect((await c.query('select $1::int * 2 as v', [21])).rows).toEqual([{ v: 42 }]);
    await c.end();
  });
});
