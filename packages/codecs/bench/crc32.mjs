// CRC32 throughput: node:zlib's native crc32 against our slicing-by-8 JavaScript.
// Build first (npx tsc -p tsconfig.build.json), then: node bench/crc32.mjs
import * as zlib from 'node:zlib';
import { randomFillSync } from 'node:crypto';
import { crc32Slicing } from '../dist/crc32-slicing.js';

const implementations = { 'zlib.crc32 (native)': zlib.crc32, 'slicing-by-8 (JS)': crc32Slicing };
if (typeof zlib.crc32 !== 'function') {
  console.log(`node ${process.version} has no zlib.crc32; measuring the JS only`);
  delete implementations['zlib.crc32 (native)'];
}

const TOTAL = 256 * 1024 * 1024; // bytes hashed per measurement

function measure(fn, buf) {
  const rounds = TOTAL / buf.length;
  let sink = 0;
  for (let i = 0; i < Math.min(rounds, 64); i++) sink ^= fn(buf, 0); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) sink ^= fn(buf, sink & 1);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { mbps: TOTAL / 1e6 / seconds, sink };
}

console.log(`node ${process.version}, ${TOTAL / 1048576} MiB hashed per cell, best of 3`);
for (const size of [1024 * 1024, 64 * 1024]) {
  const buf = randomFillSync(new Uint8Array(size));
  for (const [name, fn] of Object.entries(implementations)) {
    let best = 0;
    for (let run = 0; run < 3; run++) best = Math.max(best, measure(fn, buf).mbps);
    console.log(`${(size / 1024).toString().padStart(5)} KiB  ${name.padEnd(22)} ${best.toFixed(0).padStart(6)} MB/s`);
  }
}
