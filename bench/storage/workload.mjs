// The benchmark's table: 8 columns of mixed types, the same values for both engines.
import { PgTimestampTz, T } from '@heliosdb/types';

export const BATCH = 10_000;

const EPOCH_2020 = 1_577_836_800_000_000n;

/** Row i as Nano values (column order id, qty, price, name, amount, payload, created, active). */
export function nanoRow(i) {
  return [
    BigInt(i),
    i % 1000,
    i * 0.25,
    `customer-${i}`,
    `${i % 100000}.${String(i % 100).padStart(2, '0')}`,
    Buffer.from([i & 0xff, (i >> 8) & 0xff, (i >> 16) & 0xff, 7]),
    new PgTimestampTz(EPOCH_2020 + BigInt(i) * 1_000_000n),
    (i & 1) === 0,
  ];
}

/** Row i as SQLite parameters, the same information in SQLite's types. */
export function sqliteRow(i) {
  return [
    i,
    i % 1000,
    i * 0.25,
    `customer-${i}`,
    `${i % 100000}.${String(i % 100).padStart(2, '0')}`,
    Buffer.from([i & 0xff, (i >> 8) & 0xff, (i >> 16) & 0xff, 7]),
    Number(EPOCH_2020 / 1000n) + i * 1000,
    (i & 1) === 0 ? 1 : 0,
  ];
}

export const NANO_TABLE = {
  name: 'bench',
  columns: [
    { name: 'id', type: T.int8 },
    { name: 'qty', type: T.int4 },
    { name: 'price', type: T.float8 },
    { name: 'name', type: T.text },
    { name: 'amount', type: T.numeric(12, 2) },
    { name: 'payload', type: T.bytea },
    { name: 'created', type: T.timestamptz },
    { name: 'active', type: T.bool },
  ],
  primaryKey: { columns: ['id'] },
};

export const SQLITE_DDL =
  'CREATE TABLE bench (id INTEGER PRIMARY KEY, qty INTEGER, price REAL, name TEXT, amount TEXT, payload BLOB, created INTEGER, active INTEGER)';
