// Codec throughput on 1 MiB blocks of row-like data (COPY text rows), at each default level and a
// few reference levels. Build first (npx tsc -p tsconfig.build.json), then: node bench/codecs.mjs
import { availableParallelism } from 'node:os';
import { CODEC_NAMES, codecByName } from '../dist/index.js';
import { rowBlock } from './row-data.mjs';

const BLOCK = 1024 * 1024;
const blocks = Array.from({ length: 16 }, (_, i) => rowBlock(BLOCK, 1 + i * 12000));
const MB = BLOCK / 1e6;

async function time(fn) {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function row(name, level, count) {
  const codec = codecByName(name);
  const input = blocks.slice(0, count);
  await codec.decompress(await codec.compress(input[0], level)); // warm up
  const packed = [];
  const tc = await time(async () => { for (const b of input) packed.push(await codec.compress(b, level)); });
  const td = await time(async () => { for (const p of packed) await codec.decompress(p, BLOCK); });
  const tp = await time(() => Promise.all(input.map((b) => codec.compress(b, level))));
  const ratio = (count * BLOCK) / packed.reduce((n, p) => n + p.length, 0);
  const cell = (t) => ((count * MB) / t).toFixed(0).padStart(8);
  console.log(`${`${name} ${level ?? codec.defaultLevel}`.padEnd(10)} ${ratio.toFixed(2).padStart(6)} ${cell(tc)} ${cell(td)} ${cell(tp)}`);
}

console.log(`node ${process.version}, ${availableParallelism()} cores, UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? 4}`);
console.log('1 MiB blocks of COPY-text rows; MB/s of uncompressed bytes; "parallel" = all blocks at once via Promise.all');
console.log('codec      ratio  compress decompress parallel-compress');
for (const name of CODEC_NAMES) await row(name, undefined, 16);
console.log('reference levels:');
await row('zstd', 1, 16);
await row('zstd', 19, 4);
await row('gzip', 9, 8);
await row('brotli', 11, 2);
