import { describe, expect, it } from 'vitest';
import { T } from '@heliosdb/types';
import { Storage } from '../storage.js';
import { BACKENDS } from '../test-support/backends.js';

describe.each(BACKENDS)('raw rows (dump and restore) on %s', (_name, open) => {
  it('copies row bytes verbatim into another database and rebuilds its indexes', async () => {
    const src = open();
    const spec = {
      name: 't',
      columns: [
        { name: 'id', type: T.int4 },
        { name: 'email', type: T.text },
      ],
      primaryKey: { columns: ['id'] },
      unique: [{ columns: ['email'] }],
    };
    await src.write((tx) => {
      const t = tx.createTable(spec);
      for (let i = 0; i < 2500; i++) tx.insert(t, [i, `u${i}@x`]);
    });
    const dst = Storage.memory();
    await dst.write((tx) => void tx.createTable(spec));
    const snap = src.snapshot();
    const rows = [...snap.rawRows(snap.table('t'))];
    // Restore in batches, as a loader of millions of rows does.
    for (let b = 0; b < rows.length; b += 1000) {
      await dst.write((tx) => {
        const t = tx.table('t');
        for (const r of rows.slice(b, b + 1000)) tx.putRaw(t, r.key, r.value);
      });
    }
    const back = dst.snapshot();
    expect([...back.rawRows(back.table('t'))].map((e) => [e.key.toString('hex'), e.value.toString('hex')])).toEqual(
      rows.map((e) => [e.key.toString('hex'), e.value.toString('hex')]),
    );
    expect([...back.indexScan(back.index('t_email_key'), { eq: ['u1234@x'] })].map((r) => r.values)).toEqual([[1234, 'u1234@x']]);
    back.close();
    // A duplicate arriving through the raw path is still refused by the unique index.
    const tx = await dst.beginWrite();
    const dupe = tx.keyOf(tx.table('t'), [99999]);
    const bytes = rows[7]!.value;
    expect(() => tx.putRaw(tx.table('t'), dupe, bytes)).toThrow('duplicate key value violates unique constraint "t_email_key"');
    tx.rollback();
    snap.close();
    src.close();
    dst.close();
  });
});
