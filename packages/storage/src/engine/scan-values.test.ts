import { describe, expect, it } from 'vitest';
import { T } from '@heliosdb/types';
import { join } from 'node:path';
import { Storage } from '../storage.js';
import { BACKENDS, tempDir } from '../test-support/backends.js';

const columns = [
  { name: 'id', type: T.int8 },
  { name: 'body', type: T.bytea },
  { name: 'label', type: T.text },
];

describe.each(BACKENDS)('scanValues on %s', (_name, open) => {
  it('gives the rows scan gives, kept intact after later rows are read, also interleaved and stopped early', async () => {
    const s = open();
    await s.write((tx) => {
      for (const name of ['a', 'b']) {
        const t = tx.createTable({ name, columns, primaryKey: { columns: ['id'] } });
        for (let i = 0; i < 3000; i++) tx.insert(t, [BigInt(i), Buffer.from([i & 0xff, (i >> 8) & 0xff, name.charCodeAt(0)]), `${name}-${i}-é`]);
      }
    });
    const snap = s.snapshot();
    const a = snap.table('a');
    const b = snap.table('b');
    const viaScan = [...snap.scan(a)].map((r) => r.values);
    // Collected first, compared after: a value that pointed into a reused read buffer would have changed.
    const viaValues = [...snap.scanValues(a)];
    expect(viaValues).toEqual(viaScan);
    // Two ranges stepped in turn (a join's nested loop) each decode their own rows.
    const itA = snap.scanValues(a)[Symbol.iterator]();
    const itB = snap.scanValues(b)[Symbol.iterator]();
    for (let i = 0; i < 3000; i++) {
      expect(itA.next().value![2]).toBe(`a-${i}-é`);
      expect(itB.next().value![2]).toBe(`b-${i}-é`);
    }
    // Stopping early (LIMIT) closes the range; the snapshot reads on.
    for (const v of snap.scanValues(a)) if (v[0] === 10n) break;
    expect([...snap.scanValues(a, { lower: { values: [2990n], inclusive: true } })].map((v) => v[0])).toEqual(Array.from({ length: 10 }, (_, i) => 2990n + BigInt(i)));
    snap.close();
    s.close();
  });

  it("sees the transaction's own pending writes in the range, and none of another table's", async () => {
    const s = open();
    await s.write((tx) => {
      for (const name of ['a', 'b']) {
        const t = tx.createTable({ name, columns, primaryKey: { columns: ['id'] } });
        for (let i = 0; i < 100; i++) tx.insert(t, [BigInt(i), null, `${name}${i}`]);
      }
    });
    const tx = await s.beginWrite();
    const a = tx.table('a');
    const b = tx.table('b');
    tx.insert(b, [1000n, null, 'new in b']);
    expect([...tx.scanValues(a)].length).toBe(100);
    tx.insert(a, [1000n, null, 'new in a']);
    tx.delete(a, tx.keyOf(a, [5n]));
    const values = [...tx.scanValues(a)];
    expect(values.length).toBe(100);
    expect(values.at(-1)![2]).toBe('new in a');
    expect(values.some((v) => v[0] === 5n)).toBe(false);
    expect(values).toEqual([...tx.scan(a)].map((r) => r.values));
    tx.rollback();
    s.close();
  });
});

describe('scanValues on a data directory opened read-only', () => {
  it('reads the rows (decoding handles are opened before any read transaction)', async () => {
    const dir = join(tempDir(), 'db');
    const w = Storage.open({ dir, create: true });
    await w.write((tx) => {
      const t = tx.createTable({ name: 't', columns, primaryKey: { columns: ['id'] } });
      for (let i = 0; i < 50; i++) tx.insert(t, [BigInt(i), null, `r${i}`]);
    });
    w.close();
    const r = Storage.open({ dir, readOnly: true });
    const snap = r.snapshot();
    expect([...snap.scanValues(snap.table('t'))].map((v) => v[2])).toEqual(Array.from({ length: 50 }, (_, i) => `r${i}`));
    snap.close();
    r.close();
  });
});
