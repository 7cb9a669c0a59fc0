#!/usr/bin/env node
// The README's main job: a demo database created, dumped (full, then an incremental append),
// verified, restored into a fresh directory and queried — and the restored data compared with the
// original. Every step runs the real heliosdb-nano binary, as a user would.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = `${root}bin/heliosdb-nano`;
const demo = `${root}demo`;

function step(title, args, { capture = false } = {}) {
  process.stderr.write(`\n$ heliosdb-nano ${args.map((a) => (/[\s*;'()]/.test(a) ? JSON.stringify(a) : a)).join(' ')}\n`);
  const r = spawnSync(bin, args, { encoding: 'utf8', stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'] });
  if (r.status !== 0) {
    process.stderr.write(`demo: step "${title}" failed with exit code ${r.status}\n`);
    process.exit(1);
  }
  return r.stdout;
}

// A fingerprint of every table's content, computed by SQL on each side.
const FINGERPRINT = [
  "select 'customers', count(*), md5(string_agg(id::text || name || email || signed_up::text || coalesce(tags::text, '-'), ',' order by id)) from customers",
  "select 'products', count(*), md5(string_agg(sku || title || price::text || coalesce(attributes::text, '-') || coalesce(thumbnail::text, '-'), ',' order by sku)) from products",
  "select 'orders', count(*), md5(string_agg(id::text || customer_id::text || sku || quantity::text || total::text || created_at::text || coalesce(note, '-'), ',' order by id)) from orders",
].join(' union all ');

rmSync(demo, { recursive: true, force: true });
step('create', ['demo', '--data-dir', `${demo}/mydata`, '--customers', '5000']);
step('full dump', ['dump', '--data-dir', `${demo}/mydata`, '--output', `${demo}/backup.heliodump`, '--verbose']);
step('change rows', [
  'sql', '--data-dir', `${demo}/mydata`,
  '-c', "update orders set note = 'expedited' where id % 50 = 0",
  '-c', "delete from orders where id % 97 = 0",
  '-c', "insert into customers (name, email, signed_up) values ('Edsger Dijkstra', 'ewd@example.com', '2024-05-11 09:30:00.123456+00')",
]);
step('incremental dump', ['dump', '--data-dir', `${demo}/mydata`, '--output', `${demo}/backup.heliodump`, '--append', '--verbose']);
step('verify', ['verify', `${demo}/backup.heliodump`]);
step('inspect', ['inspect', `${demo}/backup.heliodump`]);
step('restore', ['restore', '--input', `${demo}/backup.heliodump`, '--target', `${demo}/restored`, '--verify', '--verbose']);
step('query', [
  'sql', '--data-dir', `${demo}/restored`,
  '-c', 'select c.name, count(*) as orders, sum(o.total) as spent from customers c join orders o on o.customer_id = c.id group by c.name order by spent desc, c.name limit 5',
]);
const original = step('fingerprint original', ['sql', '--data-dir', `${demo}/mydata`, '-A', '-t', '-c', FINGERPRINT], { capture: true });
const restored = step('fingerprint restored', ['sql', '--data-dir', `${demo}/restored`, '-A', '-t', '-c', FINGERPRINT], { capture: true });
process.stdout.write(`\noriginal:\n${original}restored:\n${restored}`);
if (original !== restored || original.trim() === '') {
  process.stderr.write('demo: the restored database differs from the original\n');
  process.exit(1);
}
process.stdout.write('\ndemo: restored database matches the original, table for table.\n');
