/**
 * Test-only byte builders, written independently of src/protocol: every field spelled out by hand
 * so a mistake in the production writer or parser cannot hide behind the same mistake here.
 */
export function int16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
}

export function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

export function cstr(s: string): Buffer {
  return Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]);
}

/** A typed message: code letter, int32 length (itself + body), body. */
export function message(code: string, ...body: Buffer[]): Buffer {
  const b = Buffer.concat(body);
  return Buffer.concat([Buffer.from(code, 'latin1'), int32(b.length + 4), b]);
}

export function startup(params: Record<string, string>): Buffer {
  const body = Buffer.concat([int32(196608), ...Object.entries(params).flatMap(([k, v]) => [cstr(k), cstr(v)]), Buffer.from([0])]);
  return Buffer.concat([int32(body.length + 4), body]);
}

export const sslRequest = (): Buffer => Buffer.concat([int32(8), int32(80877103)]);
export const gssEncRequest = (): Buffer => Buffer.concat([int32(8), int32(80877104)]);
export const cancelRequest = (pid: number, key: number): Buffer => Buffer.concat([int32(16), int32(80877102), int32(pid), int32(key)]);

export const query = (sql: string): Buffer => message('Q', cstr(sql));
export const parse = (name: string, sql: string, types: number[] = []): Buffer => message('P', cstr(name), cstr(sql), int16(types.length), ...types.map(int32));
export function bind(portal: string, statement: string, paramFormats: number[], params: (Buffer | null)[], resultFormats: number[]): Buffer {
  return message(
    'B',
    cstr(portal),
    cstr(statement),
    int16(paramFormats.length),
    ...paramFormats.map(int16),
    int16(params.length),
    ...params.flatMap((p) => (p === null ? [int32(-1)] : [int32(p.length), p])),
    int16(resultFormats.length),
    ...resultFormats.map(int16),
  );
}
export const describe = (kind: 'S' | 'P', name: string): Buffer => message('D', Buffer.from(kind), cstr(name));
export const execute = (portal: string, maxRows = 0): Buffer => message('E', cstr(portal), int32(maxRows));
export const close = (kind: 'S' | 'P', name: string): Buffer => message('C', Buffer.from(kind), cstr(name));
export const sync = (): Buffer => message('S');
export const flush = (): Buffer => message('H');
export const terminate = (): Buffer => message('X');
export const copyData = (data: Buffer): Buffer => message('d', data);
export const copyDone = (): Buffer => message('c');
export const copyFail = (reason: string): Buffer => message('f', cstr(reason));

/** A backend message as the test reads it: code letter and raw body. */
export interface RawMessage {
  readonly code: string;
  readonly body: Buffer;
}

/** Splits backend bytes into messages (test-side reader, independent of production code). */
export function splitBackend(data: Buffer): { messages: RawMessage[]; rest: Buffer } {
  const messages: RawMessage[] = [];
  let at = 0;
  while (data.length - at >= 5) {
    const len = data.readInt32BE(at + 1);
    if (data.length - at < len + 1) break;
    messages.push({ code: String.fromCharCode(data[at]!), body: data.subarray(at + 5, at + 1 + len) });
    at += len + 1;
  }
  return { messages, rest: data.subarray(at) };
}

/** ErrorResponse/NoticeResponse body -> field letter map. */
export function noticeFields(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  while (at < body.length && body[at] !== 0) {
    const letter = String.fromCharCode(body[at]!);
    const end = body.indexOf(0, at + 1);
    out[letter] = body.subarray(at + 1, end).toString('utf8');
    at = end + 1;
  }
  return out;
}

/** DataRow body -> column values (null for -1). */
export function dataRowValues(body: Buffer): (Buffer | null)[] {
  const n = body.readInt16BE(0);
  const out: (Buffer | null)[] = [];
  let at = 2;
  for (let i = 0; i < n; i++) {
    const len = body.readInt32BE(at);
    at += 4;
    if (len === -1) out.push(null);
    else {
      out.push(body.subarray(at, at + len));
      at += len;
    }
  }
  return out;
}
