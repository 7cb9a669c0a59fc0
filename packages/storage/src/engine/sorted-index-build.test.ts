import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { T, type Value } from '@heliosdb/types';
import { Storage } from '../storage.js';
import { StorageError } from '../errors.js';
import { tempDir } from '../test-support/backends.js';

// Indexes built after the rows from sorted entries (createIndexesSorted, bulk-load mode). The witness is the
// same table loaded into a normal data directory whose indexes existed before the rows (one check per insert).

const COLUMNS = [
  { name: 'id', type: T.int8 },
  { name: 'email', type: T.text },
  { name: 'grp', type: T.int4 },
  { name: 'score', type: T.numeric() },
];

function rows(n: number, extra: Value[][] = []): Value[][] {
  const out: Value[][] = [];
  // Emails not in key order; groups wrapping around (several ascending runs); NULLs in the unique column.
  for (let i = 1; i <= n; i++) out.push([BigInt(i), i % 97 === 0 ? null : `user${(i * 7919) % 100_003}@x`, i % 13, i % 5 === 0 ? null : `${i % 50}.5`]);
  return [...out, ...extra];
}

async function load(s: Storage, data: Value[][], indexesFirst: boolean, rowIds = false): Promise<void> {
  await s.write((tx) => {
    tx.createTable({ name: 't', columns: COLUMNS, ...(!rowIds && { primaryKey: { columns: ['id'] } }), ...(indexesFirst && { unique: [{ columns: ['email'] }] }) });
    if (indexesFirst) {
      tx.createIndex({ name: 't_grp', table: 't', columns: ['grp', 'score'] });
      tx.createIndex({ name: 't_score', table: 't', columns: ['score'] });
    }
  });
  for (let i = 0; i < data.length; i += 1000) {
    await s.write((tx) => {
      for (const r of data.slice(i, i + 1000)) tx.insert(tx.table('t'), r);
    });
  }
}

const SPECS = [
  { columns: ['email'], unique: true, constraint: 'unique' as const },
  { name: 't_grp', columns: ['grp', 'score'] },
  { name: 't_score', columns: ['score'] },
];

/** Every index entry (key and value, hex) of every index of t, by index name. */
function entries(s: Storage): Record<string, string[]> {
  const snap = s.snapshot();
  try {
    const out: Record<string, string[]> = {};
    for (const ix of snap.catalog.indexesOf(snap.table('t').id)) {
      out[ix.name] = [...snap.indexScan(ix)].map((r) => `${r.key.toString('hex')}:${String(r.values[0])}`);
    }
    return out;
  } finally {
    snap.close();
  }
}

function bulk(): Storage {
  return Storage.open({ dir: join(tempDir(), 'db'), create: true, bulkLoad: true });
}

describe('createIndexesSorted', () => {
  it.each([4096, 1 << 20])('builds the same entries as indexes maintained row by row (run size %i bytes: spilled runs merged, or one run)', async (runBytes) => {
    const data = rows(5000);
    const witness = Storage.open({ dir: join(tempDir(), 'w'), create: true });
    const s = bulk();
    try {
      await load(witness, data, true);
      await load(s, data, false);
      const r = await s.createIndexesSorted('t', SPECS, { runBytes });
      expect(r.refused).toEqual([]);
      expect(r.created.map((d) => [d.name, d.unique, d.constraint])).toEqual([
        ['t_email_key', true, true],
        ['t_grp', false, false],
        ['t_score', false, false],
      ]);
      expect(entries(s)).toEqual(entries(witness));
      // Index scans read in index order; lookups through the unique index work.
      const snap = s.snapshot();
      expect([...snap.indexScan(snap.index('t_email_key'), { eq: ['user7919@x'] })].map((x) => x.values[0])).toEqual([1n]);
      snap.close();
      await s.sync();
      // No spill files are left in the data directory.
      expect(readdirSync(s.dir!).filter((n) => n.startsWith('.index-build'))).toEqual([]);
    } finally {
      witness.close();
      s.close();
    }
  });

  it('builds the entries of a table keyed by hidden row ids', async () => {
    const data = rows(3000);
    const witness = Storage.open({ dir: join(tempDir(), 'w'), create: true });
    const s = bulk();
    try {
      await load(witness, data, true, true);
      await load(s, data, false, true);
      await s.createIndexesSorted('t', SPECS, { runBytes: 4096 });
      expect(entries(s)).toEqual(entries(witness));
    } finally {
      witness.close();
      s.close();
    }
  });

  it.each([4096, 1 << 20])('reports a duplicate as an insert would, and leaves no index (run size %i)', async (runBytes) => {
    // Row 4001 repeats row 1234's email; NULLs (every 97th row) are never duplicates.
    const data = rows(4000, [[4001n, `user${(1234 * 7919) % 100_003}@x`, 1, '1.5']]);
    const witness = Storage.open({ dir: join(tempDir(), 'w'), create: true });
    let expected: StorageError | undefined;
    try {
      await load(witness, data.slice(0, 4000), true);
      await witness.write((tx) => tx.insert(tx.table('t'), data[4000]!)).catch((e: StorageError) => (expected = e));
    } finally {
      witness.close();
    }
    expect(expected?.code).toBe('23505');
    const s = bulk();
    try {
      await load(s, data, false);
      const e = await s.createIndexesSorted('t', SPECS, { runBytes }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(StorageError);
      expect([(e as StorageError).code, (e as StorageError).message, (e as StorageError).detail]).toEqual([expected!.code, expected!.message, expected!.detail]);
      expect(entries(s)).toEqual({});
      // Nothing under any index id either (entries written before the duplicate was found are removed).
      const snap = s.snapshot();
      expect(snap.catalog.data.indexes).toEqual([]);
      snap.close();
      // The table can still get its non-unique indexes.
      const ok = await s.createIndexesSorted('t', SPECS.slice(1), { runBytes });
      expect(ok.created.map((d) => d.name)).toEqual(['t_grp', 't_score']);
    } finally {
      s.close();
    }
  });

  it('refuses an entry over the key size limit with the insert error, and returns refused definitions', async () => {
    const s = bulk();
    try {
      await load(s, [[1n, 'x'.repeat(3000), 1, '1']], false);
      const e = await s.createIndexesSorted('t', [{ columns: ['email'], unique: true }]).catch((x: unknown) => x);
      expect((e as StorageError).code).toBe('54000');
      expect((e as StorageError).message).toBe('index row size 3017 exceeds maximum 1978 for index "t_email_key"');
      const r = await s.createIndexesSorted('t', [{ columns: ['nope'] }, { name: 't_grp', columns: ['grp'] }]);
      expect(r.refused.map((x) => (x.error as StorageError).code)).toEqual(['42703']);
      expect(r.created.map((d) => d.name)).toEqual(['t_grp']);
    } finally {
      s.close();
    }
  });

  it('is refused outside bulk-load mode', async () => {
    const s = Storage.open({ dir: join(tempDir(), 'db'), create: true });
    try {
      await load(s, rows(3), false);
      await expect(s.createIndexesSorted('t', SPECS)).rejects.toThrow(/bulkLoad/);
    } finally {
      s.close();
    }
  });
});
