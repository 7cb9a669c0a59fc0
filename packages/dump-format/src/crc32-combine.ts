// CRC-32 arithmetic in GF(2)[x] modulo the IEEE polynomial, bit-reflected as zlib stores it: bit 31
// holds the x^0 coefficient and bit 0 the x^31 coefficient. Used to get the CRC32 of a whole payload
// from its blocks' CRC32s without a second pass over the bytes:
//   crc(A ++ B) = crc(A) * x^(8 * |B|)  xor  crc(B)      (mod P)
// (the initial and final inversions of CRC-32 cancel in this identity).

const POLY = 0xedb88320; // x^32 mod P, reflected
const ONE = 0x80000000; // the polynomial 1

function mulMod(a: number, b: number): number {
  let product = 0;
  for (let bit = ONE; bit !== 0; bit >>>= 1) {
    if (a & bit) product ^= b;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1; // b *= x
  }
  return product >>> 0;
}

/** X_POW_2K[k] = x^(2^k) mod P. */
const X_POW_2K: number[] = [];
for (let k = 0, p = ONE >>> 1; k < 64; k++, p = mulMod(p, p)) X_POW_2K.push(p);

/** x^(8n) mod P: the effect of appending n zero bytes. */
function shiftBytes(n: number): number {
  let result = ONE;
  for (let k = 3; n > 0; k++, n = Math.floor(n / 2)) {
    if (n % 2 === 1) result = mulMod(X_POW_2K[k]!, result);
  }
  return result;
}

/** The CRC32 of A ++ B from crc(A), crc(B) and |B|. */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  return (mulMod(shiftBytes(lengthB), crcA) ^ crcB) >>> 0;
}
