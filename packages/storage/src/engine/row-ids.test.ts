import { describe, expect, it } from 'vitest';
import { T } from '@heliosdb/types';
import { BACKENDS } from '../test-support/backends.js';

const spec = { name: 'log', columns: [{ name: 'msg', type: T.text }] }; // no primary key: hidden row ids

describe.each(BACKENDS)('hidden row ids on %s', (_name, open) => {
  it('never reuse the id of a row pending in the same transaction, whatever was deleted', async () => {
    const db = open();
    await db.write((tx) => {
      const t = tx.createTable(spec);
      for (const m of ['a', 'b', 'c']) tx.insert(t, [m]); // committed ids 1..3
    });
    const tx = await db.beginWrite();
    const t = tx.table('log');
    const k4 = tx.insert(t, ['d']);
    tx.insert(t, ['e']);
    const k6 = tx.insert(t, ['f']);
    tx.delete(t, k6); // the largest pending id is now a deletion
    tx.insert(t, ['g']); // must not take id 4 or 5
    tx.delete(t, k4);
    const committedLast = [...tx.scan(t)].find((r) => r.values[0] === 'c')!.key;
    tx.delete(t, committedLast); // the largest committed id is deleted too
    tx.insert(t, ['h']);
    tx.commit();
    const snap = db.snapshot();
    expect([...snap.scan(snap.table('log'))].map((r) => r.values[0])).toEqual(['a', 'b', 'e', 'g', 'h']);
    snap.close();
    db.close();
  });

  it('numbers many rows loaded in one transaction in insertion order', async () => {
    const db = open();
    await db.write((tx) => {
      const t = tx.createTable(spec);
      for (let i = 0; i < 20_000; i++) tx.insert(t, [`m${i}`]);
    });
    const snap = db.snapshot();
    const rows = [...snap.scan(snap.table('log'))];
    expect(rows.length).toBe(20_000);
    expect(rows[19_999]!.values[0]).toBe('m19999');
    snap.close();
    db.close();
  });

  it('continue past a row written under an explicit key (putRaw) in the same transaction', async () => {
    const db = open();
    await db.write((tx) => {
      const t = tx.createTable(spec);
      tx.insert(t, ['a']); // id 1
      tx.insert(t, ['raw']); // id 2, only to get its row bytes
    });
    const before = db.snapshot();
    const [, raw] = [...before.rawRows(before.table('log'))];
    before.close();
    await db.write((tx) => {
      const t = tx.table('log');
      const k3 = tx.insert(t, ['c']); // id 3: the next one is counted in the transaction now
      const k4 = Buffer.from(k3);
      k4.writeBigUInt64BE(k3.readBigUInt64BE(6) + 1n, 6); // id 4, chosen by the caller
      tx.putRaw(t, k4, raw!.value);
      tx.insert(t, ['d']); // must take 5, not overwrite 4
    });
    const snap = db.snapshot();
    expect([...snap.scan(snap.table('log'))].map((r) => r.values[0])).toEqual(['a', 'raw', 'c', 'raw', 'd']);
    snap.close();
    db.close();
  });
});
