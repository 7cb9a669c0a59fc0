/** JSON functions: *_build_object, *_build_array, to_json(b), jsonb_typeof, json(b)_array_length, jsonb_pretty-free core. */
import { T } from '@heliosdb/types';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import { type FunctionDef, fixed } from './function-def.js';
import { jsonTypeName, jsonbText, parseJson } from './json-values.js';
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
];
