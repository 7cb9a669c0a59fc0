import { PgDate, PgTimestamp, PgTimestampTz, T, type Value } from '@heliosdb/types';
import * as A from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import type { ColumnSchema } from '../schema.js';
import { columnBuilder } from './arrow-builders.js';
import { recordBatchRows } from './arrow-rows.js';
import { arrowTypeOf } from './arrow-types.js';
import { readColumn } from './arrow-values.js';

const schema: ColumnSchema[] = [
  { name: 'i2', type: T.int2 }, { name: 'i4', type: T.int4 }, { name: 'i8', type: T.int8 }, { name: 'f', type: T.float8 },
  { name: 'b', type: T.bool }, { name: 'n', type: T.numeric(38, 4) }, { name: 'n0', type: T.numeric(20, 0) },
  { name: 'd', type: T.date }, { name: 'ts', type: T.timestamp }, { name: 'tz', type: T.timestamptz }, { name: 's', type: T.text },
];
// in numeric(38,4)'s output form; the first ones fit a double (53 bits), the rest take the bigint path
const DECIMALS = ['0.0000', '-0.0001', '1.5000', '-1.5000', '900719925474.0991', '-900719925474.0991', '900719925474.0992',
  '-900719925474.0992', '99999999999999999999999999999999.9999', '-12345678901234567890.1234', '429496.7296', '-429496.7296'];

function row(i: number): Value[] {
  if (i % 7 === 3) return schema.map(() => null);
  const dec = DECIMALS[i % DECIMALS.length]!;
  return [(i % 65536) - 32768, i * 7919 - 1e6, BigInt(i) * -123456789012345n, i / 7, i % 2 === 0, dec,
    String(i * 1e9), new PgDate(i - 500), new PgTimestamp(BigInt(i) * 1_000_003n - 10n ** 15n),
    new PgTimestampTz(-BigInt(i)), i % 5 === 0 ? `ü🎉 ${i}` : i % 11 === 0 ? '' : `plain ${i}`];
}

describe('recordBatchRows', () => {
  it('gives what readColumn (the reference) gives, for whole and sliced batches, with NULLs', () => {
    const fields = schema.map((c) => new A.Field(c.name, arrowTypeOf(c.type), true));
    const builders = schema.map((c, i) => columnBuilder(c.type, fields[i]!.type, 8));
    const rows = Array.from({ length: 300 }, (_, i) => row(i));
    for (const r of rows) r.forEach((v, i) => builders[i]!.add(v));
    const struct = A.makeData({ type: new A.Struct(fields), length: rows.length, nullCount: 0, children: builders.map((b) => b.finish()) });
    const batch = new A.RecordBatch(new A.Schema(fields), struct);
    for (const b of [batch, batch.slice(37, 250)]) {
      const got = recordBatchRows(schema, b, (_c, e) => {
        throw e;
      });
      const ref = schema.map((c, i) => readColumn(c.type, b.data.children[i]!));
      expect(got).toEqual(got.map((_, r) => ref.map((col) => col[r])));
    }
    // and what went in came out
    expect(recordBatchRows(schema, batch, (_c, e) => {
      throw e;
    })).toEqual(rows);
  });

  it('invalid UTF-8 in a text column is readColumn\'s error', () => {
    const type = new A.Utf8();
    const data = A.makeData({ type, length: 1, nullCount: 0, data: new Uint8Array([0x61, 0xff]), valueOffsets: new Int32Array([0, 2]) });
    const field = new A.Field('s', type, true);
    const batch = new A.RecordBatch(new A.Schema([field]), A.makeData({ type: new A.Struct([field]), length: 1, nullCount: 0, children: [data] }));
    expect(() => recordBatchRows([{ name: 's', type: T.text }], batch, (c, e) => {
      throw new Error(`${c}: ${String(e)}`);
    })).toThrow(/^s: TypeError: The encoded data was not valid for encoding utf-8/);
  });
});
