/**
 * Statistical and bitwise aggregates: variance/stddev (sample and population) with numeric.c's exact
 * computation for integer and numeric input and the Youngs-Cramer float8 algorithm for float input;
 * bit_and/bit_or; json_object_agg / jsonb_object_agg.
 */
import { type Value, T } from '@heliosdb/types';
import { numeric } from '../values/types-api.js';
import type { AggregateDef } from './aggregate-def.js';
import { toJsonFor } from './to-json.js';
import { jsonbText, parseJson } from './json-values.js';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';

type Kind = 'var_samp' | 'var_pop' | 'stddev_samp' | 'stddev_pop';
const KINDS: [string, Kind][] = [
  ['variance', 'var_samp'], ['var_samp', 'var_samp'], ['var_pop', 'var_pop'],
  ['stddev', 'stddev_samp'], ['stddev_samp', 'stddev_samp'], ['stddev_pop', 'stddev_pop'],
];

function scaleOf(s: string): number {
  const i = s.indexOf('.');
  return i < 0 ? 0 : s.length - i - 1;
}

/** sqrt(v) rounded half up to `scale` decimals (sqrt_var at the variance's scale). */
function sqrtAtScale(v: string, scale: number): string {
  const [ip = '0', fp = ''] = v.split('.');
  const coef = BigInt(ip + fp.padEnd(scale, '0').slice(0, scale));
  let n = coef * 100n ** BigInt(scale + 1) / 10n ** BigInt(scale);
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) break;
    x = y;
  }
  n = x;
  const root = n % 10n >= 5n ? n / 10n + 1n : n / 10n;
  const digits = root.toString().padStart(scale + 1, '0');
  return scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
}

function numericVariance(kind: Kind): () => { add(a: Value[]): void; result(): Value } {
  return () => {
    let n = 0n;
    let sum = '0';
    let sum2 = '0';
    return {
      add([v]) {
        const x = typeof v === 'string' ? v : String(v);
        if (x === 'NaN' || x.endsWith('Infinity')) throw new SqlError(SqlState.featureNotSupported, 'variance of special numeric values is not supported');
        n++;
        sum = numeric.add(sum, x);
        sum2 = numeric.add(sum2, numeric.mul(x, x));
      },
      result() {
        const sample = kind === 'var_samp' || kind === 'stddev_samp';
        if (n === 0n || (sample && n === 1n)) return null;
        const num = numeric.sub(numeric.mul(String(n), sum2), numeric.mul(sum, sum));
        const scale = scaleOf(numeric.div(num, String(sample ? n * (n - 1n) : n * n)));
        if (num.startsWith('-') || /^0(\.0*)?$/.test(num)) return numeric.round('0', scale);
        const variance = numeric.div(num, String(sample ? n * (n - 1n) : n * n));
        return kind.startsWith('stddev') ? sqrtAtScale(variance, scaleOf(variance)) : variance;
      },
    };
  };
}

function floatVariance(kind: Kind): () => { add(a: Value[]): void; result(): Value } {
  return () => {
    let n = 0;
    let sx = 0;
    let sxx = 0;
    return {
      add([v]) {
        const x = v as number;
        n++;
        sx += x;
        if (n > 1) {
          const t = x * n - sx;
          sxx += (t * t) / (n * (n - 1));
        } else if (!Number.isFinite(x)) sxx = NaN;
      },
      result() {
        const sample = kind === 'var_samp' || kind === 'stddev_samp';
        if (n === 0 || (sample && n === 1)) return null;
        const variance = sxx / (sample ? n - 1 : n);
        return kind.startsWith('stddev') ? Math.sqrt(variance) : variance;
      },
    };
  };
}

function variances(): AggregateDef[] {
  const defs: AggregateDef[] = [];
  for (const [name, kind] of KINDS) {
    for (const t of [T.int2, T.int4, T.int8, T.numeric()]) defs.push({ name, args: [t], result: T.numeric(), strict: true, create: () => numericVariance(kind) });
    for (const t of [T.float4, T.float8]) defs.push({ name, args: [t], result: T.float8, strict: true, create: () => floatVariance(kind) });
  }
  return defs;
}

function bitwise(name: 'bit_and' | 'bit_or'): AggregateDef[] {
  return [T.int2, T.int4, T.int8].map((t) => ({
    name, args: [t], result: t, strict: true,
    create: () => () => {
      let acc: Value = null;
      return {
        add([v]) {
          if (acc === null) acc = v!;
          else if (typeof v === 'bigint') acc = name === 'bit_and' ? (acc as bigint) & v : (acc as bigint) | v;
          else acc = name === 'bit_and' ? (acc as number) & (v as number) : (acc as number) | (v as number);
        },
        result: () => acc,
      };
    },
  }));
}

function objectAgg(name: string, jsonb: boolean): AggregateDef {
  return {
    name, args: ['any', 'any'], result: jsonb ? T.jsonb : T.json, strict: false,
    create: (call) => {
      const key = toJsonFor(call.argTypes[0]!, false);
      const val = toJsonFor(call.argTypes[1]!, jsonb);
      return () => {
        const parts: string[] = [];
        return {
          add([k, v]) {
            if (k === null) throw new SqlError(SqlState.invalidParameterValue, 'field name must not be null');
            let kt = key(k!, 'UTC');
            if (!kt.startsWith('"')) kt = `"${kt}"`;
            parts.push(`${kt} : ${val(v!, 'UTC')}`);
          },
          result() {
            if (parts.length === 0) return null;
            const text = `{ ${parts.join(', ')} }`;
            return jsonb ? jsonbText(parseJson(text)) : text;
          },
        };
      };
    },
  };
}

export const STATISTICS_AGGREGATES: readonly AggregateDef[] = [
  ...variances(),
  ...bitwise('bit_and'),
  ...bitwise('bit_or'),
  objectAgg('json_object_agg', false),
  objectAgg('jsonb_object_agg', true),
];
