/** A small seeded generator (mulberry32), so generated corpora are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random numeric text: up to `maxInt` integer digits and `maxFrac` fraction digits, sometimes zero-heavy. */
export function randomNumericText(rand: () => number, maxInt = 22, maxFrac = 20): string {
  const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');
  const r = rand();
  if (r < 0.04) return '0';
  const intLen = Math.floor(rand() * (maxInt + 1));
  const fracLen = Math.floor(rand() * (maxFrac + 1));
  let int = intLen === 0 ? '0' : digits(intLen).replace(/^0+(?=\d)/, '');
  if (r < 0.15) int = '0';
  let frac = digits(fracLen);
  if (r > 0.9 && fracLen > 3) frac = '000' + frac.slice(3); // small magnitudes
  const sign = rand() < 0.4 ? '-' : '';
  return `${sign}${int}${frac === '' ? '' : '.' + frac}`;
}
