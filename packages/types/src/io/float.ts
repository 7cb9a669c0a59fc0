import { PgTypeError, SqlState, invalidSyntax } from '../errors.js';

/**
 * float4in / float8in: strtod syntax (decimal with exponent, inf/infinity/nan in any case,
 * leading and trailing spaces). Results that overflow, or underflow to zero from a nonzero
 * mantissa, are out of range; subnormal results are kept, as PostgreSQL does.
 */
const SPACE = '[ \\t\\n\\v\\f\\r]*';
const FLOAT_RE = new RegExp(`^${SPACE}([+-]?(?:(\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|inf|infinity|nan))${SPACE}$`, 'i');

function parseFloatText(input: string, typeName: string, single: boolean): number {
  const m = FLOAT_RE.exec(input);
  if (m === null) throw invalidSyntax(typeName, input);
  const num = m[1]!;
  const lower = num.toLowerCase().replace(/^\+/, '');
  if (lower === 'nan' || lower === '-nan') return NaN;
  if (lower === 'inf' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  let v = Number(num);
  if (single) v = roundToSingle(v, m[2]!, num);
  const nonzeroMantissa = /[1-9]/.test(m[2]!);
  if (!Number.isFinite(v) || (v === 0 && nonzeroMantissa)) {
    throw new PgTypeError(`"${single ? input : num}" is out of range for type ${typeName}`, SqlState.numericValueOutOfRange);
  }
  return v;
}

export function parseFloat8(input: string): number {
  return parseFloatText(input, 'double precision', false);
}

export function parseFloat4(input: string): number {
  return parseFloatText(input, 'real', true);
}

export { formatFloat4, formatFloat8 } from './shortest-float.js';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * strtof's correctly rounded result. Math.fround(Number(text)) rounds twice; that can only go
 * wrong when the double lands exactly on the midpoint between two floats (midpoints are
 * doubles), and then the exact decimal decides which side it was on.
 */
function roundToSingle(d: number, mantissa: string, text: string): number {
  const f = Math.fround(d);
  if (f === d || !Number.isFinite(f)) return f;
  const a = Math.abs(d);
  f32[0] = Math.abs(f);
  u32[0] = u32[0]! + (a > Math.abs(f) ? 1 : -1);
  const other = f32[0]!;
  const mid = (Math.abs(f) + other) / 2;
  if (mid !== a) return f;
  const cmp = compareDecimalToDouble(mantissa, text, a);
  if (cmp === 0) return f;
  const up = Math.max(Math.abs(f), other);
  const down = Math.min(Math.abs(f), other);
  const r = cmp > 0 ? up : down;
  return d < 0 ? -r : r;
}

/** Compare |decimal text| with a positive double exactly. */
function compareDecimalToDouble(mantissa: string, text: string, x: number): number {
  const [intPart = '', fracPart = ''] = mantissa.split('.');
  const expMatch = /[eE]([+-]?\d+)/.exec(text);
  const e10 = (expMatch === null ? 0 : Number(expMatch[1])) - fracPart.length;
  let left = BigInt(intPart + fracPart || '0');
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  let right = exp === 0 ? frac : frac | (1n << 52n);
  const e2 = (exp === 0 ? 1 : exp) - 1075;
  if (e10 >= 0) left *= 10n ** BigInt(e10);
  else right *= 10n ** BigInt(-e10);
  if (e2 >= 0) right <<= BigInt(e2);
  else left <<= BigInt(-e2);
  return left > right ? 1 : left < right ? -1 : 0;
}
