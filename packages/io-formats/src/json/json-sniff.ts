import { T, type PgType } from '@heliosdb/types';
import { TypeSniffer } from '../sniff/infer-type.js';
import { JsonNumber, type JsonValue } from './json-value.js';

const INT = /^-?\d+$/;

/** The narrowest column type for the JSON values seen in one key (NULLs ignored). */
export class JsonTypeSniffer {
  private kinds = new Set<'bool' | 'int4' | 'int8' | 'numeric' | 'float8' | 'string' | 'nested'>();
  private readonly strings = new TypeSniffer();

  add(v: JsonValue): void {
    if (v === null) return;
    if (typeof v === 'boolean') this.kinds.add('bool');
    else if (typeof v === 'string') {
      this.kinds.add('string');
      this.strings.add(v);
    } else if (v instanceof JsonNumber) {
      if (INT.test(v.raw)) {
        const n = BigInt(v.raw);
        this.kinds.add(n >= -2147483648n && n <= 2147483647n ? 'int4' : n >= -(2n ** 63n) && n < 2n ** 63n ? 'int8' : 'numeric');
      } else this.kinds.add(/[eE]/.test(v.raw) ? 'float8' : 'numeric');
    } else this.kinds.add('nested');
  }

  result(): PgType {
    const k = this.kinds;
    if (k.size === 0) return T.text;
    if (k.has('nested')) return T.jsonb;
    if (k.has('string')) {
      if (k.size > 1) return T.text;
      const t = this.strings.result();
      return ['date', 'timestamp', 'timestamptz', 'uuid'].includes(t.name) ? t : T.text;
    }
    if (k.has('bool')) return k.size === 1 ? T.bool : T.jsonb;
    if (k.has('float8')) return T.float8;
    if (k.has('numeric')) return T.numeric();
    if (k.has('int8')) return T.int8;
    return T.int4;
  }
}
