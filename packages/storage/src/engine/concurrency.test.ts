import { describe, expect, it } from 'vitest';
import { T } from '@heliosdb/types';
import { BACKENDS } from '../test-support/backends.js';

describe.each(BACKENDS)('transactions on %s', (_name, open) => {
  it('a snapshot stays put while later transactions commit', async () => {
    const s = open();
    await s.write((tx) => {
      const t = tx.createTable({ name: 't', columns: [{ name: 'k', type: T.int4 }, { name: 'v', type: T.int4 }], primaryKey: { columns: ['k'] } });
      for (let i = 0; i < 1000; i++) tx.insert(t, [i, 0]);
    });
    const snap = s.snapshot();
    const iter = snap.scan(snap.table('t'))[Symbol.iterator]();
    const first = iter.next().value!;
    for (let round = 1; round <= 3; round++) {
      await s.write((tx) => {
        const t = tx.table('t');
        for (const r of tx.scan(t)) tx.update(t, r.key, [r.values[0]!, round]);
        tx.delete(t, tx.keyOf(t, [999]));
      });
    }
    // The iterator started before the commits still streams the old state to the end.
    const rest = [first, ...{ [Symbol.iterator]: () => iter }];
    expect(rest).toHaveLength(1000);
    expect(rest.every((r) => r.values[1] === 0)).toBe(true);
    expect(snap.lsn).toBe(1n);
    snap.close();
    const now = s.snapshot();
    expect([...now.scan(now.table('t'))].map((r) => r.values[1])).toEqual(Array(999).fill(3));
    now.close();
    s.close();
  });

  it('serialises writers so that no update is lost, and readers never wait', async () => {
    const s = open();
    await s.write((tx) => tx.insert(tx.createTable({ name: 'c', columns: [{ name: 'k', type: T.int4 }, { name: 'n', type: T.int8 }], primaryKey: { columns: ['k'] } }), [0, 0n]));
    // Each writer reads before taking the lock, then increments after it: the lock refreshes its snapshot.
    const writers = Array.from({ length: 20 }, async () => {
      const tx = s.begin();
      await tx.lockForWrite();
      const c = tx.table('c');
      const n = tx.get(c, [0])![1] as bigint;
      await new Promise((r) => setImmediate(r));
      // A reader in the middle of a write transaction is not blocked.
      const snap = s.snapshot();
      expect(snap.get(snap.table('c'), [0])).not.toBeNull();
      snap.close();
      tx.update(c, tx.keyOf(c, [0]), [0, n + 1n]);
      tx.commit();
    });
    await Promise.all(writers);
    const snap = s.snapshot();
    expect(snap.get(snap.table('c'), [0])).toEqual([0, 20n]);
    expect(snap.lsn).toBe(21n);
    snap.close();
    s.close();
  });

  it('a transaction reads its own writes; a rollback leaves nothing', async () => {
    const s = open();
    await s.write((tx) => void tx.createTable({ name: 't', columns: [{ name: 'k', type: T.int4 }], primaryKey: { columns: ['k'] } }));
    const tx = await s.beginWrite();
    const t = tx.table('t');
    for (const k of [5, 1, 3]) tx.insert(t, [k]);
    expect([...tx.scan(t)].map((r) => r.values[0])).toEqual([1, 3, 5]);
    const other = s.snapshot();
    expect([...other.scan(other.table('t'))]).toHaveLength(0);
    other.close();
    tx.rollback();
    expect(() => tx.insert(t, [9])).toThrow('the transaction has already committed or rolled back');
    const after = s.snapshot();
    expect([...after.scan(after.table('t'))]).toHaveLength(0);
    after.close();
    s.close();
  });

  it('refuses row writes before the writer lock is taken', async () => {
    const s = open();
    await s.write((tx) => void tx.createTable({ name: 't', columns: [{ name: 'k', type: T.int4 }] }));
    const tx = s.begin();
    expect(() => tx.insert(tx.table('t'), [1])).toThrow('storage: call `await tx.lockForWrite()` before writing');
    tx.rollback();
    s.close();
  });
});
