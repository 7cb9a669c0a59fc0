import { open } from '/work/main/packages/storage/node_modules/lmdb/index.js';
import { rmSync, mkdirSync } from 'node:fs';
const N = 300000, B = 10000;
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const mode = process.argv[2] ?? 'sync';
rmSync('/tmp/floor', { recursive: true, force: true }); mkdirSync('/tmp/floor');
const env = open({ path: '/tmp/floor/lmdb', mapSize: 2 ** 40, keyEncoding: 'binary', encoding: 'binary', maxDbs: 4, ...(mode === 'nosync' ? { noSync: true } : {}), ...(mode === 'pagesize' ? { pageSize: 16384 } : {}) });
const db = env.openDB({ name: 'x', keyEncoding: 'binary', encoding: 'binary' });
const keys = [], vals = [];
for (let i = 0; i < N; i++) { const k = Buffer.alloc(14); k[0] = 0x10; k.writeUInt32BE(1, 1); k[5] = 1; k.writeBigUInt64BE(BigInt(i) + (1n<<63n), 6); keys.push(k); vals.push(Buffer.alloc(62, i & 0xff)); }
for (let rep = 0; rep < 2; rep++) {
let c0 = cpu(), w0 = performance.now(), inner = 0;
for (let b = 0; b < N; b += B) env.transactionSync(() => { const t = cpu(); for (let i = b; i < b + B; i++) db.putSync(keys[i], vals[i], { append: rep === 0 }); inner += cpu() - t; });
console.log(mode, rep === 0 ? 'append' : 'overwrite', 'cpu', ((cpu() - c0) * 1000 / N).toFixed(3), 'puts-only cpu', (inner * 1000 / N).toFixed(3), 'wall', ((performance.now() - w0) * 1000 / N).toFixed(3), 'us/row');
}
