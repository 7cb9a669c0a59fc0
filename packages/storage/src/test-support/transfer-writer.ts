// Child process for the cross-process snapshot test: moves amounts between accounts (the total never
// changes) and bumps a version row, one commit per transfer, until killed.
import { Storage } from '../storage.js';

const s = Storage.open({ dir: process.argv[2]! });
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  await s.write((tx) => {
    const acc = tx.table('account');
    const from = i % 10;
    const to = (i * 7 + 3) % 10;
    const a = tx.get(acc, [from])!;
    tx.update(acc, tx.keyOf(acc, [from]), [from, (a[1] as bigint) - 5n]);
    const b = tx.get(acc, [to])!;
    tx.update(acc, tx.keyOf(acc, [to]), [to, (b[1] as bigint) + 5n]);
    const v = tx.table('version');
    tx.update(v, tx.keyOf(v, [0]), [0, i]);
  });
  // Leaves the event loop a turn, so a kill signal is handled promptly.
  await new Promise((r) => setImmediate(r));
}
