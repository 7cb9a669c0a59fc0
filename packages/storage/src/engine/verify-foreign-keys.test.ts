import { describe, expect, it } from 'vitest';
import { T, type Value } from '@heliosdb/types';
import type { Storage } from '../storage.js';
import { StorageError } from '../errors.js';
import { BACKENDS } from '../test-support/backends.js';
import type { Transaction } from './transaction.js';

// ADD FOREIGN KEY checks every existing row; keys already found in the parent are not looked up again
// (verifyForeignKeys). The witness is the per-row check on insert into a table that has the key from the start.

const CHILD_COLUMNS = [
  { name: 'id', type: T.int8 },
  { name: 'pid', type: T.int8 },
  { name: 'code', type: T.text },
  { name: 'fx', type: T.float8 },
  { name: 'ma', type: T.int4 },
  { name: 'mb', type: T.text },
];

const FKS = [
  { columns: ['pid'], refTable: 'p' },
  { columns: ['code'], refTable: 'p', refColumns: ['code'] },
  { columns: ['fx'], refTable: 'pf' },
  { columns: ['ma', 'mb'], refTable: 'pm' },
];

async function parents(s: Storage): Promise<void> {
  await s.write((tx) => {
    tx.createTable({ name: 'p', columns: [{ name: 'id', type: T.int8 }, { name: 'code', type: T.text }], primaryKey: { columns: ['id'] }, unique: [{ columns: ['code'] }] });
    tx.createTable({ name: 'pf', columns: [{ name: 'x', type: T.float8 }], primaryKey: { columns: ['x'] } });
    tx.createTable({ name: 'pm', columns: [{ name: 'a', type: T.int4 }, { name: 'b', type: T.text }], primaryKey: { columns: ['a', 'b'] } });
    for (let i = 1; i <= 5; i++) tx.insert(tx.table('p'), [BigInt(i), `c${i}`]);
    for (const x of [0, 1.5, 2.5]) tx.insert(tx.table('pf'), [x]);
    // ('1', 'x1') and ('11', 'x') must not be confused with (1, '1x') or (11, '')...
    for (const [a, b] of [[1, 'x1'], [11, 'x'], [1, '1x'], [2, '']] as const) tx.insert(tx.table('pm'), [a, b]);
  });
}

/** Which foreign keys fail for `rows`: added after the rows (verifyForeignKeys) and, as the witness, declared first with rows inserted one by one. */
async function verdicts(open: () => Storage, rows: Value[][], sameTransaction = false): Promise<{ added: (string | null)[]; perRow: (string | null)[] }> {
  const s = open();
  try {
    await parents(s);
    const added: (string | null)[] = [];
    const perRow: (string | null)[] = [];
    for (const [k, fk] of FKS.entries()) {
      // Committed first, so the check reads them from the backend; or pending in the ALTER's own transaction.
      const fill = (tx: Transaction): void => {
        tx.createTable({ name: `c${k}`, columns: CHILD_COLUMNS, primaryKey: { columns: ['id'] } });
        for (const r of rows) tx.insert(tx.table(`c${k}`), r);
      };
      if (!sameTransaction) await s.write(fill);
      await s.write((tx) => {
        if (sameTransaction) fill(tx);
        try {
          tx.alterTable(`c${k}`, { kind: 'addForeignKey', foreignKey: fk });
          added.push(null);
        } catch (e) {
          expect(e).toBeInstanceOf(StorageError);
          expect((e as StorageError).code).toBe('23503');
          added.push((e as StorageError).detail ?? '?');
          // The failed ALTER left no foreign key behind.
          expect(tx.table(`c${k}`).foreignKeys).toEqual([]);
        }
        tx.createTable({ name: `w${k}`, columns: CHILD_COLUMNS, primaryKey: { columns: ['id'] }, foreignKeys: [fk] });
        let first: string | null = null;
        for (const r of rows) {
          try {
            tx.insert(tx.table(`w${k}`), r);
          } catch (e) {
            expect((e as StorageError).code).toBe('23503');
            first ??= (e as StorageError).detail ?? '?';
          }
        }
        perRow.push(first);
      });
    }
    return { added, perRow };
  } finally {
    s.close();
  }
}

const row = (id: number, pid: bigint | null, code: string | null, fx: number | null, ma: number | null, mb: string | null): Value[] => [BigInt(id), pid, code, fx, ma, mb];

describe.each(BACKENDS)('ADD FOREIGN KEY verification on %s', (_name, open) => {
  it('accepts rows that repeat found keys many times (and NULLs)', async () => {
    const rows: Value[][] = [];
    for (let i = 0; i < 3000; i++) {
      const ms = [[1, 'x1'], [11, 'x'], [1, '1x'], [2, '']] as const;
      const [ma, mb] = ms[i % 4]!;
      rows.push(row(i, BigInt(1 + (i % 5)), `c${1 + (i % 3)}`, [0, 1.5, 2.5][i % 3]!, ma, mb));
    }
    rows.push(row(5000, null, null, null, null, 'x1'));
    const v = await verdicts(open, rows);
    expect(v.added).toEqual([null, null, null, null]);
    expect(v.perRow).toEqual(v.added);
  });

  it.each([false, true])('finds a missing key after many rows with found keys, whichever column type (rows pending in the same transaction: %s)', async (sameTransaction) => {
    const rows: Value[][] = [];
    for (let i = 0; i < 2000; i++) rows.push(row(i, 1n + BigInt(i % 5), `c${1 + (i % 5)}`, 1.5, 1, 'x1'));
    rows.push(row(3000, 6n, 'c6', 3.5, 1, 'x'));
    // Only after the missing ones: the multi-column key (11, 'x1') shares its text with found keys.
    rows.push(row(3001, 1n, 'c1', 1.5, 11, 'x1'));
    const v = await verdicts(open, rows, sameTransaction);
    expect(v.added).toEqual([
      'Key (pid)=(6) is not present in table "p".',
      'Key (code)=(c6) is not present in table "p".',
      'Key (fx)=(3.5) is not present in table "pf".',
      'Key (ma, mb)=(1, x) is not present in table "pm".',
    ]);
    expect(v.perRow).toEqual(v.added);
  });

  it('existingRowsChecked: the rows are not read again, and later writes are still checked', async () => {
    const s = open();
    try {
      await parents(s);
      await s.write((tx) => {
        tx.createTable({ name: 'c', columns: CHILD_COLUMNS, primaryKey: { columns: ['id'] } });
        tx.insert(tx.table('c'), row(1, 1n, 'c1', 1.5, 1, 'x1'));
        // The caller vouches for the existing rows; this one would fail a check, which shows none was made.
        tx.insert(tx.table('c'), row(2, 9n, 'c1', 1.5, 1, 'x1'));
      });
      await s.write((tx) => {
        tx.alterTable('c', { kind: 'addForeignKey', foreignKey: FKS[0]!, existingRowsChecked: true });
      });
      await s.write((tx) => {
        expect(tx.table('c').foreignKeys).toHaveLength(1);
        tx.insert(tx.table('c'), row(3, 2n, 'c1', 1.5, 1, 'x1'));
        let err: unknown;
        try {
          tx.insert(tx.table('c'), row(4, 7n, 'c1', 1.5, 1, 'x1'));
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(StorageError);
        expect((err as StorageError).detail).toBe('Key (pid)=(7) is not present in table "p".');
      });
    } finally {
      s.close();
    }
  });

  it('treats -0 and 0 as the per-row check does', async () => {
    const rows: Value[][] = [row(1, 1n, 'c1', 0, 1, 'x1'), row(2, 1n, 'c1', -0, 1, 'x1'), row(3, 1n, 'c1', -0, 1, 'x1')];
    const v = await verdicts(open, rows);
    expect(v.added).toEqual(v.perRow);
  });
});
