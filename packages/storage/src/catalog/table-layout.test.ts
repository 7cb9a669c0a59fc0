import { T } from '@heliosdb/types';
import { describe, expect, it } from 'vitest';
import { valueKey } from '../encoding/key-codec.js';
import { idPrefix, Space } from '../keyspace.js';
import type { TableDef } from './catalog-types.js';
import { TableLayout } from './table-layout.js';

const col = (name: string, type: TableDef['columns'][number]['type']) => ({ name, type, notNull: false, default: null, identity: null });

describe('TableLayout row keys', () => {
  it('builds one-column int8 keys directly, byte for byte as the key codec does', () => {
    const table: TableDef = {
      id: 0x81020304,
      schema: 'public',
      name: 't',
      columns: [col('note', T.text), col('id', T.int8)],
      primaryKey: { name: 't_pkey', columns: [1] },
      foreignKeys: [],
      checks: [],
    };
    const l = new TableLayout(table, []);
    const edge = [0n, 1n, -1n, 255n, 256n, -256n, 2n ** 31n, -(2n ** 31n), 2n ** 53n + 1n, 2n ** 63n - 1n, -(2n ** 63n), 1234567890123n];
    for (const v of edge) {
      const want = Buffer.concat([idPrefix(Space.Row, table.id), valueKey(T.int8, v)]);
      expect(l.rowKey(['x', v]).toString('hex')).toBe(want.toString('hex'));
      expect(l.pkKey([v]).toString('hex')).toBe(want.toString('hex'));
    }
    // a number (int8 accepts safe integers) takes the general path and agrees
    expect(l.rowKey(['x', 42]).toString('hex')).toBe(l.rowKey(['x', 42n]).toString('hex'));
    // keys sort as the values do
    const sorted = [...edge].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((v) => l.rowKey(['x', v]));
    expect([...sorted].sort(Buffer.compare)).toEqual(sorted);
  });
});
