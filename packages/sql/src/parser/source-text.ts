/**
 * The query text with a map from libpg-query's byte offsets (AST locations are UTF-8 byte offsets)
 * to PostgreSQL's 1-based character positions.
 */
export class SourceText {
  readonly text: string;
  private readonly charAtByte: Int32Array | undefined;

  constructor(text: string) {
    this.text = text;
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes === text.length) {
      this.charAtByte = undefined; // pure ASCII: bytes and characters coincide
      return;
    }
    const map = new Int32Array(bytes + 1);
    let b = 0;
    let c = 0;
    for (const ch of text) {
      const n = Buffer.byteLength(ch, 'utf8');
      for (let i = 0; i < n; i++) map[b + i] = c;
      b += n;
      c += 1;
    }
    map[b] = c;
    this.charAtByte = map;
  }

  /** 1-based character position for a 0-based byte offset; undefined for libpg-query's "unknown" (-1). */
  position(byteOffset: number | undefined): number | undefined {
    if (byteOffset === undefined || byteOffset < 0) return undefined;
    const chars = this.charAtByte ? (this.charAtByte[byteOffset] ?? this.text.length) : byteOffset;
    return chars + 1;
  }

  /** The text between two byte offsets. */
  slice(byteStart: number, byteEnd?: number): string {
    if (!this.charAtByte) return this.text.slice(byteStart, byteEnd);
    return Buffer.from(this.text, 'utf8').subarray(byteStart, byteEnd).toString('utf8');
  }

  get byteLength(): number {
    return this.charAtByte ? this.charAtByte.length - 1 : this.text.length;
  }
}
