import { describe, expect, it } from 'vitest';
import { OrderedMap } from './ordered-map.js';

/** A deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const key = (n: number) => Buffer.from(n.toString(16).padStart(6, '0'));

describe('OrderedMap', () => {
  it('agrees with a sorted reference model over random sets and deletes', () => {
    const rand = rng(42);
    const map = OrderedMap.empty<number>();
    const model = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const k = key(Math.floor(rand() * 5000));
      if (rand() < 0.3) {
        expect(map.delete(k)).toBe(model.delete(k.toString()));
      } else {
        map.set(k, i);
        model.set(k.toString(), i);
      }
    }
    expect(map.size).toBe(model.size);
    const expected = [...model.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    expect([...map.range()].map((e) => [e.key.toString(), e.value])).toEqual(expected);
    for (const [k, v] of expected) expect(map.get(Buffer.from(k))).toBe(v);
  });

  it('answers lookups right while reads (which pack nodes) and writes (which change them) interleave, forks included', () => {
    const rand = rng(7);
    let map = OrderedMap.empty<number>();
    let model = new Map<string, number>();
    const forks: [OrderedMap<number>, Map<string, number>][] = [];
    // Keys of different lengths, sharing prefixes, so packed comparisons meet every length case.
    const k = (n: number) => Buffer.from(`k${n % 7 === 0 ? '' : 'x'}${n.toString(16)}`);
    for (let i = 0; i < 30_000; i++) {
      const n = Math.floor(rand() * 3000);
      const r = rand();
      if (r < 0.6) expect(map.get(k(n))).toBe(model.get(k(n).toString()));
      else if (r < 0.8) {
        map.set(k(n), i);
        model.set(k(n).toString(), i);
      } else if (r < 0.98) expect(map.delete(k(n))).toBe(model.delete(k(n).toString()));
      else if (r < 0.995) {
        forks.push([map.fork(), new Map(model)]);
        if (forks.length > 8) forks.shift();
      }
      else if (forks.length > 0) [map, model] = forks.splice(Math.floor(rand() * forks.length), 1)[0]!;
      if (i % 5000 === 0) {
        const lo = k(n);
        const want = [...model.entries()].filter(([key]) => key >= lo.toString()).sort(([a], [b]) => (a < b ? -1 : 1));
        expect([...map.range(lo)].map((e) => [e.key.toString(), e.value])).toEqual(want);
      }
    }
    for (const [m, ref] of [[map, model] as const, ...forks]) {
      for (let n = 0; n < 3000; n++) expect(m.get(k(n))).toBe(ref.get(k(n).toString()));
      expect(m.size).toBe(ref.size);
    }
  });

  it('returns exactly the keys in [start, end)', () => {
    const map = OrderedMap.empty<number>();
    for (let i = 0; i < 1000; i += 2) map.set(key(i), i);
    const got = [...map.range(key(101), key(201))].map((e) => e.value);
    expect(got).toEqual(Array.from({ length: 50 }, (_, i) => 102 + 2 * i));
    expect(map.lastKeyIn(key(0), key(501))?.toString()).toBe(key(500).toString());
    expect(map.lastKeyIn(key(3), key(4))).toBeUndefined();
  });

  it('leaves a fork untouched by later writes to either side', () => {
    const map = OrderedMap.empty<number>();
    for (let i = 0; i < 5000; i++) map.set(key(i), i);
    const saved = map.fork();
    for (let i = 0; i < 5000; i += 3) map.set(key(i), -i);
    for (let i = 1; i < 5000; i += 3) map.delete(key(i));
    map.set(key(99999), 1);
    expect(saved.size).toBe(5000);
    expect([...saved.range()].map((e) => e.value)).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    saved.set(key(1), 123);
    expect(map.get(key(1))).toBeUndefined();
  });

  it('keeps iterating the state at the start of a range when the map is written meanwhile via a fork', () => {
    const map = OrderedMap.empty<number>();
    for (let i = 0; i < 300; i++) map.set(key(i), i);
    const seen: number[] = [];
    for (const e of map.fork().range()) {
      seen.push(e.value);
      map.set(key(1000 + e.value), 0);
    }
    expect(seen).toHaveLength(300);
    expect(map.size).toBe(600);
  });
});
