/**
 * JSON documents as the engine handles them: parsed with exact number text and source spans (json keeps
 * its input text; jsonb is re-serialised in PostgreSQL's normal form: keys sorted by length then bytes,
 * last duplicate wins, `", "` and `": "` separators).
 */
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';

export type JsonNode =
  | { readonly kind: 'null'; readonly src: string }
  | { readonly kind: 'bool'; readonly value: boolean; readonly src: string }
  | { readonly kind: 'number'; readonly text: string; readonly src: string }
  | { readonly kind: 'string'; readonly value: string; readonly src: string }
  | { readonly kind: 'array'; readonly items: JsonNode[]; readonly src: string }
  | { readonly kind: 'object'; readonly entries: [string, JsonNode][]; readonly src: string };

function invalid(text: string, detail: string): SqlError {
  return new SqlError(SqlState.invalidTextRepresentation, `invalid input syntax for type json`, { detail });
}

export function parseJson(text: string): JsonNode {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const value = (): JsonNode => {
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: [string, JsonNode][] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { kind: 'object', entries, src: text.slice(start, i) };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') throw invalid(text, `Expected string, but found "${text.slice(i, i + 1)}".`);
        const key = string();
        ws();
        if (text[i] !== ':') throw invalid(text, `Expected ":", but found "${text.slice(i, i + 1)}".`);
        i++;
        entries.push([key, value()]);
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; break; }
        throw invalid(text, `Expected "," or "}", but found "${text.slice(i, i + 1)}".`);
      }
      return { kind: 'object', entries, src: text.slice(start, i) };
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { kind: 'array', items, src: text.slice(start, i) };
      }
      for (;;) {
        items.push(value());
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; break; }
        throw invalid(text, `Expected "," or "]", but found "${text.slice(i, i + 1)}".`);
      }
      return { kind: 'array', items, src: text.slice(start, i) };
    }
    if (c === '"') {
      const s = string();
      return { kind: 'string', value: s, src: text.slice(start, i) };
    }
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (m && m[0].length > 0) {
      i += m[0].length;
      return { kind: 'number', text: m[0], src: m[0] };
    }
    for (const [word, node] of [['true', { kind: 'bool', value: true }], ['false', { kind: 'bool', value: false }], ['null', { kind: 'null' }]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return { ...node, src: word } as JsonNode;
      }
    }
    throw invalid(text, i >= text.length ? 'The input string ended unexpectedly.' : `Token "${/^[^\s,\]}:]+/.exec(text.slice(i))?.[0] ?? text[i]}" is invalid.`);
  };
  const string = (): string => {
    i++; // opening quote
    let out = '';
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        const e = text[i + 1];
        const map: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e === 'u') {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        if (e === undefined || !(e in map)) throw invalid(text, `Escape sequence "\\${e ?? ''}" is invalid.`);
        out += map[e];
        i += 2;
        continue;
      }
      out += text[i];
      i++;
    }
    if (i >= text.length) throw invalid(text, 'The input string ended unexpectedly.');
    i++;
    return out;
  };
  const v = value();
  ws();
  if (i < text.length) throw invalid(text, `Expected end of input, but found "${text.slice(i, i + 1)}".`);
  return v;
}

export function quoteJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/** A JSON number in numeric's canonical text: exponent expanded, the scale kept ('1.50' stays, '1e2' -> '100'). */
export function normaliseJsonNumber(t: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(t);
  if (!m) return t;
  const [, sign, int = '', frac = '', e = '0'] = m;
  const exp = Number(e);
  const scale = Math.max(0, frac.length - exp);
  let digits = int + frac;
  let point = int.length + exp;
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const ip = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const fp = (digits.slice(point) + '0'.repeat(scale)).slice(0, scale);
  const out = scale > 0 ? `${ip}.${fp}` : ip;
  return /^[0.]+$/.test(out) ? out : sign + out;
}

function compareKeys(a: string, b: string): number {
  const la = Buffer.byteLength(a);
  const lb = Buffer.byteLength(b);
  if (la !== lb) return la - lb;
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** jsonb's canonical object entries: last duplicate wins, keys sorted by (length, bytes). */
export function jsonbEntries(n: Extract<JsonNode, { kind: 'object' }>): [string, JsonNode][] {
  const map = new Map<string, JsonNode>();
  for (const [k, v] of n.entries) map.set(k, v);
  return [...map.entries()].sort(([a], [b]) => compareKeys(a, b));
}

/** PostgreSQL's jsonb output text. */
export function jsonbText(n: JsonNode): string {
  switch (n.kind) {
    case 'null':
      return 'null';
    case 'bool':
      return n.value ? 'true' : 'false';
    case 'number':
      return normaliseJsonNumber(n.text);
    case 'string':
      return quoteJsonString(n.value);
    case 'array':
      return `[${n.items.map(jsonbText).join(', ')}]`;
    case 'object':
      return `{${jsonbEntries(n).map(([k, v]) => `${quoteJsonString(k)}: ${jsonbText(v)}`).join(', ')}}`;
  }
}

export function jsonTypeName(n: JsonNode): string {
  return n.kind === 'bool' ? 'boolean' : n.kind;
}

/** jsonb -> numeric/int/bool casts (PG 11+): only from the matching scalar. */
export function jsonbScalarCast(text: string, to: string): string | boolean {
  const n = parseJson(text);
  const target = to === 'bool' ? 'boolean' : to === 'int2' ? 'smallint' : to === 'int4' ? 'integer' : to === 'int8' ? 'bigint' : to === 'float4' ? 'real' : to === 'float8' ? 'double precision' : to;
  if (to === 'bool' && n.kind === 'bool') return n.value;
  if (to !== 'bool' && n.kind === 'number') return normaliseJsonNumber(n.text);
  throw new SqlError(SqlState.invalidParameterValue, `cannot cast jsonb ${n.kind === 'bool' ? 'boolean' : n.kind} to type ${target}`);
}

/** jsonb @> jsonb. */
export function jsonContains(a: JsonNode, b: JsonNode, top = true): boolean {
  if (a.kind === 'object' && b.kind === 'object') {
    const am = new Map(a.entries);
    return b.entries.every(([k, bv]) => {
      const av = am.get(k);
      return av !== undefined && jsonContains(av, bv, false);
    });
  }
  if (a.kind === 'array' && b.kind === 'array') {
    return b.items.every((bi) => a.items.some((ai) => (bi.kind === 'array' || bi.kind === 'object') ? jsonContains(ai, bi, false) : jsonScalarEqual(ai, bi)));
  }
  if (a.kind === 'array' && top && b.kind !== 'object') return a.items.some((ai) => jsonScalarEqual(ai, b));
  return jsonScalarEqual(a, b);
}

function jsonScalarEqual(a: JsonNode, b: JsonNode): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'number' && b.kind === 'number') return Number(a.text) === Number(b.text) && normaliseJsonNumber(a.text).replace(/\.?0+$/, '') === normaliseJsonNumber(b.text).replace(/\.?0+$/, '');
  if (a.kind === 'object' || a.kind === 'array') return jsonbText(a) === jsonbText(b);
  return jsonbText(a) === jsonbText(b);
}
