/**
 * numeric's binary form (numeric_send): int16 ndigits, int16 weight, int16 sign, int16 dscale, then
 * ndigits base-10000 digits, most significant first; the value is sum(digit[i] * 10000^(weight - i)).
 */
const POS = 0x0000;
const NEG = 0x4000;
const NAN = 0xc000;
const PINF = 0xd000;
const NINF = 0xf000;

export function encodeNumeric(text: string): Buffer {
  const header = (ndigits: number, weight: number, sign: number, dscale: number): Buffer => {
    const b = Buffer.alloc(8 + ndigits * 2);
    b.writeInt16BE(ndigits, 0);
    b.writeInt16BE(weight, 2);
    b.writeUInt16BE(sign, 4);
    b.writeInt16BE(dscale, 6);
    return b;
  };
  if (text === 'NaN') return header(0, 0, NAN, 0);
  // PostgreSQL 15 sends the infinities with dscale 32 (checked against numeric_send in the tests).
  if (text === 'Infinity') return header(0, 0, PINF, 32);
  if (text === '-Infinity') return header(0, 0, NINF, 32);
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text);
  if (!m) throw new Error(`numeric binary: not a numeric_out value: "${text}"`);
  const sign = m[1] ? NEG : POS;
  const frac = m[3] ?? '';
  const intPart = m[2]!.replace(/^0+/, '');
  const intPadded = intPart.padStart(Math.ceil(intPart.length / 4) * 4, '0');
  const fracPadded = frac.padEnd(Math.ceil(frac.length / 4) * 4, '0');
  let digits: number[] = [];
  for (let i = 0; i < intPadded.length; i += 4) digits.push(Number(intPadded.slice(i, i + 4)));
  let weight = digits.length - 1;
  for (let i = 0; i < fracPadded.length; i += 4) digits.push(Number(fracPadded.slice(i, i + 4)));
  while (digits.length > 0 && digits[0] === 0) {
    digits.shift();
    weight--;
  }
  while (digits.length > 0 && digits[digits.length - 1] === 0) digits.pop();
  if (digits.length === 0) return header(0, 0, POS, frac.length);
  const b = header(digits.length, weight, sign, frac.length);
  digits.forEach((d, i) => b.writeInt16BE(d, 8 + i * 2));
  digits = [];
  return b;
}

export function decodeNumeric(b: Buffer): string {
  if (b.length < 8) throw new Error(`numeric binary: ${b.length} bytes, the header alone is 8`);
  const ndigits = b.readInt16BE(0);
  const weight = b.readInt16BE(2);
  const sign = b.readUInt16BE(4);
  const dscale = b.readInt16BE(6);
  if (ndigits < 0 || b.length !== 8 + ndigits * 2) throw new Error(`numeric binary: ${ndigits} digits need ${8 + ndigits * 2} bytes, got ${b.length}`);
  if (sign === NAN) return 'NaN';
  if (sign === PINF) return 'Infinity';
  if (sign === NINF) return '-Infinity';
  if ((sign !== POS && sign !== NEG) || dscale < 0 || dscale > 0x3fff) throw new Error(`numeric binary: invalid sign 0x${sign.toString(16)} or scale ${dscale}`);
  const digits: number[] = [];
  for (let i = 0; i < ndigits; i++) {
    const d = b.readInt16BE(8 + i * 2);
    if (d < 0 || d > 9999) throw new Error(`numeric binary: digit ${d} out of range 0..9999`);
    digits.push(d);
  }
  let intText = '';
  for (let w = weight, i = 0; w >= 0; w--, i++) intText += String(digits[i] ?? 0).padStart(4, '0');
  intText = intText.replace(/^0+/, '') || '0';
  let fracText = '';
  for (let w = -1; fracText.length < dscale; w--) {
    const i = weight - w;
    fracText += String(i >= 0 ? (digits[i] ?? 0) : 0).padStart(4, '0');
  }
  fracText = fracText.slice(0, dscale);
  const isZero = /^0*$/.test(intText + fracText);
  return `${sign === NEG && !isZero ? '-' : ''}${intText}${dscale > 0 ? `.${fracText}` : ''}`;
}
