/** The json/jsonb operators: -> ->> #> #>> @> <@ ? ?| ?& and jsonb || jsonb. */
import { type Value, T } from '@heliosdb/types';
import type { ParamType } from '../analyzer/signature.js';
import { type FunctionDef, fixed } from './function-def.js';
import { type JsonNode, jsonbText, jsonContains, parseJson } from './json-values.js';

type Step = string | number;

function step(n: JsonNode, key: Step): JsonNode | undefined {
  if (typeof key === 'number') {
    if (n.kind !== 'array') return undefined;
    const i = key < 0 ? n.items.length + key : key;
    return n.items[i];
  }
  if (n.kind === 'object') {
    let found: JsonNode | undefined;
    for (const [k, v] of n.entries) if (k === key) found = v; // last duplicate wins
    return found;
  }
  if (n.kind === 'array' && /^-?\d+$/.test(key)) return step(n, Number(key));
  return undefined;
}

/** The text an extracted element has: jsonb is re-serialised, json keeps its source slice. */
function render(n: JsonNode, jsonb: boolean): string {
  return jsonb ? jsonbText(n) : n.src.trim();
}

function asText(n: JsonNode, jsonb: boolean): string | null {
  if (n.kind === 'null') return null;
  if (n.kind === 'string') return n.value;
  return render(n, jsonb);
}

function extract(name: string, key: ParamType, jsonb: boolean, text: boolean): FunctionDef {
  const doc = jsonb ? T.jsonb : T.json;
  return {
    name,
    args: [doc, key],
    result: text ? T.text : doc,
    impl: fixed(([d, k]) => {
      const root = parseJson(d as string);
      const found = typeof k === 'string' ? step(root, k) : step(root, k as number);
      if (!found) return null;
      return text ? asText(found, jsonb) : render(found, jsonb);
    }),
  };
}

function extractPath(name: string, jsonb: boolean, text: boolean): FunctionDef {
  const doc = jsonb ? T.jsonb : T.json;
  return {
    name,
    args: [doc, { name: 'text', array: true }],
    result: text ? T.text : doc,
    impl: fixed(([d, p]) => {
      let n: JsonNode | undefined = parseJson(d as string);
      for (const k of p as Value[]) {
        if (k === null || !n) return null;
        n = step(n, k as string);
      }
      if (!n) return null;
      return text ? asText(n, jsonb) : render(n, jsonb);
    }),
  };
}

function hasKey(n: JsonNode, k: string): boolean {
  if (n.kind === 'object') return n.entries.some(([key]) => key === k);
  if (n.kind === 'array') return n.items.some((i) => i.kind === 'string' && i.value === k);
  return n.kind === 'string' && n.value === k;
}

export function jsonOperators(): FunctionDef[] {
  const defs: FunctionDef[] = [];
  for (const jsonb of [false, true]) {
    defs.push(extract('->', T.text, jsonb, false), extract('->', T.int4, jsonb, false));
    defs.push(extract('->>', T.text, jsonb, true), extract('->>', T.int4, jsonb, true));
    defs.push(extractPath('#>', jsonb, false), extractPath('#>>', jsonb, true));
  }
  defs.push({ name: '@>', args: [T.jsonb, T.jsonb], result: T.bool, impl: fixed(([a, b]) => jsonContains(parseJson(a as string), parseJson(b as string))) });
  defs.push({ name: '<@', args: [T.jsonb, T.jsonb], result: T.bool, impl: fixed(([a, b]) => jsonContains(parseJson(b as string), parseJson(a as string))) });
  defs.push({ name: '?', args: [T.jsonb, T.text], result: T.bool, impl: fixed(([a, k]) => hasKey(parseJson(a as string), k as string)) });
  const textArray = { name: 'text', array: true } as const;
  defs.push({ name: '?|', args: [T.jsonb, textArray], result: T.bool, impl: fixed(([a, ks]) => (ks as Value[]).some((k) => k !== null && hasKey(parseJson(a as string), k as string))) });
  defs.push({ name: '?&', args: [T.jsonb, textArray], result: T.bool, impl: fixed(([a, ks]) => (ks as Value[]).every((k) => k !== null && hasKey(parseJson(a as string), k as string))) });
  defs.push({
    name: '||',
    args: [T.jsonb, T.jsonb],
    result: T.jsonb,
    impl: fixed(([a, b]) => {
      const x = parseJson(a as string);
      const y = parseJson(b as string);
      if (x.kind === 'object' && y.kind === 'object') return jsonbText({ kind: 'object', entries: [...x.entries, ...y.entries], src: '' });
      const items = (n: JsonNode) => (n.kind === 'array' ? n.items : [n]);
      return jsonbText({ kind: 'array', items: [...items(x), ...items(y)], src: '' });
    }),
  });
  return defs;
}
