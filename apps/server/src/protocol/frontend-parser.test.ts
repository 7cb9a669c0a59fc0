import { describe, expect, it } from 'vitest';
import { FrontendParser, type ParsedPacket } from './frontend-parser.js';
import { ProtocolError } from './protocol-error.js';
import * as w from '../test-support/wire-builder.js';

/** Feeds `bytes` split at `cut` (and, for a second pass, one byte at a time) and returns every packet. */
function parseSplit(bytes: Buffer, cut: number, startupDone = true): ParsedPacket[] {
  const p = new FrontendParser();
  p.startupPhase = !startupDone;
  return [...p.push(bytes.subarray(0, cut)), ...p.push(bytes.subarray(cut))];
}

function everySplit(bytes: Buffer, startupDone = true): ParsedPacket[] {
  const whole = parseSplit(bytes, bytes.length, startupDone);
  for (let cut = 0; cut <= bytes.length; cut++) expect(parseSplit(bytes, cut, startupDone)).toEqual(whole);
  const p = new FrontendParser();
  p.startupPhase = !startupDone;
  const bytewise: ParsedPacket[] = [];
  for (const b of bytes) bytewise.push(...p.push(Buffer.from([b])));
  expect(bytewise).toEqual(whole);
  return whole;
}

describe('FrontendParser, startup phase', () => {
  it('reads SSLRequest, then StartupMessage with its parameters, split at every byte', () => {
    const bytes = Buffer.concat([w.sslRequest(), w.startup({ user: 'zoë', database: 'db', application_name: 'psql' })]);
    const packets = everySplit(bytes, false);
    expect(packets.map((p) => p.message)).toEqual([
      { name: 'sslRequest' },
      { name: 'startup', protocolVersion: 196608, parameters: new Map([['user', 'zoë'], ['database', 'db'], ['application_name', 'psql']]) },
    ]);
  });

  it('reads GSSENCRequest and CancelRequest', () => {
    expect(everySplit(w.gssEncRequest(), false)[0]!.message).toEqual({ name: 'gssEncRequest' });
    expect(everySplit(w.cancelRequest(42, -7), false)[0]!.message).toEqual({ name: 'cancelRequest', processId: 42, secretKey: -7 });
  });

  it('switches to typed messages after StartupMessage in the same chunk', () => {
    const bytes = Buffer.concat([w.startup({ user: 'u' }), w.query('select 1')]);
    const packets = everySplit(bytes, false);
    expect(packets[1]).toEqual({ phase: 'normal', message: { name: 'query', sql: 'select 1' } });
  });

  it('rejects a startup length below 8 or above 10000, and protocol 2.0, as fatal', () => {
    for (const bytes of [w.int32(7), Buffer.concat([w.int32(10001), w.int32(196608)]), Buffer.concat([w.int32(8), w.int32(0x20000)])]) {
      const p = new FrontendParser();
      let err: unknown;
      try {
        p.push(bytes);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ProtocolError);
      expect((err as ProtocolError).fatal).toBe(true);
    }
  });
});

describe('FrontendParser, typed messages', () => {
  it('reads the extended-query messages, split at every boundary', () => {
    const bytes = Buffer.concat([
      w.parse('s1', 'select $1::int, $2', [23, 0]),
      w.bind('p1', 's1', [1, 0], [w.int32(5), null], [1]),
      w.describe('P', 'p1'),
      w.execute('p1', 10),
      w.close('S', 's1'),
      w.flush(),
      w.sync(),
      w.terminate(),
    ]);
    const packets = everySplit(bytes);
    expect(packets.map((p) => p.message)).toEqual([
      { name: 'parse', statement: 's1', sql: 'select $1::int, $2', paramTypes: [23, 0] },
      { name: 'bind', portal: 'p1', statement: 's1', paramFormats: [1, 0], params: [w.int32(5), null], resultFormats: [1] },
      { name: 'describe', target: 'P', objectName: 'p1' },
      { name: 'execute', portal: 'p1', maxRows: 10 },
      { name: 'close', target: 'S', objectName: 's1' },
      { name: 'flush' },
      { name: 'sync' },
      { name: 'terminate' },
    ]);
  });

  it('keeps multi-byte UTF-8 text intact when a character is split across chunks', () => {
    const packets = everySplit(w.query("select 'ü€😀'"));
    expect(packets[0]!.message).toEqual({ name: 'query', sql: "select 'ü€😀'" });
  });

  it('reports malformed content as a non-fatal invalid message and keeps reading', () => {
    const bytes = Buffer.concat([
      w.message('Q', Buffer.from('no terminator')),
      w.message('D', Buffer.from('X'), w.cstr('x')),
      w.message('Q', w.cstr('a'), Buffer.from('extra')),
      w.message('Q', Buffer.from([0xff, 0xfe, 0])),
      w.query('select 2'),
    ]);
    const packets = everySplit(bytes).map((p) => p.message);
    expect(packets.slice(0, 4).map((m) => m.name)).toEqual(['invalid', 'invalid', 'invalid', 'invalid']);
    const codes = packets.slice(0, 4).map((m) => (m.name === 'invalid' ? m.error.code : ''));
    expect(codes).toEqual(['08P01', '08P01', '08P01', '22021']);
    expect(packets[4]).toEqual({ name: 'query', sql: 'select 2' });
  });

  it('rejects unknown message types, lengths below 4 and lengths over the limit as fatal', () => {
    const cases = [Buffer.concat([Buffer.from('?'), w.int32(4)]), Buffer.concat([Buffer.from('Q'), w.int32(3)]), Buffer.concat([Buffer.from('Q'), w.int32(1001)])];
    for (const bytes of cases) {
      const p = new FrontendParser(1000);
      p.startupPhase = false;
      expect(() => p.push(bytes)).toThrow(ProtocolError);
    }
  });

  it('accepts a message exactly at the size limit', () => {
    const p = new FrontendParser(14);
    p.startupPhase = false;
    expect(p.push(w.query('123456789'))[0]!.message).toEqual({ name: 'query', sql: '123456789' }); // 4 + 10 = 14
  });

  it('reads CopyData (any bytes, NUL included), CopyDone and CopyFail, split at every byte', () => {
    const data = Buffer.from([0x31, 0x09, 0x00, 0xff, 0x0a]);
    const packets = everySplit(Buffer.concat([w.copyData(data), w.copyData(Buffer.alloc(0)), w.copyDone(), w.copyFail('gave up: ü')]));
    expect(packets.map((p) => p.message)).toEqual([
      { name: 'copyData', data },
      { name: 'copyData', data: Buffer.alloc(0) },
      { name: 'copyDone' },
      { name: 'copyFail', message: 'gave up: ü' },
    ]);
  });

  it('waits for a large message without re-copying what it has (bounded work per chunk)', () => {
    const sql = `select '${'x'.repeat(1 << 20)}'`;
    const bytes = w.query(sql);
    const p = new FrontendParser();
    p.startupPhase = false;
    const out: ParsedPacket[] = [];
    for (let i = 0; i < bytes.length; i += 4096) out.push(...p.push(bytes.subarray(i, i + 4096)));
    expect(out).toHaveLength(1);
    expect(out[0]!.message).toEqual({ name: 'query', sql });
  });
});
