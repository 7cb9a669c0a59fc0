import { Storage, type Transaction } from '@heliosdb/storage';
import { arrayOf, PgDate, PgInterval, PgTimestampTz, T, type Value } from '@heliosdb/types';

/** A database of a few tables of mixed types with indexes, a serial, a plain sequence and a view. */
export async function buildShop(dir: string, orders = 3000): Promise<void> {
  const db = Storage.open({ dir, create: true });
  try {
    await db.write((tx) => {
      const c = tx.createTable({
        name: 'customers',
        columns: [
          { name: 'id', type: T.int8, serial: true },
          { name: 'email', type: T.varchar(100), notNull: true },
          { name: 'born', type: T.date },
          { name: 'photo', type: T.bytea },
        ],
        primaryKey: { columns: ['id'] },
        unique: [{ columns: ['email'] }],
      });
      const seq = tx.catalog.sequence('customers_id_seq');
      for (let i = 0; i < 200; i++) tx.insert(c, [tx.nextval(seq), `c${i}@example.com`, new PgDate(i * 37 - 4000), i % 5 ? Buffer.from([i, 0, 255 - i]) : null]);
      const o = tx.createTable({
        name: 'orders',
        columns: [
          { name: 'id', type: T.int4 },
          { name: 'customer', type: T.int8 },
          { name: 'amount', type: T.numeric(12, 2) },
          { name: 'placed', type: T.timestamptz },
          { name: 'wait', type: T.interval },
          { name: 'tags', type: arrayOf(T.text) },
          { name: 'note', type: T.text },
        ],
        primaryKey: { columns: ['id'] },
      });
      for (let i = 0; i < orders; i++)
        tx.insert(o, [i, BigInt((i % 200) + 1), `${i * 3}.${String(i % 100).padStart(2, '0')}`, new PgTimestampTz(1_700_000_000_000_000n + BigInt(i) * 61_000_000n), new PgInterval(0, i % 30, BigInt(i) * 1000n), i % 3 ? ['x', `t${i % 7}`] : null, `note ${i} ${'lorem ipsum '.repeat(i % 9)}`]);
      tx.createIndex({ table: 'orders', columns: ['customer', 'placed'] });
      tx.createView({ name: 'recent', definition: "SELECT * FROM orders WHERE placed > now() - interval '1 day'", columns: ['id'] });
      const s = tx.createSequence({ name: 'invoice_no', start: 100n });
      tx.setval(s, 250n);
    });
  } finally {
    db.close();
  }
}

/** Opens `dir` for writing, runs `fn` in one transaction, closes it. */
export async function change(dir: string, fn: (tx: Transaction) => void): Promise<void> {
  const db = Storage.open({ dir });
  try {
    await db.write(fn);
  } finally {
    db.close();
  }
}

function show(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Uint8Array) return `x${Buffer.from(v).toString('hex')}`;
  if (Array.isArray(v)) return `[${v.map(show).join(',')}]`;
  if (typeof v === 'object') return `${v.constructor.name}${JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x))}`;
  return JSON.stringify(v);
}

/** What a restore must reproduce: catalog, rows, index orders, sequence values. */
export function stateOf(dir: string): Record<string, unknown> {
  const db = Storage.open({ dir, readOnly: true });
  const snap = db.snapshot();
  try {
    const tables: Record<string, string[]> = {};
    for (const t of snap.catalog.tables) tables[t.name] = [...snap.scan(t)].map((r) => r.values.map(show).join('|'));
    const indexes: Record<string, string[]> = {};
    for (const i of snap.catalog.data.indexes) indexes[i.name] = [...snap.indexScan(i)].map((r) => r.key.toString('hex'));
    const sequences: Record<string, string> = {};
    for (const s of snap.catalog.sequences) sequences[s.name] = JSON.stringify(snap.sequenceValue(s), (_k, x: unknown) => (typeof x === 'bigint' ? `${x}` : x));
    return { catalog: snap.catalog.data, tables, indexes, sequences };
  } finally {
    snap.close();
    db.close();
  }
}
