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
  if (single) v = Math.fround(v);
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

/**
 * The shortest text that reads back to the same value (PostgreSQL 12+ with extra_float_digits > 0),
 * in %g style: exponent form when the decimal exponent is < -4 or >= 15 (float8) / 6 (float4).
 */
function formatShortest(v: number, digits: string, exponent: number, fixedLimit: number): string {
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  if (exponent < -4 || exponent >= fixedLimit) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exponent).toString().padStart(2, '0');
    return `${sign}${mant}e${exponent < 0 ? '-' : '+'}${e}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) return sign + digits + '0'.repeat(exponent + 1 - digits.length);
  return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

function special(v: number): string | undefined {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  return undefined;
}

/** Digits and decimal exponent of a JS exponential string such as '-1.2345e-7'. */
function splitExponential(s: string): [string, number] {
  const m = /^-?(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s)!;
  return [m[1]! + (m[2] ?? ''), Number(m[3])];
}

export function formatFloat8(v: number): string {
  const sp = special(v);
  if (sp !== undefined) return sp;
  // toExponential() without an argument gives the shortest round-trip digits.
  const [digits, exponent] = splitExponential(v.toExponential());
  return formatShortest(v, digits, exponent, 15);
}

export function formatFloat4(v: number): string {
  const sp = special(v);
  if (sp !== undefined) return sp;
  const f = Math.fround(v);
  for (let p = 1; p <= 9; p++) {
    const s = f.toExponential(p - 1);
    if (Math.fround(Number(s)) === f) {
      const [digits, exponent] = splitExponential(s);
      return formatShortest(f, digits.replace(/(.)0+$/, '$1'), exponent, 6);
    }
  }
  const [digits, exponent] = splitExponential(f.toExponential(8));
  return formatShortest(f, digits, exponent, 6);
}
