// The benchmark table: 8 columns of the common kinds, generated deterministically (same rows every run).
import { PgDate, PgTimestamp, T } from '../../packages/types/dist/index.js';

export const SCHEMA = [
  { name: 'id', type: T.int8, nullable: false },
  { name: 'qty', type: T.int4 },
  { name: 'price', type: T.numeric(12, 2) },
  { name: 'score', type: T.float8 },
  { name: 'name', type: T.text },
  { name: 'active', type: T.bool },
  { name: 'day', type: T.date },
  { name: 'ts', type: T.timestamp },
];

export const PG_DDL = `CREATE TABLE t (id int8 NOT NULL, qty int4, price numeric(12,2), score float8, name text,
  active bool, day date, ts timestamp)`;
export const DUCK_DDL = `CREATE TABLE t (id BIGINT NOT NULL, qty INTEGER, price DECIMAL(12,2), score DOUBLE, name VARCHAR,
  active BOOLEAN, day DATE, ts TIMESTAMP)`;

export function row(i) {
  const cents = (i * 7919) % 10_000_000;
  return [
    BigInt(i),
    i % 100_000,
    `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
    ((i * 0.6180339887) % 1000) - 500,
    i % 10 === 0 ? `customer "${i}", vip` : `customer ${i}`,
    i % 3 === 0,
    new PgDate(18_000 + (i % 3000)),
    new PgTimestamp(1_600_000_000_000_000n + BigInt(i) * 1_000_003n),
  ];
}
