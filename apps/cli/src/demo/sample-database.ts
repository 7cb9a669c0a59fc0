/**
 * The embedded default the README's main job runs on: a small shop database (customers, products,
 * orders) with every kind of value the dump must carry — int8, numeric money, timestamps with
 * microseconds, jsonb, bytea, arrays, NULLs and unicode — written through the storage engine.
 */
import { Storage, type Transaction } from '@heliosdb/storage';
import { PgTimestamp, PgTimestampTz, T, arrayOf, type Value } from '@heliosdb/types';

export interface SampleSummary {
  dir: string;
  tables: Record<string, number>;
}

const FIRST = ['Ada', 'Grace', 'Linus', 'Zoë', 'Łukasz', 'Søren', 'Amélie', '美咲', 'Ngozi', 'Omar'];
const LAST = ['Lovelace', 'Hopper', 'Torvalds', 'Müller', 'Nowak', 'Kierkegaard', 'Poulain', '佐藤', 'Okafor', 'Haddad'];
const PRODUCTS = ['widget', 'gadget', 'sprocket', 'flange', 'gizmo', 'doohickey', 'thingamajig', 'whatsit'];

/** A deterministic pseudo-random sequence, so every run builds the same database. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EPOCH_2024 = 1_704_067_200_000_000n; // 2024-01-01 00:00:00 UTC in microseconds

export async function createSampleDatabase(dir: string, customers: number): Promise<SampleSummary> {
  const db = Storage.open({ dir, create: true });
  try {
    const rand = rng(42);
    const orders = customers * 3;
    await db.write((tx) => {
      tx.createTable({
        name: 'customers',
        columns: [
          { name: 'id', type: T.int8, serial: true },
          { name: 'name', type: T.text, notNull: true },
          { name: 'email', type: T.varchar(200), notNull: true },
          { name: 'signed_up', type: T.timestamptz, notNull: true, default: 'now()' },
          { name: 'tags', type: arrayOf(T.text) },
        ],
        primaryKey: { columns: ['id'] },
        unique: [{ columns: ['email'] }],
      });
      tx.createTable({
        name: 'products',
        columns: [
          { name: 'sku', type: T.varchar(32) },
          { name: 'title', type: T.text, notNull: true },
          { name: 'price', type: T.numeric(10, 2), notNull: true },
          { name: 'attributes', type: T.jsonb },
          { name: 'thumbnail', type: T.bytea },
        ],
        primaryKey: { columns: ['sku'] },
        checks: [{ expression: 'price >= 0' }],
      });
      tx.createTable({
        name: 'orders',
        columns: [
          { name: 'id', type: T.int8, serial: true },
          { name: 'customer_id', type: T.int8, notNull: true },
          { name: 'sku', type: T.varchar(32), notNull: true },
          { name: 'quantity', type: T.int4, notNull: true },
          { name: 'total', type: T.numeric(12, 2), notNull: true },
          { name: 'created_at', type: T.timestamp, notNull: true },
          { name: 'note', type: T.text },
        ],
        primaryKey: { columns: ['id'] },
        foreignKeys: [
          { columns: ['customer_id'], refTable: 'customers' },
          { columns: ['sku'], refTable: 'products' },
        ],
      });
      tx.createIndex({ table: 'orders', columns: ['customer_id', 'created_at'] });
    });

    const prices = new Map<string, number>();
    await db.write((tx) => {
      const products = tx.table('products');
      PRODUCTS.forEach((p, i) => {
        const cents = 199 + Math.floor(rand() * 20_000);
        prices.set(`SKU-${i}`, cents);
        tx.insert(products, [
          `SKU-${i}`,
          `${p[0]!.toUpperCase()}${p.slice(1)} «${i}»`,
          centsText(cents),
          JSON.stringify({ colour: ['red', 'green', 'blue'][i % 3], weight_g: 100 + i }),
          i % 2 === 0 ? Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, i]) : null,
        ]);
      });
    });

    await insertInBatches(db, customers, (tx, i) => {
      const t = tx.table('customers');
      const seq = tx.catalog.sequence('customers_id_seq');
      const first = FIRST[i % FIRST.length]!;
      const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
      tx.insert(t, [
        tx.nextval(seq),
        `${first} ${last}`,
        `customer${i}@example.com`,
        new PgTimestampTz(EPOCH_2024 + BigInt(Math.floor(rand() * 3e13))),
        i % 4 === 0 ? null : ['retail', i % 3 === 0 ? 'vip' : 'new'],
      ]);
    });

    await insertInBatches(db, orders, (tx, i) => {
      const t = tx.table('orders');
      const seq = tx.catalog.sequence('orders_id_seq');
      const sku = `SKU-${Math.floor(rand() * PRODUCTS.length)}`;
      const quantity = 1 + Math.floor(rand() * 5);
      const row: Value[] = [
        tx.nextval(seq),
        BigInt(1 + Math.floor(rand() * customers)),
        sku,
        quantity,
        centsText(prices.get(sku)! * quantity),
        new PgTimestamp(EPOCH_2024 + BigInt(Math.floor(rand() * 3e13))),
        i % 7 === 0 ? `gift wrap, "please" — order ${i}` : null,
      ];
      tx.insert(t, row);
    });

    return { dir, tables: { customers, products: PRODUCTS.length, orders } };
  } finally {
    db.close();
  }
}

function centsText(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

async function insertInBatches(db: Storage, count: number, row: (tx: Transaction, i: number) => void): Promise<void> {
  const batch = 10_000;
  for (let start = 0; start < count; start += batch) {
    await db.write((tx) => {
      for (let i = start; i < Math.min(count, start + batch); i++) row(tx, i);
    });
  }
}
