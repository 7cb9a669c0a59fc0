// Deterministic inputs: the same bytes on every run, so a failure reproduces.

/** xorshift32: statistically random enough that no codec can compress its output. */
export function randomBytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s & 0xff;
  }
  return out;
}

/** 1 MiB of one short repeated pattern. */
export function compressible(length = 1 << 20): Uint8Array {
  const out = new Uint8Array(length);
  const pattern = new TextEncoder().encode('HeliosDB block ');
  for (let i = 0; i < length; i++) out[i] = pattern[i % pattern.length]!;
  return out;
}

/** UTF-8 text with some variety (numbers, non-ASCII), about 200 KB. */
export function text(): Uint8Array {
  const lines: string[] = [];
  for (let i = 0; i < 2500; i++) {
    lines.push(`${i}\tcustomer ${(i * 7919) % 1000}\tZürich–São Paulo ✈ ${((i * 31) % 997) / 10}\t2024-05-${(i % 28) + 1}\n`);
  }
  return new TextEncoder().encode(lines.join(''));
}

export const SAMPLES: ReadonlyArray<readonly [string, () => Uint8Array]> = [
  ['empty', () => new Uint8Array(0)],
  ['1 byte', () => Uint8Array.of(0x2a)],
  ['random 1 MiB', () => randomBytes(1 << 20)],
  ['compressible 1 MiB', () => compressible()],
  ['text', () => text()],
];

/** Asserts byte equality with a short message (vitest's diff of 1 MiB arrays is unreadable). */
export function sameBytes(actual: Uint8Array, expected: Uint8Array): boolean {
  return Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength).equals(
    Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength),
  );
}
