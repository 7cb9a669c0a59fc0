/** The protocol over real sockets with hand-built bytes: startup, simple and extended query, errors, cancel, shutdown. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { T } from '@heliosdb/types';
import type { PgServer } from './server.js';
import { BackendError } from './backend/backend-error.js';
import type { BackendFactory, SessionBackend, StatementResult } from './backend/session-backend.js';
import { RawClient } from './test-support/raw-client.js';
import { startTestServer } from './test-support/test-server.js';
import * as w from './test-support/wire-builder.js';
import type { RawMessage } from './test-support/wire-builder.js';

let server: PgServer;
let port: number;

beforeAll(async () => {
  server = await startTestServer();
  port = server.address.port;
});
afterAll(async () => {
  await server.close();
});

const codes = (ms: RawMessage[]): string => ms.map((m) => m.code).join('');
const text = (b: Buffer | null): string | null => (b === null ? null : b.toString('utf8'));
const tag = (m: RawMessage): string => m.body.subarray(0, m.body.length - 1).toString('utf8');

async function connected(p = port, params: Record<string, string> = { user: 'postgres', database: 'postgres' }): Promise<{ c: RawClient; startup: RawMessage[] }> {
  const c = await RawClient.connect(p);
  c.send(w.startup(params));
  const startup = await c.readUntil('Z');
  return { c, startup };
}

function statusOf(startup: RawMessage[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of startup.filter((x) => x.code === 'S')) {
    const [k, v] = m.body.toString('utf8').split('\0');
    out[k!] = v!;
  }
  return out;
}

describe('startup', () => {
  it('answers a byte-at-a-time startup with AuthenticationOk, ParameterStatus, BackendKeyData and ReadyForQuery', async () => {
    const c = await RawClient.connect(port);
    await c.sendBytewise(w.startup({ user: 'postgres', database: 'postgres', application_name: 'rawtest' }));
    const ms = await c.readUntil('Z');
    expect(ms[0]).toEqual({ code: 'R', body: w.int32(0) });
    expect(statusOf(ms)).toMatchObject({
      server_version: expect.stringMatching(/^15\./),
      server_encoding: 'UTF8',
      client_encoding: 'UTF8',
      DateStyle: 'ISO, MDY',
      TimeZone: 'UTC',
      integer_datetimes: 'on',
      standard_conforming_strings: 'on',
      application_name: 'rawtest',
      is_superuser: 'on',
    });
    expect(ms.at(-2)!.code).toBe('K');
    expect(ms.at(-2)!.body).toHaveLength(8);
    expect(ms.at(-1)).toEqual({ code: 'Z', body: Buffer.from('I') });
    c.send(w.terminate());
    await c.readToClose();
  });

  it('refuses SSL and GSS encryption with N, then accepts the plain startup', async () => {
    const c = await RawClient.connect(port);
    c.send(w.gssEncRequest());
    expect(await c.rawBytes(1)).toEqual(Buffer.from('N'));
    c.send(w.sslRequest());
    expect(await c.rawBytes(1)).toEqual(Buffer.from('N'));
    c.send(w.startup({ user: 'postgres' }));
    expect((await c.readUntil('Z')).at(-1)!.body).toEqual(Buffer.from('I'));
    c.end();
  });

  it('rejects a startup packet without a user with FATAL 28000', async () => {
    const c = await RawClient.connect(port);
    c.send(w.startup({ database: 'x' }));
    const ms = await c.readToClose();
    expect(codes(ms)).toBe('E');
    expect(w.noticeFields(ms[0]!.body)).toMatchObject({ S: 'FATAL', V: 'FATAL', C: '28000', M: 'no PostgreSQL user name specified in startup packet' });
  });
});

describe('simple query', () => {
  it('runs several statements in one string with exact CommandComplete tags', async () => {
    const { c } = await connected();
    c.send(w.query("select 1 as a, 'ü' as b; select x from generate_series(1,3) x; begin; commit"));
    const ms = await c.readUntil('Z');
    expect(codes(ms)).toBe('TDCTDDDCCCZ');
    expect(w.dataRowValues(ms[1]!.body).map(text)).toEqual(['1', 'ü']);
    expect([tag(ms[2]!), tag(ms[7]!), tag(ms[8]!), tag(ms[9]!)]).toEqual(['SELECT 1', 'SELECT 3', 'BEGIN', 'COMMIT']);
    c.end();
  });

  it('sends EmptyQueryResponse for an empty or whitespace-only query', async () => {
    const { c } = await connected();
    for (const q of ['', '   ', ';']) {
      c.send(w.query(q));
      expect(codes(await c.readUntil('Z'))).toBe(q === ';' ? 'IZ' : 'IZ');
    }
    c.end();
  });

  it('keeps results sent before an error, then ErrorResponse with S V C M P and ReadyForQuery', async () => {
    const { c } = await connected();
    c.send(w.query('select 1; select 1/0; select 3'));
    const ms = await c.readUntil('Z');
    expect(codes(ms)).toBe('TDCEZ');
    expect(w.noticeFields(ms[3]!.body)).toEqual({ S: 'ERROR', V: 'ERROR', C: '22012', M: 'division by zero', P: '19' });
    c.end();
  });

  it('moves to the failed-transaction state E and back to I on ROLLBACK, with a WARNING notice for a stray COMMIT', async () => {
    const { c } = await connected();
    c.send(w.query('begin'));
    expect((await c.readUntil('Z')).at(-1)!.body).toEqual(Buffer.from('T'));
    c.send(w.query('select 1/0'));
    expect((await c.readUntil('Z')).at(-1)!.body).toEqual(Buffer.from('E'));
    c.send(w.query('select 1'));
    const ignored = await c.readUntil('Z');
    expect(w.noticeFields(ignored[0]!.body).C).toBe('25P02');
    c.send(w.query('commit'));
    const ms = await c.readUntil('Z');
    expect(tag(ms[0]!)).toBe('ROLLBACK');
    expect(ms.at(-1)!.body).toEqual(Buffer.from('I'));
    c.send(w.query('commit'));
    const stray = await c.readUntil('Z');
    expect(codes(stray)).toBe('NCZ');
    expect(w.noticeFields(stray[0]!.body)).toMatchObject({ S: 'WARNING', C: '25P01', M: 'there is no transaction in progress' });
    c.end();
  });

  it('reports SET TimeZone with ParameterStatus and prints timestamptz in that zone', async () => {
    const { c } = await connected();
    c.send(w.query("set timezone = 'Asia/Kolkata'; select '2024-01-01 00:00:00+00'::timestamptz"));
    const ms = await c.readUntil('Z');
    // As PostgreSQL 15 does (parameter-status.test.ts): the change is reported right before ReadyForQuery.
    expect(codes(ms)).toBe('CTDCSZ');
    expect(ms[4]!.body.toString()).toBe('TimeZone\0Asia/Kolkata\0');
    expect(w.dataRowValues(ms[2]!.body).map(text)).toEqual(['2024-01-01 05:30:00+05:30']);
    c.end();
  });
});

describe('extended query', () => {
  it('Parse, Describe statement, Bind with binary parameters and results, Execute with a row limit', async () => {
    const { c } = await connected();
    c.send(
      w.parse('s', 'select x, $1::int8 * x as y from generate_series(1, 5) x', [20]),
      w.describe('S', 's'),
      w.bind('p', 's', [1], [Buffer.from([0, 0, 0, 0, 0, 0, 0, 10])], [0, 1]),
      w.describe('P', 'p'),
      w.execute('p', 2),
      w.execute('p', 2),
      w.execute('p', 2),
      w.sync(),
    );
    const ms = await c.readUntil('Z');
    expect(codes(ms)).toBe('1tT2TDDsDDsDCZ');
    expect(ms[1]!.body).toEqual(Buffer.concat([w.int16(1), w.int32(20)]));
    // Describe portal carries the result formats chosen in Bind.
    expect(ms[4]!.body).toEqual(
      Buffer.concat([w.int16(2), w.cstr('x'), w.int32(0), w.int16(0), w.int32(23), w.int16(4), w.int32(-1), w.int16(0), w.cstr('y'), w.int32(0), w.int16(0), w.int32(20), w.int16(8), w.int32(-1), w.int16(1)]),
    );
    const rows = [ms[5]!, ms[6]!, ms[8]!, ms[9]!, ms[11]!].map((m) => w.dataRowValues(m.body));
    expect(rows.map((r) => [text(r[0]!), r[1]!.readBigInt64BE(0)])).toEqual([1, 2, 3, 4, 5].map((x) => [String(x), BigInt(10 * x)]));
    expect(tag(ms[12]!)).toBe('SELECT 1');
    c.end();
  });

  it('decodes binary parameters of the common types', async () => {
    const { c } = await connected();
    const f8 = Buffer.alloc(8);
    f8.writeDoubleBE(-0.125);
    const f4 = Buffer.alloc(4);
    f4.writeFloatBE(1.5);
    const cases: [number, Buffer, string, string][] = [
      [21, w.int16(-7), 'int2', '-7'],
      [23, w.int32(2147483647), 'int4', '2147483647'],
      [20, Buffer.from('001fffffffffffff', 'hex'), 'int8', '9007199254740991'],
      [700, f4, 'float4', '1.5'],
      [701, f8, 'float8', '-0.125'],
      [16, Buffer.from([1]), 'bool', 't'],
      [25, Buffer.from('naïve', 'utf8'), 'text', 'naïve'],
      [17, Buffer.from([0xde, 0xad]), 'bytea', '\\xdead'],
      // numeric -12345.6789: ndigits 3, weight 1, sign 0x4000, dscale 4, digits 1 2345 6789
      [1700, Buffer.concat([w.int16(3), w.int16(1), Buffer.from([0x40, 0]), w.int16(4), w.int16(1), w.int16(2345), w.int16(6789)]), 'numeric', '-12345.6789'],
      // date 2024-02-29: 8825 days after 2000-01-01
      [1082, w.int32(8825), 'date', '2024-02-29'],
      // timestamp 2000-01-02 00:00:01.5 = 86401.5 s after 2000-01-01
      [1114, Buffer.from((86401500000n).toString(16).padStart(16, '0'), 'hex'), 'timestamp', '2000-01-02 00:00:01.5'],
    ];
    for (const [oid, bytes, type, expected] of cases) {
      c.send(w.parse('', `select $1::${type}`, [oid]), w.bind('', '', [1], [bytes], []), w.execute(''), w.sync());
      const ms = await c.readUntil('Z');
      expect(codes(ms), type).toBe('12DCZ');
      expect(w.dataRowValues(ms[2]!.body).map(text), type).toEqual([expected]);
    }
    c.end();
  });

  it('Flush sends what is pending without a Sync; ReadyForQuery only comes with the Sync', async () => {
    const { c } = await connected();
    c.send(w.parse('', 'select 7 as seven'), w.bind('', '', [], [], []), w.execute('', 0), w.flush());
    const ms = await c.readUntil('C');
    expect(codes(ms)).toBe('12DC');
    c.send(w.sync());
    expect(codes(await c.readUntil('Z'))).toBe('Z');
    c.end();
  });

  it('after an error skips everything until Sync, then reports ReadyForQuery', async () => {
    const { c } = await connected();
    c.send(w.parse('', 'selec 1'), w.bind('', '', [], [], []), w.execute(''), w.query('select 1'), w.sync());
    const ms = await c.readUntil('Z');
    expect(codes(ms)).toBe('EZ');
    expect(w.noticeFields(ms[0]!.body)).toMatchObject({ C: '42601', M: 'syntax error at or near "selec"', P: '1' });
    c.send(w.parse('', 'select 2'), w.bind('', '', [], [], []), w.execute(''), w.sync());
    expect(codes(await c.readUntil('Z'))).toBe('12DCZ');
    c.end();
  });

  it('rejects Bind with the wrong parameter count, a bad text parameter, and unknown statements or portals', async () => {
    const { c } = await connected();
    const errorOf = async (...parts: Buffer[]): Promise<Record<string, string>> => {
      c.send(...parts, w.sync());
      const ms = await c.readUntil('Z');
      return w.noticeFields(ms.find((m) => m.code === 'E')!.body);
    };
    expect(await errorOf(w.parse('', 'select $1::int'), w.bind('', '', [], [], []))).toMatchObject({ C: '08P01', M: 'bind message supplies 0 parameters, but prepared statement "" requires 1' });
    expect(await errorOf(w.parse('', 'select $1::int', [23]), w.bind('', '', [], [Buffer.from('x1')], []))).toMatchObject({ C: '22P02', M: 'invalid input syntax for type integer: "x1"' });
    expect(await errorOf(w.bind('', 'nope', [], [], []))).toMatchObject({ C: '26000', M: 'prepared statement "nope" does not exist' });
    expect(await errorOf(w.describe('P', 'nope'))).toMatchObject({ C: '34000', M: 'portal "nope" does not exist' });
    expect(await errorOf(w.execute('nope'))).toMatchObject({ C: '34000' });
    expect(await errorOf(w.parse('a', 'select 1'), w.parse('a', 'select 2'))).toMatchObject({ C: '42P05', M: 'prepared statement "a" already exists' });
    expect(await errorOf(w.parse('', 'select 1; select 2'))).toMatchObject({ C: '42601', M: 'cannot insert multiple commands into a prepared statement' });
    expect(await errorOf(w.parse('', 'select 1'), w.bind('', '', [], [], [1, 0]))).toMatchObject({ C: '08P01' });
    c.end();
  });

  it('Describe of a statement with no result gives NoData; Close frees names for reuse', async () => {
    const { c } = await connected();
    c.send(w.parse('b', 'begin'), w.describe('S', 'b'), w.close('S', 'b'), w.parse('b', 'select 1'), w.sync());
    expect(codes(await c.readUntil('Z'))).toBe('1tn31Z');
    c.send(w.parse('', ''), w.bind('', '', [], [], []), w.describe('P', ''), w.execute(''), w.sync());
    expect(codes(await c.readUntil('Z'))).toBe('12nIZ');
    c.end();
  });

  it('answers an ERROR (not a disconnect) to malformed content in a well-framed message', async () => {
    const { c } = await connected();
    c.send(w.message('Q', Buffer.from('no terminator')));
    const ms = await c.readUntil('Z');
    expect(codes(ms)).toBe('EZ');
    expect(w.noticeFields(ms[0]!.body).C).toBe('08P01');
    c.send(w.query('select 1'));
    expect(codes(await c.readUntil('Z'))).toBe('TDCZ');
    c.end();
  });
});

describe('robustness', () => {
  it('closes a connection whose message exceeds the configured limit with FATAL, and keeps serving others', async () => {
    const small = await startTestServer({ maxMessage: 1000 });
    try {
      const { c } = await connected(small.address.port);
      c.send(Buffer.from('Q'), w.int32(5000));
      const ms = await c.readToClose();
      expect(w.noticeFields(ms[0]!.body)).toMatchObject({ S: 'FATAL', C: '08P01' });
      const { c: d } = await connected(small.address.port);
      d.send(w.query('select 1'));
      expect(codes(await d.readUntil('Z'))).toBe('TDCZ');
      d.end();
    } finally {
      await small.close();
    }
  });

  it('survives a client that disconnects in the middle of a message or a query', async () => {
    const { c } = await connected();
    c.send(w.query('select 1').subarray(0, 7));
    c.end();
    const { c: d } = await connected();
    d.send(w.query('select x from generate_series(1, 20000) x'));
    d.end();
    const { c: e } = await connected();
    e.send(w.query('select 42'));
    expect(w.dataRowValues((await e.readUntil('Z'))[1]!.body).map(text)).toEqual(['42']);
    e.end();
  });
});

/** A backend whose statements wait until cancelled: makes cancel and shutdown deterministic. */
class BlockingBackend implements BackendFactory {
  started = 0;
  private onStart: (() => void)[] = [];
  whenStarted(n: number): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => (this.started >= n ? resolve() : void this.onStart.push(check));
      check();
    });
  }
  async openSession(): Promise<SessionBackend> {
    const self = this;
    const wait = (signal: AbortSignal): Promise<StatementResult> =>
      new Promise((_, reject) => {
        self.started++;
        for (const f of self.onStart.splice(0)) f();
        signal.addEventListener('abort', () => reject(new BackendError('57014', 'canceling statement due to user request')));
      });
    return {
      transactionStatus: 'I',
      timeZone: 'UTC',
      async *simpleQuery(sql, signal) {
        if (sql === 'fast') {
          yield { command: 'SELECT', rowCount: 1, fields: [{ name: 'x', dataTypeID: 25, typmod: -1, type: T.text }], rows: [['fast']] };
          return;
        }
        yield await wait(signal);
      },
      async prepare() {
        return { paramTypes: [], fields: undefined };
      },
      async execute(_sql, _params, signal) {
        return wait(signal);
      },
      async close() {},
    };
  }
  async close(): Promise<void> {}
}

describe('CancelRequest and shutdown', () => {
  it('cancels the running statement only with the right secret key', async () => {
    const backend = new BlockingBackend();
    const s = await startTestServer({ backends: backend });
    try {
      const { c, startup } = await connected(s.address.port);
      const key = startup.find((m) => m.code === 'K')!.body;
      c.send(w.query('slow'));
      await backend.whenStarted(1);
      const wrong = await RawClient.connect(s.address.port);
      wrong.send(w.cancelRequest(key.readInt32BE(0), key.readInt32BE(4) ^ 1));
      await wrong.readToClose();
      // Still running: a fresh connection's fast query completes while the first one waits.
      const { c: other } = await connected(s.address.port);
      other.send(w.query('fast'));
      expect(codes(await other.readUntil('Z'))).toBe('TDCZ');
      other.end();
      const right = await RawClient.connect(s.address.port);
      right.send(w.cancelRequest(key.readInt32BE(0), key.readInt32BE(4)));
      expect(await right.readToClose()).toEqual([]);
      const ms = await c.readUntil('Z');
      expect(codes(ms)).toBe('EZ');
      expect(w.noticeFields(ms[0]!.body)).toMatchObject({ C: '57014', M: 'canceling statement due to user request' });
      c.end();
    } finally {
      await s.close();
    }
  });

  it('on close: stops accepting, cancels in-flight work and sends FATAL 57P01 to every client', async () => {
    const backend = new BlockingBackend();
    const s = await startTestServer({ backends: backend });
    const p = s.address.port;
    const { c: idle } = await connected(p);
    const { c: busy } = await connected(p);
    busy.send(w.query('slow'));
    await backend.whenStarted(1);
    await s.close();
    const idleMs = await idle.readToClose();
    expect(w.noticeFields(idleMs.at(-1)!.body)).toMatchObject({ S: 'FATAL', C: '57P01', M: 'terminating connection due to administrator command' });
    const busyMs = await busy.readToClose();
    expect(codes(busyMs)).toBe('EZE');
    expect(w.noticeFields(busyMs[0]!.body).C).toBe('57014');
    expect(w.noticeFields(busyMs[2]!.body).C).toBe('57P01');
    await expect(RawClient.connect(p)).rejects.toThrow();
  });
});
