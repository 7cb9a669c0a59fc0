/**
 * JSON values as the readers see them: numbers keep their source text (JSON.parse would round int8 and numeric),
 * objects are Maps in source order.
 */
export class JsonNumber {
  constructor(readonly raw: string) {}
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | Map<string, JsonValue>;

/** Serialises a parsed value back to compact JSON, numbers as written. */
export function stringifyJson(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof JsonNumber) return v.raw;
  if (Array.isArray(v)) return '[' + v.map(stringifyJson).join(',') + ']';
  let s = '{';
  let first = true;
  for (const [k, x] of v) {
    s += (first ? '' : ',') + JSON.stringify(k) + ':' + stringifyJson(x);
    first = false;
  }
  return s + '}';
}
