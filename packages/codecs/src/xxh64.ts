// XXH64 with seed 0, written from the xxHash specification (doc/xxhash_spec.md), for the content
// checksum of zstd frames. JavaScript has no fast 64-bit integers (BigInt allocates), so a 64-bit
// value is a pair of unsigned 32-bit halves: in a Uint32Array as [high, low] at an even index, or
// in the module registers rh/rl that the small helpers write their result to.

const P1H = 0x9e3779b1, P1L = 0x85ebca87;
const P2H = 0xc2b2ae3d, P2L = 0x27d4eb4f;
const P3H = 0x165667b1, P3L = 0x9e3779f9;
const P4H = 0x85ebca77, P4L = 0xc2b2ae63;
const P5H = 0x27d4eb2f, P5L = 0x165667c5;
const TWO32 = 4294967296;

let rh = 0;
let rl = 0;

/** (ah:al) * (bh:bl) mod 2^64 -> rh:rl */
function mul(ah: number, al: number, bh: number, bl: number): void {
  // al * bl needs all 64 bits, so it is split into 16-bit limbs; the cross terms only need their low 32.
  const a0 = al & 0xffff, a1 = al >>> 16, b0 = bl & 0xffff, b1 = bl >>> 16;
  const m1 = a1 * b0, m2 = a0 * b1;
  const t = a0 * b0 + (m1 & 0xffff) * 65536 + (m2 & 0xffff) * 65536;
  rl = t >>> 0;
  rh = (a1 * b1 + (m1 >>> 16) + (m2 >>> 16) + (t - rl) / TWO32 + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
}

/** (ah:al) + (bh:bl) mod 2^64 -> rh:rl */
function add(ah: number, al: number, bh: number, bl: number): void {
  const lo = al + bl;
  rl = lo >>> 0;
  rh = (ah + bh + (lo >= TWO32 ? 1 : 0)) >>> 0;
}

/** rotate left by 0 < n < 32 -> rh:rl */
function rotl(h: number, l: number, n: number): void {
  rh = ((h << n) | (l >>> (32 - n))) >>> 0;
  rl = ((l << n) | (h >>> (32 - n))) >>> 0;
}

const P1L0 = P1L & 0xffff, P1L1 = P1L >>> 16;
const P2L0 = P2L & 0xffff, P2L1 = P2L >>> 16;

/**
 * s[i:i+2] = round(s[i:i+2], lane) = rotl(acc + lane * PRIME64_2, 31) * PRIME64_1.
 * The hot loop: written out with locals (3x faster than through the rh/rl helpers).
 */
function round(s: Uint32Array, i: number, laneHigh: number, laneLow: number): void {
  // lane * P2
  let a0 = laneLow & 0xffff, a1 = laneLow >>> 16;
  let m1 = a1 * P2L0, m2 = a0 * P2L1;
  let t = a0 * P2L0 + (m1 & 0xffff) * 65536 + (m2 & 0xffff) * 65536;
  let pl = t >>> 0;
  const ph =
    (a1 * P2L1 + (m1 >>> 16) + (m2 >>> 16) + (t - pl) / TWO32 + Math.imul(laneHigh, P2L) + Math.imul(laneLow, P2H)) >>> 0;
  // acc + product
  const lo = s[i + 1]! + pl;
  let l = lo >>> 0;
  let h = (s[i]! + ph + (lo >= TWO32 ? 1 : 0)) >>> 0;
  // rotl 31
  const hr = ((h << 31) | (l >>> 1)) >>> 0;
  l = ((l << 31) | (h >>> 1)) >>> 0;
  h = hr;
  // * P1
  a0 = l & 0xffff;
  a1 = l >>> 16;
  m1 = a1 * P1L0;
  m2 = a0 * P1L1;
  t = a0 * P1L0 + (m1 & 0xffff) * 65536 + (m2 & 0xffff) * 65536;
  pl = t >>> 0;
  s[i] = (a1 * P1L1 + (m1 >>> 16) + (m2 >>> 16) + (t - pl) / TWO32 + Math.imul(h, P1L) + Math.imul(l, P1H)) >>> 0;
  s[i + 1] = pl;
}

/** The XXH64 of `data` with seed 0, as unsigned 32-bit halves. */
export function xxh64(data: Uint8Array): { high: number; low: number } {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const len = data.length;
  const s = new Uint32Array(10); // v1..v4 at 0,2,4,6; scratch at 8
  let p = 0;
  let h: number, l: number;

  if (len >= 32) {
    add(P1H, P1L, P2H, P2L);
    s[0] = rh; s[1] = rl; // v1 = seed + P1 + P2
    s[2] = P2H; s[3] = P2L; // v2 = seed + P2
    add(~P1H >>> 0, ~P1L >>> 0, 0, 1); // v3 = seed = 0; v4 = seed - P1
    s[6] = rh; s[7] = rl;
    for (const limit = len - 32; p <= limit; p += 32) {
      round(s, 0, view.getUint32(p + 4, true), view.getUint32(p, true));
      round(s, 2, view.getUint32(p + 12, true), view.getUint32(p + 8, true));
      round(s, 4, view.getUint32(p + 20, true), view.getUint32(p + 16, true));
      round(s, 6, view.getUint32(p + 28, true), view.getUint32(p + 24, true));
    }
    // acc = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)
    rotl(s[0]!, s[1]!, 1); h = rh; l = rl;
    rotl(s[2]!, s[3]!, 7); add(h, l, rh, rl); h = rh; l = rl;
    rotl(s[4]!, s[5]!, 12); add(h, l, rh, rl); h = rh; l = rl;
    rotl(s[6]!, s[7]!, 18); add(h, l, rh, rl); h = rh; l = rl;
    // mergeAccumulator(acc, v) = (acc ^ round(0, v)) * P1 + P4, for v1..v4
    for (let i = 0; i < 8; i += 2) {
      s[8] = 0; s[9] = 0;
      round(s, 8, s[i]!, s[i + 1]!);
      mul((h ^ s[8]!) >>> 0, (l ^ s[9]!) >>> 0, P1H, P1L);
      add(rh, rl, P4H, P4L); h = rh; l = rl;
    }
  } else {
    h = P5H; l = P5L; // seed + P5
  }

  add(h, l, Math.floor(len / TWO32), len >>> 0); h = rh; l = rl;

  for (; p + 8 <= len; p += 8) {
    // acc = rotl(acc ^ round(0, lane), 27) * P1 + P4
    s[8] = 0; s[9] = 0;
    round(s, 8, view.getUint32(p + 4, true), view.getUint32(p, true));
    rotl((h ^ s[8]!) >>> 0, (l ^ s[9]!) >>> 0, 27);
    mul(rh, rl, P1H, P1L);
    add(rh, rl, P4H, P4L); h = rh; l = rl;
  }
  if (p + 4 <= len) {
    // acc = rotl(acc ^ (lane32 * P1), 23) * P2 + P3
    mul(0, view.getUint32(p, true), P1H, P1L);
    rotl((h ^ rh) >>> 0, (l ^ rl) >>> 0, 23);
    mul(rh, rl, P2H, P2L);
    add(rh, rl, P3H, P3L); h = rh; l = rl;
    p += 4;
  }
  for (; p < len; p++) {
    // acc = rotl(acc ^ (byte * P5), 11) * P1
    mul(0, data[p]!, P5H, P5L);
    rotl((h ^ rh) >>> 0, (l ^ rl) >>> 0, 11);
    mul(rh, rl, P1H, P1L); h = rh; l = rl;
  }

  // avalanche
  l = (l ^ (h >>> 1)) >>> 0; // acc ^= acc >> 33
  mul(h, l, P2H, P2L); h = rh; l = rl;
  l = (l ^ ((h << 3) | (l >>> 29))) >>> 0; // acc ^= acc >> 29
  h = (h ^ (h >>> 29)) >>> 0;
  mul(h, l, P3H, P3L); h = rh; l = rl;
  l = (l ^ h) >>> 0; // acc ^= acc >> 32
  return { high: h, low: l };
}
