import { describe, expect, it } from 'vitest';
import { T } from '@heliosdb/types';
import { ChangesPrunedError } from '../errors.js';
import { Storage } from '../storage.js';
import { BACKENDS } from '../test-support/backends.js';

/** Every table's raw rows as tableId -> (key hex -> row hex): the state a dump would hold. */
function rawState(s: Storage): Map<number, Map<string, string>> {
  const snap = s.snapshot();
  const state = new Map<number, Map<string, string>>();
  for (const t of snap.catalog.tables) {
    const rows = new Map<string, string>();
    for (const e of snap.rawRows(t)) rows.set(e.key.subarray(5).toString('hex'), e.value.toString('hex'));
    state.set(t.id, rows);
  }
  snap.close();
  return state;
}

function rng(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

describe.each(BACKENDS)('change tracking on %s', (_name, open) => {
  it('lists exactly what an older copy needs to become the current state', async () => {
    const s = open();
    await s.write((tx) => {
      for (const name of ['a', 'b', 'gone']) {
        const t = tx.createTable({ name, columns: [{ name: 'id', type: T.int4 }, { name: 'v', type: T.text }], primaryKey: { columns: ['id'] } });
        for (let i = 0; i < 200; i++) tx.insert(t, [i, `${name}${i}`]);
      }
    });
    const baseLsn = s.lsn;
    const copy = rawState(s);
    const rand = rng(7);
    for (let c = 0; c < 30; c++) {
      await s.write((tx) => {
        for (const name of ['a', 'b']) {
          const t = tx.table(name);
          for (let k = 0; k < 10; k++) {
            const id = Math.floor(rand() * 300);
            const key = tx.keyOf(t, [id]);
            const r = rand();
            if (tx.getByKey(t, key) === null) tx.insert(t, [id, `new${c}`]);
            else if (r < 0.5) tx.update(t, key, [id, `upd${c}`]);
            else tx.delete(t, key);
          }
        }
        if (c === 10) tx.dropTable('gone');
        if (c === 12) {
          const n = tx.createTable({ name: 'fresh', columns: [{ name: 'x', type: T.int8 }] });
          tx.insert(n, [1n]);
          tx.insert(n, [2n]);
        }
      });
    }
    const changes = s.changesSince(baseLsn);
    expect(changes.fromLsn).toBe(baseLsn);
    expect(changes.toLsn).toBe(s.lsn);
    expect(changes.catalog.map((c) => `${c.op} ${c.kind} ${c.name}`)).toEqual(['dropped table gone', 'created table fresh']);
    // Apply the change set to the old copy.
    for (const c of changes.catalog) {
      if (c.kind !== 'table') continue;
      if (c.op === 'dropped') copy.delete(c.id);
      if (c.op === 'created') copy.set(c.id, new Map());
    }
    for (const r of changes.rows) {
      const rows = copy.get(r.tableId)!;
      if (r.row) rows.set(r.key.toString('hex'), r.row.toString('hex'));
      else rows.delete(r.key.toString('hex'));
    }
    expect(copy).toEqual(rawState(s));
    expect(changes.rows.some((r) => r.row === null)).toBe(true);
    // Once each, in key order (by table id, then key).
    const full = changes.rows.map((r) => Buffer.concat([Buffer.from([r.tableId >>> 24, (r.tableId >>> 16) & 255, (r.tableId >>> 8) & 255, r.tableId & 255]), r.key]));
    for (let i = 1; i < full.length; i++) expect(Buffer.compare(full[i - 1]!, full[i]!)).toBe(-1);
    s.close();
  });

  it('lists keys once, in key order, whether the commits touched them in order or not', async () => {
    const s = open();
    await s.write((tx) => {
      const t = tx.createTable({ name: 't', columns: [{ name: 'id', type: T.int4 }, { name: 'v', type: T.text }], primaryKey: { columns: ['id'] } });
      for (let i = 0; i < 20; i++) tx.insert(t, [i, 'x']);
    });
    const touch = async (ids: number[]) => {
      const lsn = s.lsn;
      for (const group of [ids.slice(0, 2), ids.slice(2)]) {
        await s.write((tx) => {
          const t = tx.table('t');
          for (const id of group) tx.update(t, tx.keyOf(t, [id]), [id, `v${id}`]);
        });
      }
      const snap = s.snapshot();
      const keys = snap.changedKeysSince(lsn).keys.map((k) => k.readInt32BE(6) ^ 0x80000000);
      const rows = s.changesSince(lsn).rows.map((r) => r.key.readInt32BE(1) ^ 0x80000000);
      snap.close();
      return { keys, rows };
    };
    // Ascending within and across commits: taken as they come.
    expect(await touch([1, 5, 7, 9])).toEqual({ keys: [1, 5, 7, 9], rows: [1, 5, 7, 9] });
    // A key touched twice, and commits out of order: sorted and deduplicated.
    expect(await touch([5, 9, 9, 2])).toEqual({ keys: [2, 5, 9], rows: [2, 5, 9] });
    expect(await touch([12, 3, 3, 0])).toEqual({ keys: [0, 3, 12], rows: [0, 3, 12] });
    s.close();
  });

  it('costs in proportion to the change, not the table', async () => {
    const s = open();
    await s.write((tx) => {
      const t = tx.createTable({ name: 'big', columns: [{ name: 'id', type: T.int4 }], primaryKey: { columns: ['id'] } });
      for (let i = 0; i < 20_000; i++) tx.insert(t, [i]);
    });
    const lsn = s.lsn;
    await s.write((tx) => {
      const t = tx.table('big');
      tx.delete(t, tx.keyOf(t, [5]));
      tx.insert(t, [20_000]);
    });
    const changes = s.changesSince(lsn);
    expect(changes.rows.map((r) => [r.key.toString('hex'), r.row === null])).toEqual([
      ['0180000005', true],
      ['0180004e20', false],
    ]);
    expect(s.changesSince(s.lsn).rows).toEqual([]);
    s.close();
  });

  it('reports altered tables', async () => {
    const s = open();
    await s.write((tx) => void tx.createTable({ name: 'a', columns: [{ name: 'x', type: T.int4 }] }));
    const lsn = s.lsn;
    await s.write((tx) => void tx.alterTable('a', { kind: 'addColumn', column: { name: 'y', type: T.text } }));
    expect(s.changesSince(lsn).catalog.map((c) => `${c.op} ${c.name}`)).toEqual(['altered a']);
    s.close();
  });
});

describe('change-log retention', () => {
  it('prunes old entries and refuses requests that need them, asking for a full dump', async () => {
    const s = Storage.memory({ retention: { maxAgeMs: 0, minCommits: 10 } });
    await s.write((tx) => void tx.createTable({ name: 't', columns: [{ name: 'x', type: T.int4 }] }));
    for (let i = 0; i < 300; i++) await s.write((tx) => void tx.insert(tx.table('t'), [i]));
    // Pruning ran at LSN 256: entries up to 246 are gone.
    expect(() => s.changesSince(10n)).toThrow(ChangesPrunedError);
    const err = (() => {
      try {
        s.changesSince(245n);
      } catch (e) {
        return e as ChangesPrunedError;
      }
      throw new Error('changesSince(245) should have failed');
    })();
    expect(err.message).toBe('changes since LSN 245 are no longer available: the change log starts after LSN 246');
    expect(err.hint).toBe('take a full dump instead of an incremental one');
    expect(s.changesSince(246n).rows).toHaveLength(301 - 246);
    s.close();
  });
});
