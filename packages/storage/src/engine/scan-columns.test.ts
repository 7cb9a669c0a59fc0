import { describe, expect, it } from 'vitest';
import { PgDate, PgInterval, PgTime, PgTimestamp, PgTimestampTz, T, arrayOf, type Value } from '@heliosdb/types';
import { BACKENDS } from '../test-support/backends.js';
import type { KeyRange, Reader } from './reader.js';
import type { TableDef } from '../catalog/catalog-types.js';

// One column of every encoding (fixed widths, length-prefixed, arrays), so skipping each is exercised.
const columns = [
  { name: 'id', type: T.int8 },
  { name: 'b', type: T.bool },
  { name: 's', type: T.int2 },
  { name: 'i', type: T.int4 },
  { name: 'f4', type: T.float4 },
  { name: 'f8', type: T.float8 },
  { name: 'n', type: T.numeric() },
  { name: 't', type: T.text },
  { name: 'by', type: T.bytea },
  { name: 'd', type: T.date },
  { name: 'tm', type: T.time },
  { name: 'ts', type: T.timestamp },
  { name: 'tz', type: T.timestamptz },
  { name: 'iv', type: T.interval },
  { name: 'u', type: T.uuid },
  { name: 'arr', type: arrayOf(T.text) },
  { name: 'last', type: T.int4 },
];

function row(i: number): Value[] {
  const v: Value[] = [
    BigInt(i),
    i % 2 === 0,
    i - 50,
    i * 1000,
    i / 4,
    i * 0.5,
    `${i}.25`,
    `text-${i}-é`,
    Buffer.from([i & 0xff, 1, 2]),
    new PgDate(i),
    new PgTime(i * 1000),
    new PgTimestamp(BigInt(i) * 1_000_000n),
    new PgTimestampTz(BigInt(i) * 1_000_000n),
    new PgInterval(1, i, 5n),
    `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
    i % 3 === 0 ? null : ['x', null, `y${i}`],
    i,
  ];
  // NULLs in every column somewhere (never the key).
  if (i % v.length > 0) v[i % v.length] = null;
  return v;
}

const project = (values: Value[], cols: readonly number[]) => values.map((v, i) => (cols.includes(i) ? v : null));

/** eachColumns' rows, copied as they are pushed (checking that every push hands on the same array). */
function pushed(r: Reader, t: TableDef, cols: readonly number[], range?: KeyRange): Value[][] {
  const out: Value[][] = [];
  let array: Value[] | undefined;
  r.eachColumns(t, cols, (values) => {
    if (array !== undefined && values !== array) throw new Error('eachColumns: a new array for a row');
    array = values;
    out.push([...values]);
  }, range);
  return out;
}

describe.each(BACKENDS)('scanColumns on %s', (_name, open) => {
  it('gives scanValues’ values in the wanted columns and NULL elsewhere, over every encoding, NULLs, ranges and pending writes', async () => {
    const s = open();
    await s.write((tx) => {
      const t = tx.createTable({ name: 'w', columns, primaryKey: { columns: ['id'] } });
      for (let i = 0; i < 200; i++) tx.insert(t, row(i));
    });
    const picks: number[][] = [[], [0], [5], [7], [16], [15, 16], [1, 3, 8, 13], columns.map((_, i) => i), [14, 2, 9]];
    const snap = s.snapshot();
    const t = snap.table('w');
    const all = [...snap.scanValues(t)];
    for (const cols of picks) {
      expect([...snap.scanColumns(t, cols)], JSON.stringify(cols)).toEqual(all.map((v) => project(v, cols)));
      const range = { lower: { values: [20n], inclusive: true }, upper: { values: [30n], inclusive: false } };
      expect([...snap.scanColumns(t, cols, range)]).toEqual([...snap.scanValues(t, range)].map((v) => project(v, cols)));
      // The push form: the same values, in one array refilled row after row.
      expect(pushed(snap, t, cols), JSON.stringify(cols)).toEqual(all.map((v) => project(v, cols)));
      expect(pushed(snap, t, cols, range)).toEqual([...snap.scanValues(t, range)].map((v) => project(v, cols)));
    }
    snap.close();

    // A transaction's own inserts and deletes, and rows written before ADD COLUMN and after DROP COLUMN.
    const tx = await s.beginWrite();
    const w = tx.table('w');
    tx.insert(w, row(1000));
    tx.delete(w, tx.keyOf(w, [3n]));
    tx.alterTable('w', { kind: 'addColumn', column: { name: 'extra', type: T.text } });
    tx.alterTable('w', { kind: 'dropColumn', column: 't' });
    const w2 = tx.table('w');
    tx.insert(w2, [...row(2000).slice(0, 7), null, ...row(2000).slice(8), 'added']);
    const values = [...tx.scanValues(w2)];
    expect(values.length).toBe(201);
    for (const cols of [[7, 17], [16, 17], [0, 6, 17], [7]]) {
      expect([...tx.scanColumns(w2, cols)]).toEqual(values.map((v) => project(v, cols)));
      expect(pushed(tx, w2, cols)).toEqual(values.map((v) => project(v, cols)));
    }
    tx.rollback();
    s.close();
  });
});
