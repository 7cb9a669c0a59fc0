import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Storage } from '@heliosdb/storage';
import { PgTimestamp, formatTypeName } from '@heliosdb/types';
import { convertSqlite } from './index.js';
import { tempDir } from './test-support/temp.js';
import { compareWithCli } from './test-support/witness.js';

const dir = tempDir();

const SCHEMA = `
PRAGMA foreign_keys = ON;
CREATE TABLE customers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email VARCHAR(120) NOT NULL UNIQUE,
  name TEXT NOT NULL,
  country CHAR(2) DEFAULT 'DE',
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  active BOOLEAN NOT NULL DEFAULT 1
);
CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE ON UPDATE RESTRICT,
  placed_at DATETIME DEFAULT (datetime('now')),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'void')),
  total NUMERIC(10,2) NOT NULL CHECK (total >= 0)
);
CREATE TABLE invoices (
  order_id INTEGER NOT NULL,
  line INTEGER NOT NULL,
  amount NUMERIC(10,2) NOT NULL,
  tax_rate DECIMAL(5,4) NOT NULL DEFAULT 0.19,
  note TEXT,
  PRIMARY KEY (order_id, line),
  FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE SET NULL
) WITHOUT ROWID;
CREATE INDEX orders_by_customer ON orders(customer_id, placed_at);
CREATE UNIQUE INDEX customers_name_country ON customers(name, country);
CREATE INDEX open_orders ON orders(customer_id) WHERE status = 'open';
CREATE VIEW customer_totals AS
  SELECT c.id, c.name, count(o.id) AS orders, sum(o.total) AS total
  FROM customers c LEFT JOIN orders o ON o.customer_id = c.id
  GROUP BY c.id, c.name;
CREATE VIEW recent AS SELECT * FROM orders WHERE placed_at > datetime('now', '-7 days');
CREATE TRIGGER orders_paid AFTER UPDATE OF status ON orders WHEN NEW.status = 'paid'
BEGIN
  INSERT INTO invoices (order_id, line, amount) VALUES (NEW.id, 1, NEW.total);
END;
`;

describe('a business schema: customers, orders, invoices', () => {
  const file = join(dir, 'shop.sqlite');
  const db = new Database(file);
  db.exec(SCHEMA);
  const addCustomer = db.prepare('INSERT INTO customers (email, name, country, created_at) VALUES (?, ?, ?, ?)');
  const addOrder = db.prepare('INSERT INTO orders (customer_id, placed_at, status, total) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (let c = 1; c <= 300; c++) {
      addCustomer.run(`c${c}@example.com`, `Customer ${c}`, c % 3 ? 'DE' : 'FR', `2023-0${1 + (c % 9)}-1${c % 10} 10:0${c % 10}:00`);
      for (let o = 0; o < 4; o++) addOrder.run(c, `2024-01-${String(1 + ((c + o) % 28)).padStart(2, '0')} 12:00:00`, 'open', (c * 7 + o) / 4);
    }
  })();
  db.exec("UPDATE orders SET status = 'paid' WHERE id % 5 = 0"); // the trigger writes invoices
  db.close();
  const out = join(dir, 'shop-data');

  it('converts types, keys, constraints, defaults, indexes and views; lists the trigger and what did not translate', async () => {
    const report = await convertSqlite({ sqlite: file, output: out });
    expect(report.tables.map((t) => [t.name, t.rows])).toEqual([
      ['customers', 300],
      ['orders', 1200],
      ['invoices', 240],
    ]);
    const storage = Storage.open({ dir: out, readOnly: true });
    const s = storage.snapshot();
    try {
      const customers = s.table('customers');
      const orders = s.table('orders');
      const invoices = s.table('invoices');
      const typeOf = (t: typeof orders, c: string): string => formatTypeName(t.columns.find((x) => x.name === c)!.type);
      expect(typeOf(customers, 'email')).toBe('character varying(120)');
      expect(typeOf(customers, 'created_at')).toBe('timestamp without time zone');
      expect(typeOf(customers, 'active')).toBe('boolean');
      expect(typeOf(orders, 'total')).toBe('numeric(10,2)');
      expect(typeOf(invoices, 'tax_rate')).toBe('numeric(5,4)');
      const col = (t: typeof orders, c: string) => t.columns.find((x) => x.name === c)!;
      expect(col(customers, 'created_at').default).toBe('CURRENT_TIMESTAMP');
      expect(col(customers, 'active').default).toBe('true');
      expect(col(customers, 'country').default).toBe("'DE'");
      expect(col(orders, 'placed_at').default).toBe('CURRENT_TIMESTAMP');
      expect(col(orders, 'status').default).toBe("'open'");
      expect(col(invoices, 'tax_rate').default).toBe('0.19');
      expect(col(customers, 'id').default).toMatch(/nextval/);
      expect(invoices.primaryKey?.columns.map((i) => invoices.columns[i]!.name)).toEqual(['order_id', 'line']);
      expect(orders.checks.map((c) => c.expression)).toEqual([`"status" IN ('open', 'paid', 'void')`, '"total" >= 0']);
      expect(orders.foreignKeys).toHaveLength(1);
      expect(orders.foreignKeys[0]).toMatchObject({ onDelete: 'cascade', onUpdate: 'restrict', refTableId: customers.id });
      expect(invoices.foreignKeys[0]).toMatchObject({ onDelete: 'set null', refTableId: orders.id });
      const indexes = s.catalog.indexesOf(customers.id).map((i) => [i.name, i.unique]);
      expect(indexes).toEqual(expect.arrayContaining([['customers_name_country', true]]));
      expect(indexes.filter(([, u]) => u).length).toBeGreaterThanOrEqual(2); // the UNIQUE email constraint too
      expect(s.catalog.indexesOf(orders.id).map((i) => i.name)).toContain('orders_by_customer');
      const view = s.catalog.views.find((v) => v.name === 'customer_totals')!;
      expect(view.columns).toEqual(['id', 'name', 'orders', 'total']);
      expect(view.definition).toContain('LEFT JOIN "orders" o ON o."customer_id" = c."id"');
      expect(s.get(customers, [1n])?.[1]).toBe('c1@example.com');
    } finally {
      s.close();
      storage.close();
    }
    const skipped = Object.fromEntries(report.skipped.map((x) => [x.name, x]));
    expect(skipped.orders_paid).toMatchObject({ kind: 'trigger', table: 'orders' });
    expect(skipped.orders_paid!.sql).toContain("WHEN NEW.status = 'paid'");
    expect(skipped.open_orders).toMatchObject({ kind: 'index', reason: expect.stringMatching(/partial/) });
    expect(skipped.recent).toMatchObject({ kind: 'view', reason: expect.stringMatching(/datetime\(\) is not translated/) });
  });

  it('every value equals what the sqlite3 CLI prints (money exact, timestamps to the millisecond)', () => {
    const cmp = compareWithCli(file, out);
    expect(cmp.problems).toEqual([]);
    expect(cmp.rows).toBe(1740);
  });

  it('enforces the converted constraints: a duplicate email and an orphan order are refused', async () => {
    const storage = Storage.open({ dir: out });
    try {
      await expect(
        storage.write((tx) => {
          tx.insert(tx.catalog.table('customers'), [999999n, 'c1@example.com', 'Dup', 'DE', new PgTimestamp(0n), true]);
        }),
      ).rejects.toThrow(/duplicate key value violates unique constraint/);
      await expect(
        storage.write((tx) => {
          tx.insert(tx.catalog.table('orders'), [999999n, 424242n, null, 'open', '1.00']);
        }),
      ).rejects.toThrow(/violates foreign key constraint/);
    } finally {
      storage.close();
    }
  });
});
