import { JsonNumber, type JsonValue } from './json-value.js';

/** Thrown when the text ends inside a value that more input may complete. */
export const NEED_MORE = Symbol('need more input');

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * A strict JSON (RFC 8259) parser over a string that may end early: running out of text throws NEED_MORE
 * unless `final`, so a caller can retry with more text. Numbers become JsonNumber (exact text).
 */
export class JsonParser {
  pos = 0;
  constructor(
    private readonly s: string,
    private readonly final: boolean,
  ) {}

  skipWs(): void {
    const s = this.s;
    let p = this.pos;
    for (;;) {
      const c = s.charCodeAt(p);
      if (c === 32 || c === 10 || c === 13 || c === 9) p++;
      else break;
    }
    this.pos = p;
  }

  atEnd(): boolean {
    return this.pos >= this.s.length;
  }

  peek(): number {
    if (this.pos >= this.s.length) this.more();
    return this.s.charCodeAt(this.pos);
  }

  private more(): never {
    if (!this.final) throw NEED_MORE;
    throw new JsonSyntaxError('unexpected end of input', this.pos);
  }

  fail(what: string): never {
    const c = this.s[this.pos];
    throw new JsonSyntaxError(`${what}, found ${c === undefined ? 'end of input' : JSON.stringify(c)}`, this.pos);
  }

  expect(ch: string): void {
    this.skipWs();
    if (this.peek() !== ch.charCodeAt(0)) this.fail(`expected ${JSON.stringify(ch)}`);
    this.pos++;
  }

  value(): JsonValue {
    this.skipWs();
    const c = this.peek();
    if (c === 0x22) return this.string();
    if (c === 0x7b) return this.object();
    if (c === 0x5b) return this.array();
    if (c === 0x74) return this.word('true', true);
    if (c === 0x66) return this.word('false', false);
    if (c === 0x6e) return this.word('null', null);
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    return this.fail('expected a JSON value');
  }

  private word<V extends JsonValue>(w: string, v: V): V {
    if (this.pos + w.length > this.s.length) {
      if (w.startsWith(this.s.slice(this.pos))) this.more();
    }
    if (this.s.startsWith(w, this.pos)) {
      this.pos += w.length;
      return v;
    }
    return this.fail(`expected ${w}`);
  }

  private number(): JsonNumber {
    if (!this.final) {
      // A number that reaches the end of the text may go on in the next chunk ("12" + ".5", "1" + "e3", "-" + "7").
      let p = this.pos;
      for (let c = this.s.charCodeAt(p); p < this.s.length; c = this.s.charCodeAt(++p)) {
        if (!((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45)) break;
      }
      if (p >= this.s.length) this.more();
    }
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.s);
    if (!m || m[0] === '-' || m[0].length === 0) return this.fail('invalid number');
    const end = this.pos + m[0].length;
    if (end >= this.s.length && !this.final) this.more();
    const next = this.s.charCodeAt(end);
    if (next === 0x2e || next === 0x65 || next === 0x45 || (next >= 0x30 && next <= 0x39)) {
      this.pos = end;
      this.fail('invalid number');
    }
    this.pos = end;
    return new JsonNumber(m[0]);
  }

  string(): string {
    const s = this.s;
    let p = this.pos + 1;
    let out = '';
    let seg = p;
    for (;;) {
      if (p >= s.length) this.more();
      const c = s.charCodeAt(p);
      if (c === 0x22) {
        out += s.slice(seg, p);
        this.pos = p + 1;
        return out;
      }
      if (c < 0x20) {
        this.pos = p;
        this.fail('control character in string');
      }
      if (c === 0x5c) {
        out += s.slice(seg, p);
        if (p + 1 >= s.length) this.more();
        const e = s[p + 1];
        switch (e) {
          case '"':
          case '\\':
          case '/':
            out += e;
            p += 2;
            break;
          case 'b':
            out += '\b';
            p += 2;
            break;
          case 'f':
            out += '\f';
            p += 2;
            break;
          case 'n':
            out += '\n';
            p += 2;
            break;
          case 'r':
            out += '\r';
            p += 2;
            break;
          case 't':
            out += '\t';
            p += 2;
            break;
          case 'u': {
            if (p + 6 > s.length) this.more();
            const hex = s.slice(p + 2, p + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
              this.pos = p;
              this.fail('invalid \\u escape');
            }
            out += String.fromCharCode(parseInt(hex, 16));
            p += 6;
            break;
          }
          default:
            this.pos = p;
            this.fail('invalid escape');
        }
        seg = p;
        continue;
      }
      p++;
    }
  }

  private object(): Map<string, JsonValue> {
    this.pos++;
    const m = new Map<string, JsonValue>();
    this.skipWs();
    if (this.peek() === 0x7d) {
      this.pos++;
      return m;
    }
    for (;;) {
      this.skipWs();
      if (this.peek() !== 0x22) this.fail('expected a property name');
      const k = this.string();
      this.expect(':');
      m.set(k, this.value());
      this.skipWs();
      const c = this.peek();
      this.pos++;
      if (c === 0x2c) continue;
      if (c === 0x7d) return m;
      this.pos--;
      this.fail('expected "," or "}"');
    }
  }

  private array(): JsonValue[] {
    this.pos++;
    const a: JsonValue[] = [];
    this.skipWs();
    if (this.peek() === 0x5d) {
      this.pos++;
      return a;
    }
    for (;;) {
      a.push(this.value());
      this.skipWs();
      const c = this.peek();
      this.pos++;
      if (c === 0x2c) continue;
      if (c === 0x5d) return a;
      this.pos--;
      this.fail('expected "," or "]"');
    }
  }
}
