// The dump benchmark's database: three tables of mixed types, about 150 bytes of logical data per
// row, generated deterministically so Nano and PostgreSQL load the same values.
import { PgTimestampTz, T, textOut } from '@heliosdb/types';

const EPOCH_2020 = 1_577_836_800_000_000n;
const STATUS = ['new', 'paid', 'shipped', 'delivered', 'returned'];
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima'];

/** A small deterministic PRNG (mulberry32) so every run and both engines see the same data. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const words = (r, n) => Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
const uuid = (i, r) => {
  const h = (n) => Math.floor(r() * 16 ** n).toString(16).padStart(n, '0');
  return `${h(8)}-${h(4)}-4${h(3)}-8${h(3)}-${(i >>> 0).toString(16).padStart(12, '0')}`;
};

/** Tables and their share of the rows. */
export const TABLES = [
  {
    name: 'customers',
    share: 0.1,
    columns: [
      { name: 'id', type: T.int8 },
      { name: 'email', type: T.varchar(120) },
      { name: 'name', type: T.text },
      { name: 'created', type: T.timestamptz },
      { name: 'balance', type: T.numeric(12, 2) },
      { name: 'active', type: T.bool },
    ],
    primaryKey: { columns: ['id'] },
    unique: [{ columns: ['email'] }],
    pgDdl: 'CREATE TABLE customers (id int8 PRIMARY KEY, email varchar(120) UNIQUE, name text, created timestamptz, balance numeric(12,2), active bool)',
    row: (i, r) => [BigInt(i), `user${i}@example.com`, words(r, 3), new PgTimestampTz(EPOCH_2020 + BigInt(i) * 7_000_123n), `${Math.floor(r() * 1e7)}.${String(i % 100).padStart(2, '0')}`, r() < 0.8],
  },
  {
    name: 'orders',
    share: 0.6,
    columns: [
      { name: 'id', type: T.int8 },
      { name: 'customer', type: T.int8 },
      { name: 'amount', type: T.numeric(12, 2) },
      { name: 'status', type: T.text },
      { name: 'placed', type: T.timestamptz },
      { name: 'items', type: T.int4 },
      { name: 'note', type: T.text },
    ],
    primaryKey: { columns: ['id'] },
    pgDdl: 'CREATE TABLE orders (id int8 PRIMARY KEY, customer int8, amount numeric(12,2), status text, placed timestamptz, items int4, note text)',
    row: (i, r) => [BigInt(i), BigInt(Math.floor(r() * 100000)), `${Math.floor(r() * 100000)}.${String(i % 100).padStart(2, '0')}`, STATUS[i % 5], new PgTimestampTz(EPOCH_2020 + BigInt(i) * 1_000_003n), 1 + (i % 9), words(r, 11 + (i % 7))],
  },
  {
    name: 'events',
    share: 0.3,
    columns: [
      { name: 'id', type: T.uuid },
      { name: 'kind', type: T.text },
      { name: 'payload', type: T.jsonb },
      { name: 'at', type: T.timestamptz },
      { name: 'score', type: T.float8 },
    ],
    primaryKey: { columns: ['id'] },
    pgDdl: 'CREATE TABLE events (id uuid PRIMARY KEY, kind text, payload jsonb, at timestamptz, score float8)',
    row: (i, r) => [uuid(i, r), WORDS[i % 12], JSON.stringify({ user: i % 100000, tags: [WORDS[i % 7], WORDS[i % 11]], v: Math.floor(r() * 1000), agent: `client/${1 + (i % 9)}.${i % 13} (${WORDS[i % 5]})` }), new PgTimestampTz(EPOCH_2020 + BigInt(i) * 333_333n), r() * 1000],
  },
];

/** Rows of table t for a database of `total` rows, in batches. */
export function* rowsOf(t, total, seed = 1) {
  const n = Math.round(total * t.share);
  const r = prng(seed + t.name.length * 7919);
  for (let i = 1; i <= n; i++) yield t.row(i, r);
}

/** One row as a PostgreSQL COPY text line. */
export function copyLine(t, row) {
  return row.map((v, c) => (v === null ? '\\N' : escapeCopy(textOut(t.columns[c].type, v)))).join('\t') + '\n';
}

function escapeCopy(s) {
  return s.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]);
}
