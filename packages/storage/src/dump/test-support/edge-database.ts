import { T, type Value } from '@heliosdb/types';
import type { Storage } from '../../storage.js';
import { EDGE_VALUES } from '../../test-support/edge-values.js';

/**
 * A database with one column per type of EDGE_VALUES (every edge value appears, and a row of NULLs),
 * indexes over several of them, a serial, a called and an uncalled sequence, a view, a foreign key,
 * a CHECK, a dropped and a later-added column (old rows shorter than the table), a table without a
 * primary key (hidden row ids) and a table in another schema.
 */
export async function buildEdgeDatabase(db: Storage): Promise<void> {
  const longest = Math.max(...EDGE_VALUES.map((e) => e.values.length));
  await db.write((tx) => {
    tx.createSchema('app');
    const edge = tx.createTable({
      name: 'edge',
      columns: [{ name: 'id', type: T.int4 }, ...EDGE_VALUES.map((e) => ({ name: `c_${e.name.replace('[]', '_arr')}`, type: e.type }))],
      primaryKey: { columns: ['id'] },
    });
    for (let i = 0; i < longest; i++) tx.insert(edge, [i, ...EDGE_VALUES.map((e) => e.values[i % e.values.length]!)]);
    tx.insert(edge, [longest, ...EDGE_VALUES.map(() => null)]);
    for (const c of ['c_text', 'c_numeric', 'c_float8', 'c_bytea', 'c_timestamp', 'c_interval', 'c_int4_arr']) tx.createIndex({ table: 'edge', columns: [c] });
    tx.createIndex({ name: 'edge_uuid_int8', table: 'edge', columns: ['c_uuid', 'c_int8'] });
    // Edge values keyed: every value of each type as a primary key.
    for (const e of EDGE_VALUES) {
      if (e.name.endsWith('[]') || e.name === 'json' || e.name === 'jsonb') continue;
      const t = tx.createTable({ name: `pk_${e.name}`, columns: [{ name: 'k', type: e.type }, { name: 'n', type: T.int4 }], primaryKey: { columns: ['k'] } });
      e.values.forEach((v, i) => tx.insert(t, [v, i]));
    }
    const parent = tx.createTable({
      schema: 'app',
      name: 'customers',
      columns: [{ name: 'id', type: T.int8, serial: true }, { name: 'email', type: T.varchar(100), notNull: true }, { name: 'note', type: T.text }],
      primaryKey: { columns: ['id'] },
      unique: [{ columns: ['email'] }],
      checks: [{ expression: "email LIKE '%@%'" }],
    });
    const seq = tx.catalog.sequence('customers_id_seq', 'app');
    for (let i = 0; i < 50; i++) tx.insert(parent, [tx.nextval(seq), `u${i}@example.com`, i % 3 ? `note ${i}` : null]);
    const orders = tx.createTable({
      name: 'orders',
      columns: [{ name: 'customer', type: T.int8 }, { name: 'amount', type: T.numeric(12, 2) }, { name: 'gone', type: T.text }],
      foreignKeys: [{ columns: ['customer'], refTable: 'customers', refSchema: 'app' }],
    });
    for (let i = 0; i < 120; i++) tx.insert(orders, [BigInt((i % 50) + 1), `${i}.${String(i % 100).padStart(2, '0')}`, 'x']);
    tx.createIndex({ table: 'orders', columns: ['customer'] });
    tx.createView({ name: 'big_orders', definition: 'SELECT * FROM orders WHERE amount > 100', columns: ['customer', 'amount'] });
    const called = tx.createSequence({ name: 'ticket', start: 1000n, increment: 7n });
    tx.setval(called, 1777n);
    tx.createSequence({ name: 'never_used', start: -5n, increment: -1n, min: -100n, max: -1n });
  });
  await db.write((tx) => {
    tx.alterTable('orders', { kind: 'dropColumn', column: 'gone' });
    tx.alterTable('orders', { kind: 'addColumn', column: { name: 'added', type: T.text, default: "'late'" } });
    const orders = tx.table('orders');
    tx.insert(orders, [7n, '1000.50', null, 'new row']);
  });
}

/** A value of every row of `edge` by id, for spot checks. */
export function edgeRow(db: Storage, id: number): Value[] | null {
  const snap = db.snapshot();
  try {
    return snap.get(snap.table('edge'), [id]);
  } finally {
    snap.close();
  }
}
