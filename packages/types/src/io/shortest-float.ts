/**
 * Float output as PostgreSQL 12+ prints it with extra_float_digits > 0: the Ryu algorithm
 * (Ulf Adams, "Ryū: fast float-to-string conversion", PLDI 2018) in the variant PostgreSQL
 * compiles, which excludes the rounding interval's end points (Ryu without STRICTLY_SHORTEST).
 * That variant is occasionally one digit longer than the true shortest form: 5.6e23 prints as
 * 5.6000000000000003e+23 where JavaScript prints 5.6e+23, hence this module. Computed here with
 * exact bigint arithmetic instead of Ryu's multiplication tables; the results are the same
 * because Ryu's table products are exact floors.
 */

interface Format {
  readonly mantissaBits: number;
  readonly bias: number;
  /** Double precision starts one decimal digit lower and carries the removed digit in its loop. */
  readonly double: boolean;
  /** Largest q for which the trailing-zero tests apply (Ryu's bounds for 64 and 32 bits). */
  readonly maxQ5: number;
  readonly maxQ2: number;
  /** Decimal exponents in [-4, fixedLimit) print in fixed notation, as printf's %g. */
  readonly fixedLimit: number;
}

const DOUBLE: Format = { mantissaBits: 52, bias: 1023, double: true, maxQ5: 21, maxQ2: 63, fixedLimit: 15 };
const SINGLE: Format = { mantissaBits: 23, bias: 127, double: false, maxQ5: 9, maxQ2: 31, fixedLimit: 6 };

// floor(e * log10(2)) and floor(e * log10(5)) as Ryu computes them, exact in the ranges used.
const log10Pow2 = (e: number): number => Math.floor((e * 78913) / 262144);
const log10Pow5 = (e: number): number => Math.floor((e * 732923) / 1048576);

function multipleOfPow5(v: bigint, p: number): boolean {
  let n = 0;
  let x = v;
  while (x % 5n === 0n && n < p) {
    x /= 5n;
    n++;
  }
  return n >= p;
}

/** The decimal digits and the power of ten of their last digit, for a finite nonzero value. */
function decimalOf(mant: bigint, exp: number, f: Format): { digits: bigint; exp10: number; smallInt: boolean } {
  const mb = BigInt(f.mantissaBits);
  // Integers below 2^(mantissa bits + 1) print exactly.
  const e2int = exp - f.bias - f.mantissaBits;
  if (exp !== 0 && e2int >= -f.mantissaBits && e2int <= 0) {
    const mask = (1n << BigInt(-e2int)) - 1n;
    if ((mant & mask) === 0n) return { digits: ((1n << mb) | mant) >> BigInt(-e2int), exp10: 0, smallInt: true };
  }
  // Step 1: m2 * 2^e2, with two extra bits for the interval bounds.
  const e2 = exp === 0 ? 1 - f.bias - f.mantissaBits - 2 : exp - f.bias - f.mantissaBits - 2;
  const m2 = exp === 0 ? mant : (1n << mb) | mant;
  // Step 2: the interval (mm, mp) of values that round to this float.
  const mv = 4n * m2;
  const mp = mv + 2n;
  const mm = mv - 1n - (mant !== 0n || exp <= 1 ? 1n : 0n);
  // Step 3: scale by a power of ten.
  let vr: bigint;
  let vp: bigint;
  let vm: bigint;
  let e10: number;
  let vrTrailingZeros = false;
  let last = 0;
  if (e2 >= 0) {
    const q = Math.max(0, log10Pow2(e2) - (f.double && e2 > 3 ? 1 : 0));
    e10 = q;
    const div = 10n ** BigInt(q);
    const s = BigInt(e2);
    vr = (mv << s) / div;
    vp = (mp << s) / div;
    vm = (mm << s) / div;
    if (!f.double && q !== 0 && (vp - 1n) / 10n <= vm / 10n) {
      last = Number(((mv << s) / 10n ** BigInt(q - 1)) % 10n);
    }
    if (q <= f.maxQ5) {
      if (mv % 5n === 0n) vrTrailingZeros = multipleOfPow5(mv, q);
      else if (multipleOfPow5(mp, q)) vp -= 1n; // the upper bound itself is excluded
    }
  } else {
    const q = Math.max(0, log10Pow5(-e2) - (f.double && -e2 > 1 ? 1 : 0));
    e10 = q + e2;
    const i = -e2 - q;
    const p5 = 5n ** BigInt(i);
    const s = BigInt(q);
    vr = (mv * p5) >> s;
    vp = (mp * p5) >> s;
    vm = (mm * p5) >> s;
    if (!f.double && q !== 0 && (vp - 1n) / 10n <= vm / 10n) {
      last = Number(((mv * 5n ** BigInt(i + 1)) >> BigInt(q - 1)) % 10n);
    }
    if (q <= 1) {
      vrTrailingZeros = true;
      vp -= 1n;
    } else if (q < f.maxQ2) {
      vrTrailingZeros = (mv & ((1n << BigInt(q - 1)) - 1n)) === 0n;
    }
  }
  // Step 4: drop digits while the interval still holds a shorter number.
  let removed = 0;
  while (vp / 10n > vm / 10n) {
    vrTrailingZeros &&= last === 0;
    last = Number(vr % 10n);
    vr /= 10n;
    vp /= 10n;
    vm /= 10n;
    removed++;
  }
  // An exact ...50..0 rounds to even.
  if (vrTrailingZeros && last === 5 && vr % 2n === 0n) last = 4;
  const digits = vr + (vr === vm || last >= 5 ? 1n : 0n);
  return { digits, exp10: e10 + removed, smallInt: false };
}

const view = new DataView(new ArrayBuffer(8));

function format(sign: boolean, d: { digits: bigint; exp10: number; smallInt: boolean }, f: Format): string {
  let digits = d.digits.toString();
  const exp = d.exp10 + digits.length - 1; // the decimal exponent of the first digit
  const s = sign ? '-' : '';
  if (exp >= -4 && exp < f.fixedLimit) {
    if (d.exp10 >= 0) return s + digits + '0'.repeat(d.exp10);
    const point = digits.length + d.exp10;
    if (point <= 0) return `${s}0.${'0'.repeat(-point)}${digits}`;
    return `${s}${digits.slice(0, point)}.${digits.slice(point)}`;
  }
  // The small-integer path can leave trailing zeros, which move into the exponent.
  if (d.smallInt) digits = digits.replace(/(?<=.)0+$/, '');
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const e = Math.abs(exp).toString().padStart(2, '0');
  return `${s}${mant}e${exp < 0 ? '-' : '+'}${e}`;
}

function special(v: number): string | undefined {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  return undefined;
}

/** float8out with extra_float_digits = 1. */
export function formatFloat8(v: number): string {
  const sp = special(v);
  if (sp !== undefined) return sp;
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  const mant = bits & ((1n << 52n) - 1n);
  const exp = Number((bits >> 52n) & 0x7ffn);
  return format(v < 0, decimalOf(mant, exp, DOUBLE), DOUBLE);
}

/** float4out with extra_float_digits = 1; `v` is rounded to single precision first. */
export function formatFloat4(v: number): string {
  const sp = special(v);
  if (sp !== undefined) return sp;
  view.setFloat32(0, v);
  const bits = view.getUint32(0);
  const mant = BigInt(bits & 0x7fffff);
  const exp = (bits >>> 23) & 0xff;
  return format(v < 0, decimalOf(mant, exp, SINGLE), SINGLE);
}
