import { describe, expect, it } from 'vitest';
import { T } from '@heliosdb/types';
import { BACKENDS } from '../test-support/backends.js';
import { EDGE_VALUES, sameValue } from '../test-support/edge-values.js';

describe.each(BACKENDS)('every type through %s storage', (_name, open) => {
  it('round-trips edge values as primary keys, in key order, and as plain columns', async () => {
    const s = open();
    for (const { name, type, values } of EDGE_VALUES) {
      const table = `t_${name.replace('[]', '_arr')}`;
      const keyable = name !== 'json' && name !== 'jsonb';
      await s.write((tx) => {
        const t = tx.createTable({
          name: table,
          columns: [
            { name: 'k', type: keyable ? type : T.int4 },
            { name: 'v', type },
          ],
          primaryKey: { columns: ['k'] },
        });
        // Inserted in reverse so that a scan in key order has to reorder them.
        [...values].reverse().forEach((v, i) => tx.insert(t, [keyable ? v : i, v]));
      });
    }
    const snap = s.snapshot();
    for (const { name, values } of EDGE_VALUES) {
      const rows = [...snap.scan(snap.table(`t_${name.replace('[]', '_arr')}`))].map((r) => r.values);
      expect(rows).toHaveLength(values.length);
      const expected = name === 'json' || name === 'jsonb' ? [...values].reverse() : values;
      rows.forEach((r, i) => expect(sameValue(r[1]!, expected[i]!), `${name} row ${i}: ${String(r[1])}`).toBe(true));
    }
    snap.close();
    s.close();
  });
});
