/** to_json / to_jsonb: a SQL value as JSON text (numbers bare, text quoted, temporal values in ISO 8601 with 'T'). */
import { type PgType, type Value, T } from '@heliosdb/types';
import type { SqlType } from '../analyzer/sql-type.js';
import { castFunction } from '../expressions/cast.js';
import { jsonbText, parseJson, quoteJsonString } from './json-values.js';

export type ToJson = (v: Value, timeZone: string) => string;

export function toJsonFor(type: SqlType, jsonb: boolean): ToJson {
  if (type.name === 'unknown') return (v) => (v === null ? 'null' : quoteJsonString(v as string));
  if (type.array) {
    const elem = toJsonFor({ ...type, array: false }, jsonb);
    return (v, tz) => (v === null ? 'null' : `[${(v as Value[]).map((e) => elem(e, tz)).join(jsonb ? ', ' : ',')}]`);
  }
  const out = castFunction(type, T.text);
  switch (type.name) {
    case 'int2':
    case 'int4':
    case 'int8':
    case 'numeric':
    case 'float4':
    case 'float8':
      return (v, tz) => {
        if (v === null) return 'null';
        const s = out!(v, tz) as string;
        return /^-?\d/.test(s) ? s : quoteJsonString(s);
      };
    case 'bool':
      return (v) => (v === null ? 'null' : v ? 'true' : 'false');
    case 'json':
      return (v) => (v === null ? 'null' : jsonb ? jsonbText(parseJson(v as string)) : (v as string));
    case 'jsonb':
      return (v) => (v === null ? 'null' : (v as string));
    case 'timestamp':
    case 'timestamptz':
      return (v, tz) => {
        if (v === null) return 'null';
        const s = out!(v, tz) as string;
        return quoteJsonString(s.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
      };
    default:
      return (v, tz) => (v === null ? 'null' : quoteJsonString(out!(v, tz) as string));
  }
}

export function isJsonType(t: SqlType): t is PgType {
  return (t.name === 'json' || t.name === 'jsonb') && !t.array;
}
