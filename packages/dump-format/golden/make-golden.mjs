// Generates the committed golden dumps once: `node golden/make-golden.mjs` after a build.
// Later versions must keep reading these files; golden.test.ts checks every record in them.
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDumpWriter, openDumpForAppend } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const DB = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const CREATED = new Date(Date.UTC(2025, 0, 15, 9, 30, 0));
const TOOL = 'make-golden 1';
const enc = new TextEncoder();

function rowValue(i) {
  // A stand-in for storage's row bytes: a version byte, then text and a counter.
  return enc.encode(`\x01name-${i}|${'x'.repeat(i % 40)}|${i * 7919}`);
}

function fullRecords() {
  const r = [{ kind: 'catalog', json: enc.encode(JSON.stringify({ version: 1, tables: [{ id: 1, schema: 'public', name: 'items' }, { id: 2, schema: 'public', name: 'notes' }] })) }];
  r.push({ kind: 'table-begin', tableId: 1, mode: 'full', schema: 'public', name: 'items' });
  for (let i = 0; i < 60; i++) r.push({ kind: 'row', tableId: 1, key: enc.encode(`k${String(i).padStart(4, '0')}`), value: rowValue(i) });
  r.push({ kind: 'table-end', tableId: 1, rows: 60, tombstones: 0 });
  r.push({ kind: 'table-begin', tableId: 2, mode: 'full', schema: 'public', name: 'notes' });
  r.push({ kind: 'row', tableId: 2, key: Uint8Array.of(0, 1), value: new Uint8Array(2000).fill(0x2e) });
  r.push({ kind: 'table-end', tableId: 2, rows: 1, tombstones: 0 });
  r.push({ kind: 'sequence', sequenceId: 1, name: 'items_id_seq', value: 60n });
  r.push({ kind: 'segment-end' });
  return r;
}

function incrementalRecords() {
  const r = [{ kind: 'catalog', json: enc.encode('{"version":1,"dropped":[2]}') }];
  r.push({ kind: 'table-begin', tableId: 1, mode: 'delta', schema: 'public', name: 'items' });
  for (let i = 60; i < 70; i++) r.push({ kind: 'row', tableId: 1, key: enc.encode(`k${String(i).padStart(4, '0')}`), value: rowValue(i) });
  r.push({ kind: 'tombstone', tableId: 1, key: enc.encode('k0003') });
  r.push({ kind: 'table-end', tableId: 1, rows: 10, tombstones: 1 });
  r.push({ kind: 'table-drop', tableId: 2 });
  r.push({ kind: 'sequence', sequenceId: 1, name: 'items_id_seq', value: 70n });
  r.push({ kind: 'segment-end' });
  return r;
}

async function feed(w, records) {
  for (const r of records) {
    if (r.kind === 'catalog') w.writeCatalog(r.json);
    else if (r.kind === 'table-begin') w.beginTable(r);
    else if (r.kind === 'row') await w.writeRow(r.key, r.value);
    else if (r.kind === 'tombstone') w.writeTombstone(r.key);
    else if (r.kind === 'table-end') w.endTable();
    else if (r.kind === 'table-drop') w.dropTable(r.tableId);
    else if (r.kind === 'sequence') w.writeSequence(r);
  }
}

const json = (records) =>
  records.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Uint8Array ? { base64: Buffer.from(v).toString('base64') } : typeof v === 'bigint' ? { bigint: String(v) } : v])));

const files = {};
for (const codec of ['none', 'zstd', 'gzip', 'brotli', 'lz4']) {
  const path = join(here, `${codec}.heliodump`);
  const w = await createDumpWriter(path, { codec, blockSize: 512 });
  w.beginSegment({ dumpType: 'full', databaseId: DB, baseLsn: 0n, endLsn: 60n, rowFormatVersion: 1, createdAt: CREATED, toolVersion: TOOL });
  await feed(w, fullRecords());
  await w.endSegment();
  await w.close();
  files[`${codec}.heliodump`] = [json(fullRecords())];
}
{
  const path = join(here, 'two-segment.heliodump');
  const w = await createDumpWriter(path, { codec: 'zstd', blockSize: 512 });
  w.beginSegment({ dumpType: 'full', databaseId: DB, baseLsn: 0n, endLsn: 60n, rowFormatVersion: 1, createdAt: CREATED, toolVersion: TOOL });
  await feed(w, fullRecords());
  await w.endSegment();
  await w.close();
  const a = await openDumpForAppend(path, { codec: 'gzip', blockSize: 512 });
  a.writer.beginSegment({ dumpType: 'incremental', databaseId: DB, baseLsn: 60n, endLsn: 75n, rowFormatVersion: 1, createdAt: CREATED, toolVersion: TOOL });
  await feed(a.writer, incrementalRecords());
  await a.writer.endSegment();
  await a.writer.close();
  files['two-segment.heliodump'] = [json(fullRecords()), json(incrementalRecords())];
}
const expected = { databaseId: DB, createdAt: CREATED.toISOString(), toolVersion: TOOL, files };
await writeFile(join(here, 'expected.json'), JSON.stringify(expected, null, 1) + '\n');
console.log(`wrote ${Object.keys(files).length} golden dumps and expected.json`);
