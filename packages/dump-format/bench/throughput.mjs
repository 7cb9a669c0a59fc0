// Write and read throughput of a .heliodump: `node bench/throughput.mjs [MiB] [codec] [level]` after a build.
// Rows are 16-byte keys and ~200-byte values, half text-like, half noise (compresses about 2:1).
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDumpWriter, readDump } from '../dist/index.js';

const mib = Number(process.argv[2] ?? 256);
const codec = process.argv[3] ?? 'zstd';
const level = process.argv[4] === undefined ? undefined : Number(process.argv[4]);
const dir = await mkdtemp(join(tmpdir(), 'heliodump-bench-'));
const path = join(dir, 'bench.heliodump');

const values = [];
let x = 12345;
for (let v = 0; v < 32768; v++) {
  const b = new Uint8Array(150 + (v % 100));
  for (let j = 0; j < b.length; j++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[j] = j < b.length / 2 ? 0x61 + ((v + j) % 13) : x >>> 24;
  }
  values.push(b);
}
const key = new Uint8Array(16);
const view = new DataView(key.buffer);

const target = mib * 1024 * 1024;
let written = 0;
let rows = 0;
const t0 = performance.now();
const w = await createDumpWriter(path, { codec, level, blockSize: 1024 * 1024 });
w.beginSegment({ dumpType: 'full', databaseId: '00000000-0000-4000-8000-000000000001', baseLsn: 0n, endLsn: 1n, rowFormatVersion: 1 });
w.beginTable({ tableId: 1, schema: 'public', name: 'bench', mode: 'full' });
while (written < target) {
  view.setUint32(12, rows);
  const value = values[rows & 32767];
  const p = w.writeRow(key, value);
  if (p) await p;
  written += 16 + value.length;
  rows++;
}
w.endTable();
const summary = await w.endSegment();
await w.close();
const t1 = performance.now();

let readRows = 0;
for await (const seg of readDump(path)) for await (const batch of seg.batches()) readRows += batch.length;
const t2 = performance.now();
if (readRows !== rows + 3) throw new Error(`read ${readRows} records, wrote ${rows} rows`);

const payload = summary.trailer.uncompressedSize / 1048576;
const size = (await stat(path)).size / 1048576;
const rate = (ms) => (payload / (ms / 1000)).toFixed(0);
console.log(`${codec}${level === undefined ? '' : ` level ${level}`}, 1 MiB blocks, ${rows} rows, payload ${payload.toFixed(0)} MiB -> file ${size.toFixed(0)} MiB (ratio ${(payload / size).toFixed(2)})`);
console.log(`write ${rate(t1 - t0)} MiB/s (${((t1 - t0) / 1000).toFixed(2)} s), read ${rate(t2 - t1)} MiB/s (${((t2 - t1) / 1000).toFixed(2)} s), payload MiB per second of wall time`);
await rm(dir, { recursive: true, force: true });
