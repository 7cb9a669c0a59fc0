#!/usr/bin/env node
// Adds up vitest's per-package "Tests  N failed | N passed | N skipped (T)" lines from a test log and
// prints one closing line: "N passed, N failed[, N skipped]".
import { readFileSync } from 'node:fs';

const text = readFileSync(process.argv[2], 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
let passed = 0;
let failed = 0;
let skipped = 0;
let packages = 0;
for (const line of text.split('\n')) {
  const m = /^\S*:test:\s+Tests\s+(.*)\(\d+\)\s*$/.exec(line);
  if (!m) continue;
  packages++;
  for (const part of m[1].split('|')) {
    const p = /(\d+)\s+(passed|failed|skipped|todo)/.exec(part);
    if (!p) continue;
    const n = Number(p[1]);
    if (p[2] === 'passed') passed += n;
    else if (p[2] === 'failed') failed += n;
    else skipped += n;
  }
}
process.stdout.write(`\ntest packages: ${packages}\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
