/**
 * Splits the client's byte stream into frontend messages, however the bytes are chunked.
 * Startup-phase packets have no type byte (int32 length, int32 code); every later message is
 * a type byte and an int32 length that includes itself but not the type byte.
 */
import { BufferReader } from './buffer-reader.js';
import {
  CANCEL_REQUEST_CODE,
  FrontendCode,
  GSSENC_REQUEST_CODE,
  MAX_STARTUP_PACKET,
  PROTOCOL_3_0,
  SSL_REQUEST_CODE,
} from './codes.js';
import type { FrontendMessage, StartupPhaseMessage } from './frontend-messages.js';
import { ProtocolError } from './protocol-error.js';

export type ParsedPacket = { readonly phase: 'startup'; readonly message: StartupPhaseMessage } | { readonly phase: 'normal'; readonly message: FrontendMessage };

export const DEFAULT_MAX_MESSAGE = 1024 * 1024 * 1024; // 1 GiB, PostgreSQL's PQ_LARGE_MESSAGE_LIMIT

export class FrontendParser {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** True until a StartupMessage is read; SSLRequest and GSSENCRequest keep the parser in this phase. */
  startupPhase = true;

  constructor(private readonly maxMessage = DEFAULT_MAX_MESSAGE) {}

  /** Bytes received but not yet part of a complete message. */
  get pending(): number {
    return this.buffered;
  }

  /** Feeds bytes; returns every message now complete. Throws a fatal ProtocolError on bad framing. */
  push(chunk: Buffer): ParsedPacket[] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const out: ParsedPacket[] = [];
    for (;;) {
      const packet = this.startupPhase ? this.nextStartup() : this.nextMessage();
      if (!packet) return out;
      out.push(packet);
    }
  }

  private nextStartup(): ParsedPacket | undefined {
    if (this.buffered < 4) return undefined;
    const length = this.peekInt32(0);
    if (length < 8 || length > MAX_STARTUP_PACKET) throw new ProtocolError(`invalid length of startup packet: ${length}`, '08P01', true);
    if (this.buffered < length) return undefined;
    const body = this.take(length).subarray(4);
    const message = parseStartup(body);
    if (message.name === 'startup') this.startupPhase = false;
    return { phase: 'startup', message };
  }

  private nextMessage(): ParsedPacket | undefined {
    if (this.buffered < 5) return undefined;
    const code = this.peekByte(0);
    const length = this.peekInt32(1);
    if (!KNOWN_CODES.has(code)) throw new ProtocolError(`invalid frontend message type ${code}`, '08P01', true);
    if (length < 4) throw new ProtocolError(`invalid message length ${length} for message type ${code}`, '08P01', true);
    if (length > this.maxMessage) {
      throw new ProtocolError(`invalid message length ${length}: exceeds the limit of ${this.maxMessage} bytes`, '08P01', true);
    }
    if (this.buffered < length + 1) return undefined;
    const body = this.take(length + 1).subarray(5);
    try {
      return { phase: 'normal', message: parseMessage(code, body) };
    } catch (e) {
      // The framing is intact: report this message's error and keep reading the stream.
      if (e instanceof ProtocolError && !e.fatal) return { phase: 'normal', message: { name: 'invalid', code, error: e } };
      throw e;
    }
  }

  private flatten(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0]!;
  }

  /** The first chunk, merged with the next ones only while it is shorter than a header. */
  private head(): Buffer {
    if (this.chunks[0]!.length < 5) return this.flatten();
    return this.chunks[0]!;
  }

  private peekByte(at: number): number {
    return this.head()[at]!;
  }

  private peekInt32(at: number): number {
    return this.head().readInt32BE(at);
  }

  private take(n: number): Buffer {
    const all = this.flatten();
    const head = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return head;
  }
}

const KNOWN_CODES = new Set<number>([
  FrontendCode.Bind,
  FrontendCode.Close,
  FrontendCode.Describe,
  FrontendCode.Execute,
  FrontendCode.FunctionCall,
  FrontendCode.Flush,
  FrontendCode.Parse,
  FrontendCode.Query,
  FrontendCode.Sync,
  FrontendCode.Terminate,
  FrontendCode.CopyFail,
  FrontendCode.CopyDone,
  FrontendCode.CopyData,
  FrontendCode.Password,
]);

function parseStartup(body: Buffer): StartupPhaseMessage {
  const r = new BufferReader(body, 'startup packet');
  const code = r.int32();
  switch (code) {
    case SSL_REQUEST_CODE:
      r.end();
      return { name: 'sslRequest' };
    case GSSENC_REQUEST_CODE:
      r.end();
      return { name: 'gssEncRequest' };
    case CANCEL_REQUEST_CODE: {
      const processId = r.int32();
      const secretKey = r.int32();
      r.end();
      return { name: 'cancelRequest', processId, secretKey };
    }
  }
  if (code >> 16 !== 3) {
    throw new ProtocolError(`unsupported frontend protocol ${code >> 16}.${code & 0xffff}: server supports 3.0 to 3.0`, '0A000', true);
  }
  const parameters = new Map<string, string>();
  try {
    for (;;) {
      const key = r.cstring();
      if (key === '') break;
      parameters.set(key, r.cstring());
    }
    r.end();
  } catch (e) {
    if (e instanceof ProtocolError) throw new ProtocolError(`invalid startup packet layout: ${e.message}`, e.code, true);
    throw e;
  }
  return { name: 'startup', protocolVersion: code === PROTOCOL_3_0 ? code : code, parameters };
}

/** Reads one well-framed message; content errors are non-fatal ProtocolErrors. */
export function parseMessage(code: number, body: Buffer): FrontendMessage {
  switch (code) {
    case FrontendCode.Query: {
      const r = new BufferReader(body, 'Query');
      const sql = r.cstring();
      r.end();
      return { name: 'query', sql };
    }
    case FrontendCode.Parse: {
      const r = new BufferReader(body, 'Parse');
      const statement = r.cstring();
      const sql = r.cstring();
      const n = r.int16();
      if (n < 0) throw new ProtocolError(`invalid parameter count ${n} in Parse`);
      const paramTypes: number[] = [];
      for (let i = 0; i < n; i++) paramTypes.push(r.int32() >>> 0);
      r.end();
      return { name: 'parse', statement, sql, paramTypes };
    }
    case FrontendCode.Bind:
      return parseBind(body);
    case FrontendCode.Describe:
    case FrontendCode.Close: {
      const what = code === FrontendCode.Describe ? 'Describe' : 'Close';
      const r = new BufferReader(body, what);
      const target = r.byte();
      if (target !== 0x53 && target !== 0x50) throw new ProtocolError(`invalid ${what} message subtype ${target}`);
      const objectName = r.cstring();
      r.end();
      const t = target === 0x53 ? 'S' : 'P';
      return code === FrontendCode.Describe ? { name: 'describe', target: t, objectName } : { name: 'close', target: t, objectName };
    }
    case FrontendCode.Execute: {
      const r = new BufferReader(body, 'Execute');
      const portal = r.cstring();
      const maxRows = r.int32();
      r.end();
      return { name: 'execute', portal, maxRows: maxRows < 0 ? 0 : maxRows };
    }
    case FrontendCode.Sync:
      return { name: 'sync' };
    case FrontendCode.Flush:
      return { name: 'flush' };
    case FrontendCode.Terminate:
      return { name: 'terminate' };
    case FrontendCode.Password:
      return { name: 'password', body };
    case FrontendCode.CopyData:
      return { name: 'copyData', data: body };
    case FrontendCode.CopyDone:
      return { name: 'copyDone' };
    case FrontendCode.CopyFail: {
      const r = new BufferReader(body, 'CopyFail');
      const message = r.cstring();
      r.end();
      return { name: 'copyFail', message };
    }
    default:
      return { name: 'unsupported', code };
  }
}

function parseBind(body: Buffer): FrontendMessage {
  const r = new BufferReader(body, 'Bind');
  const portal = r.cstring();
  const statement = r.cstring();
  const paramFormats = formatCodes(r, 'parameter');
  const n = r.int16();
  if (n < 0) throw new ProtocolError(`invalid parameter count ${n} in Bind`);
  const params: (Buffer | null)[] = [];
  for (let i = 0; i < n; i++) {
    const len = r.int32();
    if (len < -1) throw new ProtocolError(`invalid length ${len} of parameter ${i + 1} in Bind`);
    params.push(len === -1 ? null : r.bytes(len));
  }
  const resultFormats = formatCodes(r, 'result');
  r.end();
  return { name: 'bind', portal, statement, paramFormats, params, resultFormats };
}

function formatCodes(r: BufferReader, what: string): number[] {
  const n = r.int16();
  if (n < 0) throw new ProtocolError(`invalid ${what} format count ${n} in Bind`);
  const codes: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = r.int16();
    if (c !== 0 && c !== 1) throw new ProtocolError(`unsupported format code: ${c}`, '22023');
    codes.push(c);
  }
  return codes;
}
