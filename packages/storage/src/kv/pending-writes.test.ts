import { describe, expect, it } from 'vitest';
import { PendingWrites } from './pending-writes.js';

/** A key in one of a few prefixes (space byte + u32 id), then a big-endian number. */
function key(space: number, id: number, n: number, extra = 0): Buffer {
  const b = Buffer.alloc(9 + extra, 0xab);
  b[0] = space;
  b.writeUInt32BE(id, 1);
  b.writeUInt32BE(n, 5);
  return b;
}
const hex = (b: Buffer | null | undefined): string | null | undefined => (b == null ? b : b.toString('hex'));

/** The reference: a plain map from hex key to hex value (or null), compared in sorted order. */
function modelEntries(m: Map<string, string | null>, start?: Buffer, end?: Buffer): [string, string | null][] {
  return [...m.entries()]
    .filter(([k]) => (!start || k >= start.toString('hex')) && (!end || k < end.toString('hex')))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

describe('PendingWrites', () => {
  // Segments of 8 MiB (the default) never fill here; 400-byte ones fill every few writes and go to the spill file.
  it.each([
    ['one segment per run', undefined],
    ['runs sealed and spilled every few writes', 400],
  ])('matches a plain map under random ascending, out-of-order and repeated writes, forks and deletes (%s)', (_name, segmentBytes) => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let round = 0; round < 30; round++) {
      let pw = PendingWrites.empty(segmentBytes);
      let model = new Map<string, string | null>();
      const forks: { pw: PendingWrites; model: Map<string, string | null> }[] = [];
      const next = new Map<string, number>();
      for (let step = 0; step < 400; step++) {
        const space = [0x10, 0x20, 0x01][rnd(3)]!;
        const id = space === 0x01 ? 0 : rnd(3) + (rnd(10) === 0 ? 0x80000000 : 0);
        const p = `${space}:${id}`;
        const op = rnd(100);
        let k: Buffer;
        if (op < 60) {
          // mostly ascending per prefix, like serial keys
          const n = (next.get(p) ?? 0) + 1 + rnd(3);
          next.set(p, n);
          k = space === 0x01 ? Buffer.of(0x01, rnd(50)) : key(space, id, n, rnd(3));
        } else {
          k = space === 0x01 ? Buffer.of(0x01, rnd(50)) : key(space, id, rnd((next.get(p) ?? 0) + 5), rnd(3));
        }
        if (op < 80) {
          const v = rnd(8) === 0 ? null : Buffer.from(`v${step}-${'x'.repeat(rnd(200))}`);
          pw.set(k, v);
          model.set(k.toString('hex'), v === null ? null : v.toString('hex'));
        } else if (op < 85) {
          pw.delete(k);
          model.delete(k.toString('hex'));
        } else if (op < 88) {
          forks.push({ pw: pw.fork(), model: new Map(model) });
        } else if (op < 90 && forks.length > 0) {
          // roll back to a fork (kept pristine by forking it again, as rollbackTo does)
          const f = forks[rnd(forks.length)]!;
          pw = f.pw.fork();
          model = new Map(f.model);
        } else if (op < 95) {
          const hk = k.toString('hex');
          expect(hex(pw.get(k))).toEqual(model.has(hk) ? model.get(hk) : undefined);
        } else {
          const lo = key(0x10, id, rnd(20));
          const hi = key(0x10, id, 20 + rnd(40));
          const want = modelEntries(model, lo, hi).pop()?.[0];
          expect(pw.lastKeyIn(lo, hi)?.toString('hex')).toEqual(want);
          // The same range read in place (runs stay runs): every pending write, newest per key, in order.
          expect(pw.entriesIn(lo, hi).map((e) => [e.key.toString('hex'), hex(e.value)])).toEqual(modelEntries(model, lo, hi));
        }
      }
      const got: [string, string | null][] = [];
      pw.forEachInOrder((k, v) => got.push([k.toString('hex'), v === null ? null : v.toString('hex')]));
      expect(got).toEqual(modelEntries(model));
      expect(pw.size > 0).toBe(model.size > 0);
      const ranged = [...pw.range()].map((e) => [e.key.toString('hex'), e.value === null ? null : e.value.toString('hex')]);
      expect(ranged).toEqual(modelEntries(model));
      // forks are independent of later writes
      for (const f of forks) {
        const fg: [string, string | null][] = [];
        f.pw.forEachInOrder((k, v) => fg.push([k.toString('hex'), v === null ? null : v.toString('hex')]));
        expect(fg).toEqual(modelEntries(f.model));
      }
    }
  });

  it('keeps ascending writes of one prefix in order with an older value of the same key in the ordered map', () => {
    const pw = PendingWrites.empty();
    pw.set(key(0x10, 1, 5), Buffer.from('old5'));
    pw.set(key(0x10, 1, 9), Buffer.from('old9'));
    const f = pw.fork(); // moves both into the ordered map
    pw.set(key(0x10, 1, 1), Buffer.from('new1'));
    pw.set(key(0x10, 1, 5), Buffer.from('new5')); // ascending in the new run, also in the map
    pw.set(key(0x10, 1, 7), null);
    const got: string[] = [];
    pw.forEachInOrder((k, v) => got.push(`${k.readUInt32BE(5)}=${v?.toString() ?? 'null'}`));
    expect(got).toEqual(['1=new1', '5=new5', '7=null', '9=old9']);
    expect(pw.get(key(0x10, 1, 5))?.toString()).toBe('new5');
    expect(pw.get(key(0x10, 1, 7))).toBeNull();
    expect(pw.get(key(0x10, 1, 8))).toBeUndefined();
    expect(f.get(key(0x10, 1, 5))?.toString()).toBe('old5');
    expect(f.get(key(0x10, 1, 1))).toBeUndefined();
  });

  it('reads a range in place with a key both moved into the ordered map and written again in a new run', () => {
    const pw = PendingWrites.empty();
    for (let n = 1; n <= 5; n++) pw.set(key(0x10, 1, n), Buffer.from(`old${n}`));
    pw.fork(); // moves the run into the ordered map
    pw.set(key(0x10, 1, 3), Buffer.from('new3')); // starts a new run with a key the map holds
    pw.set(key(0x10, 1, 4), null); // and deletes the next one there
    const got = pw.entriesIn(key(0x10, 1, 2), key(0x10, 1, 5)).map((e) => [e.key.readUInt32BE(5), e.value?.toString() ?? null]);
    expect(got).toEqual([
      [2, 'old2'],
      [3, 'new3'],
      [4, null],
    ]);
  });

  it('spills full segments of a long ascending run to a file and reads them back for lookups, ranges and commit order', () => {
    const pw = PendingWrites.empty(4096);
    const val = (n: number) => Buffer.from(`row-${n}-${'y'.repeat(n % 50)}`);
    const N = 3000;
    // Two tables interleaved, as a load with an index would write them.
    for (let n = 1; n <= N; n++) {
      pw.set(key(0x10, 1, n), val(n));
      if (n % 3 === 0) pw.setFrom(key(0x10, 2, n), val(n + 1), val(n + 1).length);
    }
    for (const n of [1, 2, 777, 1500, N - 1, N]) expect(pw.get(key(0x10, 1, n))?.toString()).toBe(val(n).toString());
    expect(pw.get(key(0x10, 1, N + 1))).toBeUndefined();
    expect(pw.get(key(0x10, 2, 1))).toBeUndefined();
    expect(pw.get(key(0x10, 2, 999))?.toString()).toBe(val(1000).toString());
    expect(pw.lastKeyIn(key(0x10, 1, 0), key(0x10, 1, 1001))?.readUInt32BE(5)).toBe(1000);
    expect(pw.entriesIn(key(0x10, 1, 998), key(0x10, 1, 1003)).map((e) => e.key.readUInt32BE(5))).toEqual([998, 999, 1000, 1001, 1002]);
    const got: number[] = [];
    pw.forEachInOrder((k, v) => {
      const n = k.readUInt32BE(5);
      got.push(k.readUInt32BE(1) * 1e6 + n);
      expect(v!.toString()).toBe(val(k.readUInt32BE(1) === 1 ? n : n + 1).toString());
    });
    const want = [...Array.from({ length: N }, (_, i) => 1e6 + i + 1), ...Array.from({ length: N / 3 }, (_, i) => 2e6 + 3 * (i + 1))];
    expect(got).toEqual(want);
    // Packed slices (the commit path) cover the same entries.
    let packed = 0;
    pw.forEachInOrder(
      () => packed++,
      (run, from, to) => {
        for (let i = from; i < to; i++) expect(run.bytes.readUInt32BE(run.ks[i]! + 1)).toBeGreaterThan(0);
        packed += to - from;
      },
    );
    expect(packed).toBe(want.length);
    // An out-of-order write moves every segment of the prefix into the ordered map, values intact.
    pw.set(key(0x10, 1, 5), Buffer.from('again'));
    expect(pw.get(key(0x10, 1, 5))?.toString()).toBe('again');
    expect(pw.get(key(0x10, 1, 6))?.toString()).toBe(val(6).toString());
    expect([...pw.range(key(0x10, 1, 0), key(0x10, 1, N + 1))].length).toBe(N);
    pw.dispose();
  });

  it('keeps full segments in memory when no temporary file can be made', () => {
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = '/nonexistent/heliosdb-no-tmp';
    try {
      const pw = PendingWrites.empty(1024);
      for (let n = 1; n <= 500; n++) pw.set(key(0x10, 1, n), Buffer.from(`v${n}`));
      expect(pw.get(key(0x10, 1, 1))?.toString()).toBe('v1');
      expect(pw.get(key(0x10, 1, 500))?.toString()).toBe('v500');
      let count = 0;
      pw.forEachInOrder(() => count++);
      expect(count).toBe(500);
      pw.dispose();
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });
});
