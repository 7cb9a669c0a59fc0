/** Exact conversions between numeric's decimal text and a scaled integer (Parquet/Arrow DECIMAL). */

export function decimalToUnscaled(text: string, scale: number): bigint {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`not a finite decimal: ${JSON.stringify(text)}`);
  const frac = m[3] ?? '';
  if (frac.length > scale && /[1-9]/.test(frac.slice(scale))) {
    throw new Error(`${text} has more than ${scale} fractional digits`);
  }
  const digits = (m[2] || '0') + frac.slice(0, scale).padEnd(scale, '0');
  const v = BigInt(digits);
  return m[1] === '-' ? -v : v;
}

export function unscaledToDecimal(v: bigint, scale: number): string {
  const neg = v < 0n;
  let s = (neg ? -v : v).toString();
  if (scale > 0) {
    s = s.padStart(scale + 1, '0');
    s = s.slice(0, s.length - scale) + '.' + s.slice(s.length - scale);
  }
  return (neg ? '-' : '') + s;
}

/** Big-endian two's-complement bytes (Parquet FIXED_LEN_BYTE_ARRAY / BYTE_ARRAY DECIMAL) as an integer. */
export function bigEndianToBigInt(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  if (bytes.length > 0 && bytes[0]! & 0x80) v -= 1n << BigInt(bytes.length * 8);
  return v;
}
