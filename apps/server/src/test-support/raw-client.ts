/** A socket client for protocol tests: sends exact bytes, reads backend messages until a condition holds. */
import { type Socket, connect } from 'node:net';
import { type RawMessage, splitBackend } from './wire-builder.js';

export class RawClient {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly messages: RawMessage[] = [];
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk) => {
      const { messages, rest } = splitBackend(Buffer.concat([this.buffer, chunk]));
      this.buffer = rest;
      this.messages.push(...messages);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port }, () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  /** Raw bytes not yet split into messages (single-byte SSL answers). */
  get pendingBytes(): Buffer {
    return this.buffer;
  }

  send(...parts: Buffer[]): void {
    this.socket.write(Buffer.concat(parts));
  }

  /** Writes one byte per write call, so the server sees every possible split. */
  async sendBytewise(data: Buffer): Promise<void> {
    for (const byte of data) {
      await new Promise<void>((resolve) => this.socket.write(Buffer.from([byte]), () => resolve()));
    }
  }

  /** Reads messages up to and including the first with `code` (default: ReadyForQuery). */
  async readUntil(code = 'Z'): Promise<RawMessage[]> {
    for (;;) {
      const i = this.messages.findIndex((m) => m.code === code);
      if (i >= 0) return this.messages.splice(0, i + 1);
      if (this.closed) return this.messages.splice(0);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Waits for the server to close the connection; returns what arrived before. */
  async readToClose(): Promise<RawMessage[]> {
    while (!this.closed) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.messages.splice(0);
  }

  /** Waits until at least `n` raw bytes are buffered (answers to SSLRequest are one byte). */
  async rawBytes(n: number): Promise<Buffer> {
    while (this.buffer.length < n && !this.closed) await new Promise<void>((resolve) => this.waiters.push(resolve));
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return out;
  }

  end(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}
