/** Reads the fields of one message body; every read checks the remaining length first. */
import { ProtocolError } from './protocol-error.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class BufferReader {
  private offset = 0;

  constructor(
    private readonly buffer: Buffer,
    /** The message's name, for error messages. */
    private readonly message: string,
  ) {}

  get remaining(): number {
    return this.buffer.length - this.offset;
  }

  int16(): number {
    this.need(2, 'int16');
    const v = this.buffer.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  int32(): number {
    this.need(4, 'int32');
    const v = this.buffer.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  byte(): number {
    this.need(1, 'byte');
    return this.buffer[this.offset++]!;
  }

  /** A NUL-terminated UTF-8 string. */
  cstring(): string {
    const end = this.buffer.indexOf(0, this.offset);
    if (end < 0) throw new ProtocolError(`invalid string in message: ${this.message} has no terminating NUL at offset ${this.offset}`);
    const bytes = this.buffer.subarray(this.offset, end);
    this.offset = end + 1;
    try {
      return utf8.decode(bytes);
    } catch {
      throw new ProtocolError('invalid byte sequence for encoding "UTF8"', '22021');
    }
  }

  bytes(n: number): Buffer {
    if (n < 0) throw new ProtocolError(`invalid length ${n} in ${this.message}`);
    this.need(n, `${n} bytes`);
    const b = this.buffer.subarray(this.offset, this.offset + n);
    this.offset += n;
    return b;
  }

  /** Rejects trailing bytes, as PostgreSQL's pq_getmsgend does. */
  end(): void {
    if (this.remaining !== 0) throw new ProtocolError(`invalid message format: ${this.remaining} unread bytes at the end of ${this.message}`);
  }

  private need(n: number, what: string): void {
    if (this.remaining < n) {
      throw new ProtocolError(`insufficient data left in message: ${this.message} needs ${what} at offset ${this.offset}, ${this.remaining} left`);
    }
  }
}
