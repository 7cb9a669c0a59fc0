// Child process for the crash test: commits forever, printing "ack <n>" after commit n returns.
// Each commit touches three tables and an index, so a partial commit would show.
import { T } from '@heliosdb/types';
import { Storage } from '../storage.js';

const dir = process.argv[2]!;
const s = Storage.open({ dir, create: true });
if (!s.snapshot().catalog.findTable('log')) {
  await s.write((tx) => {
    tx.createTable({ name: 'log', columns: [{ name: 'id', type: T.int8 }, { name: 'payload', type: T.text }], primaryKey: { columns: ['id'] } });
    tx.createIndex({ table: 'log', columns: ['payload'], unique: true });
    tx.createTable({ name: 'side', columns: [{ name: 'v', type: T.int8 }] });
    tx.insert(tx.createTable({ name: 'counter', columns: [{ name: 'k', type: T.int4 }, { name: 'n', type: T.int8 }], primaryKey: { columns: ['k'] } }), [0, -1n]);
  });
}
for (;;) {
  const tx = await s.beginWrite();
  const counter = tx.table('counter');
  const n = (tx.get(counter, [0])![1] as bigint) + 1n;
  // Several rows per commit, across tables, with a payload big enough to span pages now and then.
  for (let j = 0n; j < 5n; j++) tx.insert(tx.table('log'), [n * 5n + j, `p${n}-${j}-${'x'.repeat(Number(n % 50n) * 30)}`]);
  tx.insert(tx.table('side'), [n]);
  tx.update(counter, tx.keyOf(counter, [0]), [0, n]);
  tx.commit();
  process.stdout.write(`ack ${n}\n`);
}
