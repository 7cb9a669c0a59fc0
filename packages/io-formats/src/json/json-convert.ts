import { elementType, type PgType, type Value } from '@heliosdb/types';
import { formatText, parseText } from '../values/pg-text.js';
import { JsonNumber, stringifyJson, type JsonValue } from './json-value.js';

/**
 * JSON <-> PostgreSQL values, as PostgreSQL's to_json writes them: numbers as JSON numbers with every digit
 * (NaN and ±Infinity as strings), json/jsonb embedded as JSON, arrays as JSON arrays, every other type as a string
 * in PostgreSQL's text form (timestamps with 'T', bytea as \x hex).
 */
export function valueToJson(type: PgType, v: Value): string {
  if (v === null) return 'null';
  if (type.array) {
    if (!Array.isArray(v)) throw new Error(`expected an array for ${type.name}[]`);
    const el = elementType(type);
    return '[' + (v as readonly Value[]).map((x) => valueToJson(el, x)).join(',') + ']';
  }
  switch (type.name) {
    case 'bool':
      return v ? 'true' : 'false';
    case 'int2':
    case 'int4':
    case 'int8':
      return String(v);
    case 'float4':
    case 'float8':
    case 'numeric': {
      const t = formatText(type, v);
      return /^-?(NaN|Infinity)$/.test(t) ? JSON.stringify(t) : t;
    }
    case 'json':
    case 'jsonb':
      return v as string;
    case 'timestamp':
    case 'timestamptz': {
      const t = formatText(type, v);
      return JSON.stringify(/^\d/.test(t) ? t.replace(' ', 'T') : t);
    }
    default:
      return JSON.stringify(typeof v === 'string' ? v : formatText(type, v));
  }
}

export function jsonToValue(type: PgType, j: JsonValue): Value {
  if (j === null) return null;
  if (type.array) {
    if (!Array.isArray(j)) {
      if (typeof j === 'string') return parseText(type, j);
      throw new Error(`expected a JSON array for ${type.name}[], got ${stringifyJson(j)}`);
    }
    const el = elementType(type);
    return j.map((x) => jsonToValue(el, x));
  }
  switch (type.name) {
    case 'json':
    case 'jsonb':
      return parseText(type, stringifyJson(j));
    case 'text':
    case 'varchar':
    case 'bpchar':
      if (typeof j === 'string') return parseText(type, j);
      return parseText(type, stringifyJson(j));
    default:
      if (typeof j === 'string') return parseText(type, j);
      if (j instanceof JsonNumber) return parseText(type, j.raw);
      if (typeof j === 'boolean') return parseText(type, j ? 'true' : 'false');
      throw new Error(`expected a scalar for ${type.name}, got ${stringifyJson(j).slice(0, 60)}`);
  }
}
