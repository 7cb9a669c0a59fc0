import { describe, expect, it } from 'vitest';
import { T, type Value } from '@heliosdb/types';
import { decodeRow, encodeRow, rowShape } from './row-codec.js';
import { EDGE_VALUES, sameValue } from '../test-support/edge-values.js';

describe('row format v1', () => {
  for (const { name, type, values } of EDGE_VALUES) {
    it(`round-trips ${name} edge values, and NULL beside them`, () => {
      const shape = rowShape([type, type, T.int4], [false, false, false]);
      for (const v of values) {
        const back = decodeRow(shape, encodeRow(shape, [v, null, 7]));
        expect(sameValue(back[0]!, v), `${name} ${String(v)} came back as ${String(back[0])}`).toBe(true);
        expect(back[1]).toBeNull();
        expect(back[2]).toBe(7);
      }
    });
  }

  it('keeps -0 and NaN distinct from 0 in float8 columns', () => {
    const shape = rowShape([T.float8, T.float8], [false, false]);
    const back = decodeRow(shape, encodeRow(shape, [-0, NaN]));
    expect(Object.is(back[0], -0)).toBe(true);
    expect(Number.isNaN(back[1])).toBe(true);
  });

  it('tells the empty string from NULL', () => {
    const shape = rowShape([T.text, T.text], [false, false]);
    expect(decodeRow(shape, encodeRow(shape, ['', null]))).toEqual(['', null]);
  });

  it('lays out bytes as the README specifies', () => {
    // 3 columns (int4, text, bool), the middle one NULL.
    const shape = rowShape([T.int4, T.text, T.bool], [false, false, false]);
    const bytes = encodeRow(shape, [-2, null, true]);
    expect([...bytes]).toEqual([
      0x03, 0x00, // u16 LE column count
      0b010, // null bitmap: column 1
      0xfe, 0xff, 0xff, 0xff, // int4 -2, LE
      0x01, // bool true
    ]);
    const text = encodeRow(rowShape([T.text], [false]), ['é']);
    expect([...text]).toEqual([0x01, 0x00, 0x00, 0x02, 0xc3, 0xa9]);
  });

  it('reads rows written before ADD COLUMN with NULL in the new trailing columns', () => {
    const old = encodeRow(rowShape([T.int4], [false]), [5]);
    const now = rowShape([T.int4, T.text, T.int8], [false, false, false]);
    expect(decodeRow(now, old)).toEqual([5, null, null]);
  });

  it('skips values of a column dropped after they were written', () => {
    const before = encodeRow(rowShape([T.int4, T.text, T.int8], [false, false, false]), [1, 'was here', 9n]);
    expect(decodeRow(rowShape([T.int4, T.text, T.int8], [false, true, false]), before)).toEqual([1, null, 9n]);
  });

  it('stores dropped columns as NULL', () => {
    const shape = rowShape([T.int4, T.text], [false, true]);
    const bytes = encodeRow(shape, [1, 'gone']);
    expect(decodeRow(shape, bytes)).toEqual([1, null]);
    expect(bytes.length).toBe(2 + 1 + 4);
  });

  it('handles long text and long arrays whose lengths need multi-byte varints', () => {
    const long = 'x'.repeat(70_000) + '😀';
    const arr: Value[] = Array.from({ length: 300 }, (_, i) => (i % 7 === 0 ? null : i));
    const shape = rowShape([T.text, { name: 'int4', array: true }], [false, false]);
    const back = decodeRow(shape, encodeRow(shape, [long, arr]));
    expect(back[0]).toBe(long);
    expect(back[1]).toEqual(arr);
  });
});
