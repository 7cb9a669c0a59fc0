import { PgTypeError, SqlState } from '../errors.js';
import { formatDecimal, parseDecimal } from '../numeric/decimal.js';

/**
 * json and jsonb input as PostgreSQL 15's JSON lexer and recursive-descent parser read it,
 * with its DETAIL texts. json keeps the input text; jsonb is rebuilt as PostgreSQL prints it:
 * keys ordered by (UTF-8 length, bytes), the last duplicate wins, numbers in numeric form,
 * strings re-escaped, ', ' and ': ' separators.
 */
export type JsonNode =
  | { readonly kind: 'object'; readonly entries: ReadonlyArray<readonly [string, JsonNode]> }
  | { readonly kind: 'array'; readonly items: readonly JsonNode[] }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'literal'; readonly text: 'true' | 'false' | 'null' };

type TokenType = 'string' | 'number' | 'literal' | '{' | '}' | '[' | ']' | ',' | ':' | 'end';

interface Token {
  type: TokenType;
  start: number;
  end: number;
  /** The de-escaped string, when the lexer is asked for it (jsonb). */
  value?: string;
}

function jsonError(detail: string): PgTypeError {
  return new PgTypeError('invalid input syntax for type json', SqlState.invalidTextRepresentation, detail);
}

const isAlnumJson = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c >= 0x80;

class Lexer {
  pos = 0;
  token: Token = { type: 'end', start: 0, end: 0 };
  constructor(
    readonly s: string,
    readonly wantValues: boolean,
  ) {}

  text(t: Token = this.token): string {
    return this.s.slice(t.start, t.end);
  }

  invalid(start: number, end: number): never {
    throw jsonError(`Token "${this.s.slice(start, end)}" is invalid.`);
  }

  next(): Token {
    const s = this.s;
    let p = this.pos;
    while (p < s.length && (s[p] === ' ' || s[p] === '\t' || s[p] === '\n' || s[p] === '\r')) p++;
    const start = p;
    if (p >= s.length) return this.set({ type: 'end', start, end: p });
    const c = s[p]!;
    switch (c) {
      case '{':
      case '}':
      case '[':
      case ']':
      case ',':
      case ':':
        return this.set({ type: c, start, end: p + 1 });
      case '"':
        return this.set(this.string(start));
      case '-':
        return this.set(this.number(start, p + 1));
      default:
        if (c >= '0' && c <= '9') return this.set(this.number(start, p));
        break;
    }
    let q = p;
    while (q < s.length && isAlnumJson(s.charCodeAt(q))) q++;
    if (q === p) this.invalid(start, p + 1);
    const word = s.slice(p, q);
    if (word === 'true' || word === 'false' || word === 'null') return this.set({ type: 'literal', start, end: q });
    return this.invalid(start, q);
  }

  private set(t: Token): Token {
    this.token = t;
    this.pos = t.end;
    return t;
  }

  /** json_lex_number: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?; trailing word characters join the bad token. */
  private number(start: number, p: number): Token {
    const s = this.s;
    let error = false;
    const digit = (i: number): boolean => i < s.length && s[i]! >= '0' && s[i]! <= '9';
    if (s[p] === '0') p++;
    else if (digit(p)) while (digit(p)) p++;
    else error = true;
    if (s[p] === '.') {
      p++;
      if (!digit(p)) error = true;
      else while (digit(p)) p++;
    }
    if (s[p] === 'e' || s[p] === 'E') {
      p++;
      if (s[p] === '+' || s[p] === '-') p++;
      if (!digit(p)) error = true;
      else while (digit(p)) p++;
    }
    while (p < s.length && isAlnumJson(s.charCodeAt(p))) {
      p++;
      error = true;
    }
    if (error) this.invalid(start, p);
    return { type: 'number', start, end: p };
  }

  private string(start: number): Token {
    const s = this.s;
    let p = start + 1;
    let out = '';
    let hiSurrogate = -1;
    const want = this.wantValues;
    for (;;) {
      if (p >= s.length) this.invalid(start, p);
      const c = s.charCodeAt(p);
      if (c === 0x22) break;
      if (c < 0x20) {
        throw jsonError(`Character with value 0x${c.toString(16).padStart(2, '0')} must be escaped.`);
      }
      if (c === 0x5c) {
        p++;
        if (p >= s.length) this.invalid(start, p);
        const e = s[p]!;
        if (e === 'u') {
          let ch = 0;
          for (let i = 1; i <= 4; i++) {
            p++;
            if (p >= s.length) this.invalid(start, p);
            const h = HEX_DIGITS.indexOf(s[p]!.toLowerCase());
            if (h < 0) throw jsonError('"\\u" must be followed by four hexadecimal digits.');
            ch = ch * 16 + h;
          }
          if (want) {
            if (ch >= 0xd800 && ch <= 0xdbff) {
              if (hiSurrogate !== -1) throw jsonError('Unicode high surrogate must not follow a high surrogate.');
              hiSurrogate = ch;
              p++;
              continue;
            } else if (ch >= 0xdc00 && ch <= 0xdfff) {
              if (hiSurrogate === -1) throw jsonError('Unicode low surrogate must follow a high surrogate.');
              ch = 0x10000 + ((hiSurrogate - 0xd800) << 10) + (ch - 0xdc00);
              hiSurrogate = -1;
            }
            if (hiSurrogate !== -1) throw jsonError('Unicode low surrogate must follow a high surrogate.');
            if (ch === 0) {
              throw new PgTypeError('unsupported Unicode escape sequence', SqlState.untranslatableCharacter, '\\u0000 cannot be converted to text.');
            }
            out += String.fromCodePoint(ch);
          }
        } else {
          if (want && hiSurrogate !== -1) throw jsonError('Unicode low surrogate must follow a high surrogate.');
          const simple = ESCAPES[e];
          if (simple === undefined) {
            const ch = String.fromCodePoint(s.codePointAt(p)!);
            throw jsonError(`Escape sequence "\\${ch}" is invalid.`);
          }
          if (want) out += simple;
        }
        p++;
      } else {
        if (want && hiSurrogate !== -1) throw jsonError('Unicode low surrogate must follow a high surrogate.');
        if (want) out += s[p];
        p++;
      }
    }
    if (want && hiSurrogate !== -1) throw jsonError('Unicode low surrogate must follow a high surrogate.');
    const t: Token = { type: 'string', start, end: p + 1 };
    if (want) t.value = out;
    return t;
  }
}

const HEX_DIGITS = '0123456789abcdef';
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

type Context = 'value' | 'end' | 'string' | 'arrayNext' | 'objectFirst' | 'colon' | 'objectNext';

const EXPECTED: Readonly<Record<Context, string>> = {
  value: 'Expected JSON value, but found "%s".',
  end: 'Expected end of input, but found "%s".',
  string: 'Expected string, but found "%s".',
  arrayNext: 'Expected "," or "]", but found "%s".',
  objectFirst: 'Expected string or "}", but found "%s".',
  colon: 'Expected ":", but found "%s".',
  objectNext: 'Expected "," or "}", but found "%s".',
};

class Parser {
  constructor(readonly lex: Lexer) {}

  fail(ctx: Context): never {
    const t = this.lex.token;
    if (t.type === 'end') throw jsonError('The input string ended unexpectedly.');
    throw jsonError(EXPECTED[ctx].replace('%s', this.lex.text(t)));
  }

  value(): JsonNode | undefined {
    const t = this.lex.token;
    switch (t.type) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case 'string':
        this.lex.next();
        return this.lex.wantValues ? { kind: 'string', value: t.value! } : undefined;
      case 'number':
        this.lex.next();
        return this.lex.wantValues ? { kind: 'number', text: this.lex.s.slice(t.start, t.end) } : undefined;
      case 'literal': {
        this.lex.next();
        const text = this.lex.s.slice(t.start, t.end) as 'true' | 'false' | 'null';
        return this.lex.wantValues ? { kind: 'literal', text } : undefined;
      }
      default:
        return this.fail('value');
    }
  }

  private object(): JsonNode | undefined {
    const entries: Array<[string, JsonNode]> = [];
    const first = this.lex.next();
    if (first.type !== '}') {
      if (first.type !== 'string') this.fail('objectFirst');
      for (;;) {
        const t = this.lex.token;
        if (t.type !== 'string') this.fail('string');
        if (this.lex.next().type !== ':') this.fail('colon');
        this.lex.next();
        const v = this.value();
        if (this.lex.wantValues) entries.push([t.value!, v!]);
        if (this.lex.token.type !== ',') break;
        this.lex.next();
      }
      if (this.lex.token.type !== '}') this.fail('objectNext');
    }
    this.lex.next();
    return { kind: 'object', entries };
  }

  private array(): JsonNode | undefined {
    const items: JsonNode[] = [];
    if (this.lex.next().type !== ']') {
      for (;;) {
        const v = this.value();
        if (this.lex.wantValues) items.push(v!);
        if (this.lex.token.type !== ',') break;
        this.lex.next();
      }
      if (this.lex.token.type !== ']') this.fail('arrayNext');
    }
    this.lex.next();
    return { kind: 'array', items };
  }
}

function parse(input: string, wantValues: boolean): JsonNode | undefined {
  const lex = new Lexer(input, wantValues);
  const parser = new Parser(lex);
  lex.next();
  const v = parser.value();
  if (lex.token.type !== 'end') parser.fail('end');
  return v;
}

/** json_in: validate, keep the text exactly as given. */
export function parseJson(input: string): string {
  parse(input, false);
  return input;
}

/** Parse JSON text into a tree (jsonb's reading: escapes resolved, \u0000 rejected). */
export function parseJsonTree(input: string): JsonNode {
  return parse(input, true)!;
}

/** jsonb_in: PostgreSQL's normalised jsonb text. */
export function parseJsonb(input: string): string {
  return formatJsonb(normalizeJsonb(parseJsonTree(input)));
}

const utf8 = new TextEncoder();

/** jsonb key order: shorter UTF-8 first, then bytewise. */
function compareKeys(a: string, b: string): number {
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  if (x.length !== y.length) return x.length - y.length;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}

export function normalizeJsonb(node: JsonNode): JsonNode {
  switch (node.kind) {
    case 'object': {
      const byKey = new Map<string, JsonNode>();
      for (const [k, v] of node.entries) byKey.set(k, normalizeJsonb(v)); // the last duplicate wins
      const entries = [...byKey.entries()].sort((a, b) => compareKeys(a[0], b[0]));
      return { kind: 'object', entries };
    }
    case 'array':
      return { kind: 'array', items: node.items.map(normalizeJsonb) };
    case 'number':
      return { kind: 'number', text: formatDecimal(parseDecimal(node.text)) };
    default:
      return node;
  }
}

/** escape_json: the two-character escapes, \u00XX for other control characters. */
export function quoteJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x08: out += '\\b'; break;
      case 0x0c: out += '\\f'; break;
      case 0x0a: out += '\\n'; break;
      case 0x0d: out += '\\r'; break;
      case 0x09: out += '\\t'; break;
      case 0x22: out += '\\"'; break;
      case 0x5c: out += '\\\\'; break;
      default:
        out += c < 0x20 ? `\\u${c.toString(16).padStart(4, '0')}` : s[i];
    }
  }
  return out + '"';
}

export function formatJsonb(node: JsonNode): string {
  switch (node.kind) {
    case 'object':
      return `{${node.entries.map(([k, v]) => `${quoteJsonString(k)}: ${formatJsonb(v)}`).join(', ')}}`;
    case 'array':
      return `[${node.items.map(formatJsonb).join(', ')}]`;
    case 'string':
      return quoteJsonString(node.value);
    case 'number':
      return node.text;
    case 'literal':
      return node.text;
  }
}
