/** JSON functions: *_build_object, *_build_array, to_json(b), jsonb_typeof, json(b)_array_length, jsonb_pretty-free core. */
import { T } from '@heliosdb/types';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import { type FunctionDef, fixed } from './function-def.js';
import { type JsonNode, jsonTypeName, jsonbEntries, jsonbText, parseJson, quoteJsonString } from './json-values.js';
import { toJsonFor } from './to-json.js';

function buildObject(name: string, jsonb: boolean): FunctionDef {
  return {
    name,
    args: [],
    variadic: 'any',
    result: jsonb ? T.jsonb : T.json,
    strict: false,
    impl: (call) => {
      const conv = call.argTypes.map((t) => toJsonFor(t, jsonb));
      const keyText = call.argTypes.map((t) => toJsonFor(t, false));
      return (args, ctx) => {
        if (args.length % 2 !== 0) {
          throw new SqlError(SqlState.invalidParameterValue, 'argument list must have even number of elements', {
            hint: `The arguments of ${name}() must consist of alternating keys and values.`,
          });
        }
        const parts: string[] = [];
        for (let i = 0; i < args.length; i += 2) {
          if (args[i] === null) throw new SqlError(SqlState.nullValueNotAllowed, `argument ${i + 1}: key must not be null`);
          let key = keyText[i]!(args[i]!, ctx.timeZone);
          if (!key.startsWith('"')) key = `"${key}"`;
          parts.push(`${key}${jsonb ? ': ' : ' : '}${conv[i + 1]!(args[i + 1]!, ctx.timeZone)}`);
        }
        const text = `{${parts.join(', ')}}`;
        return jsonb ? jsonbText(parseJson(text)) : text;
      };
    },
  };
}

function buildArray(name: string, jsonb: boolean): FunctionDef {
  return {
    name,
    args: [],
    variadic: 'any',
    result: jsonb ? T.jsonb : T.json,
    strict: false,
    impl: (call) => {
      const conv = call.argTypes.map((t) => toJsonFor(t, jsonb));
      return (args, ctx) => {
        const text = `[${args.map((a, i) => conv[i]!(a, ctx.timeZone)).join(', ')}]`;
        return jsonb ? jsonbText(parseJson(text)) : text;
      };
    },
  };
}

function toJson(name: string, jsonb: boolean): FunctionDef {
  return {
    name,
    args: ['anyelement'],
    result: jsonb ? T.jsonb : T.json,
    impl: (call) => {
      const conv = toJsonFor(call.argTypes[0]!, jsonb);
      return ([v], ctx) => conv(v!, ctx.timeZone);
    },
  };
}

export const JSON_FUNCTIONS: readonly FunctionDef[] = [
  buildObject('json_build_object', false),
  buildObject('jsonb_build_object', true),
  buildArray('json_build_array', false),
  buildArray('jsonb_build_array', true),
  toJson('to_json', false),
  toJson('to_jsonb', true),
  { name: 'jsonb_typeof', args: [T.jsonb], result: T.text, impl: fixed(([v]) => jsonTypeName(parseJson(v as string))) },
  { name: 'json_typeof', args: [T.json], result: T.text, impl: fixed(([v]) => jsonTypeName(parseJson(v as string))) },
  {
    name: 'jsonb_array_length',
    args: [T.jsonb],
    result: T.int4,
    impl: fixed(([v]) => {
      const n = parseJson(v as string);
      if (n.kind !== 'array') throw new SqlError(SqlState.invalidParameterValue, n.kind === 'object' ? 'cannot get array length of a non-array' : 'cannot get array length of a scalar');
      return n.items.length;
    }),
  },
  {
    name: 'json_array_length',
    args: [T.json],
    result: T.int4,
    impl: fixed(([v]) => {
      const n = parseJson(v as string);
      if (n.kind !== 'array') throw new SqlError(SqlState.invalidParameterValue, n.kind === 'object' ? 'cannot get array length of a non-array' : 'cannot get array length of a scalar');
      return n.items.length;
    }),
  },
  { name: 'jsonb_strip_nulls', args: [T.jsonb], result: T.jsonb, impl: fixed(([v]) => jsonbText(stripNulls(parseJson(v as string)))) },
  { name: 'jsonb_pretty', args: [T.jsonb], result: T.text, impl: fixed(([v]) => pretty(parseJson(v as string), '')) },
  {
    name: 'jsonb_set',
    args: [T.jsonb, { name: 'text', array: true }, T.jsonb, T.bool],
    result: T.jsonb,
    impl: fixed(([doc, path, value, create]) => jsonbText(setPath(parseJson(doc as string), path as (string | null)[], parseJson(value as string), create as boolean))),
  },
  {
    name: 'jsonb_set',
    args: [T.jsonb, { name: 'text', array: true }, T.jsonb],
    result: T.jsonb,
    impl: fixed(([doc, path, value]) => jsonbText(setPath(parseJson(doc as string), path as (string | null)[], parseJson(value as string), true))),
  },
  extractPath('jsonb_extract_path', true, false),
  extractPath('jsonb_extract_path_text', true, true),
  extractPath('json_extract_path', false, false),
  extractPath('json_extract_path_text', false, true),
];

function extractPath(name: string, jsonb: boolean, text: boolean): FunctionDef {
  return {
    name,
    args: [jsonb ? T.jsonb : T.json],
    variadic: T.text,
    result: text ? T.text : jsonb ? T.jsonb : T.json,
    impl: fixed(([doc, ...keys]) => {
      let n: JsonNode | undefined = parseJson(doc as string);
      for (const k of keys) {
        if (!n) return null;
        if (n.kind === 'object') n = [...n.entries].reverse().find(([key]) => key === k)?.[1];
        else if (n.kind === 'array' && /^-?\d+$/.test(k as string)) {
          const i = Number(k);
          n = n.items[i < 0 ? n.items.length + i : i];
        } else return null;
      }
      if (!n) return null;
      if (!text) return jsonb ? jsonbText(n) : n.src.trim();
      if (n.kind === 'null') return null;
      return n.kind === 'string' ? n.value : jsonb ? jsonbText(n) : n.src.trim();
    }),
  };
}

function stripNulls(n: JsonNode): JsonNode {
  if (n.kind === 'object') return { ...n, entries: n.entries.filter(([, v]) => v.kind !== 'null').map(([k, v]) => [k, stripNulls(v)] as [string, JsonNode]) };
  if (n.kind === 'array') return { ...n, items: n.items.map(stripNulls) };
  return n;
}

/** jsonb_pretty: four-space indentation, one element per line. */
function pretty(n: JsonNode, indent: string): string {
  const inner = indent + '    ';
  if (n.kind === 'array') {
    if (n.items.length === 0) return '[\n' + indent + ']';
    return `[\n${n.items.map((i) => inner + pretty(i, inner)).join(',\n')}\n${indent}]`;
  }
  if (n.kind === 'object') {
    const entries = jsonbEntries(n);
    if (entries.length === 0) return '{\n' + indent + '}';
    return `{\n${entries.map(([k, v]) => `${inner}${quoteJsonString(k)}: ${pretty(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return jsonbText(n);
}

function setPath(doc: JsonNode, path: readonly (string | null)[], value: JsonNode, create: boolean): JsonNode {
  if (path.length === 0) return doc;
  const [first, ...rest] = path;
  const key = first ?? null;
  if (key === null) throw new SqlError(SqlState.nullValueNotAllowed, 'path element at position 1 is null');
  if (doc.kind === 'object') {
    const entries = jsonbEntries(doc);
    const at = entries.findIndex(([k]) => k === key);
    if (at >= 0) entries[at] = [key, rest.length === 0 ? value : setPath(entries[at]![1], rest, value, create)];
    else if (create && rest.length === 0) entries.push([key, value]);
    return { ...doc, entries };
  }
  if (doc.kind === 'array') {
    if (!/^-?\d+$/.test(key)) throw new SqlError(SqlState.invalidTextRepresentation, `path element at position 1 is not an integer: "${key}"`);
    const items = [...doc.items];
    let i = Number(key);
    if (i < 0) i += items.length;
    if (i >= 0 && i < items.length) items[i] = rest.length === 0 ? value : setPath(items[i]!, rest, value, create);
    else if (create && rest.length === 0) {
      if (i < 0) items.unshift(value);
      else items.push(value);
    }
    return { ...doc, items };
  }
  throw new SqlError(SqlState.invalidParameterValue, 'cannot set path in scalar');
}
