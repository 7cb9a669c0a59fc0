import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type DumpRecord, readDump } from './index.js';
import { sampleRecords, writeSample } from './test-support/sample-dump.js';

const dir = await mkdtemp(join(tmpdir(), 'heliodump-pack-rows-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Every record as plain data, `rows` records expanded back into one `row` record per row. */
async function readAll(path: string, packRows: boolean): Promise<{ records: unknown[]; packed: number }> {
  const records: unknown[] = [];
  let packed = 0;
  for await (const segment of readDump(path, { packRows })) {
    const seg: unknown[] = [];
    for await (const batch of segment.batches()) {
      // Spans point into bytes valid until the next batch: copy while this one is current.
      for (const r of batch) seg.push(...expand(r, () => packed++));
    }
    records.push(seg);
  }
  return { records, packed };
}

function expand(r: DumpRecord, onPacked: () => void): unknown[] {
  if (r.kind === 'rows') {
    onPacked();
    const out: unknown[] = [];
    for (let i = 0; i < r.count; i++) {
      const s = r.spans.subarray(4 * i, 4 * i + 4);
      out.push(plain({ kind: 'row', tableId: r.tableId, key: Uint8Array.from(r.bytes.subarray(s[0], s[1])), value: Uint8Array.from(r.bytes.subarray(s[2], s[3])) }));
    }
    return out;
  }
  return [plain(r)];
}

function plain(r: DumpRecord): unknown {
  return JSON.parse(JSON.stringify(r, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : isBufferJson(v) ? Buffer.from(v.data).toString('hex') : typeof v === 'bigint' ? v.toString() : v)));
}

describe('readDump with packRows', () => {
  for (const blockSize of [16, 256, 1 << 20]) {
    it(`gives the same rows as row records, blocks of ${blockSize} bytes (records crossing blocks included)`, async () => {
      const path = join(dir, `sample-${blockSize}.heliodump`);
      await writeSample(path, { blockSize, rows: 300 });
      const unpacked = await readAll(path, false);
      const packed = await readAll(path, true);
      expect(unpacked.packed).toBe(0);
      expect(packed.packed).toBeGreaterThan(0);
      expect(packed.records).toEqual(unpacked.records);
      // And the rows are the rows written.
      const rowsOf = (segments: unknown[][]) => segments.map((seg) => seg.filter((r) => (r as { kind: string }).kind === 'row'));
      expect(rowsOf(packed.records as unknown[][])).toEqual(rowsOf(sampleRecords({ rows: 300 }).map((seg) => seg.map(plain))));
    });
  }

  it('reads the committed golden files the same way', async () => {
    for (const codec of ['none', 'zstd', 'gzip', 'brotli', 'lz4']) {
      const path = join(import.meta.dirname, '..', 'golden', `${codec}.heliodump`);
      expect((await readAll(path, true)).records).toEqual((await readAll(path, false)).records);
    }
  });
});

/** A Buffer inside a record reaches a JSON replacer already as `{ type: 'Buffer', data }`. */
function isBufferJson(v: unknown): v is { type: 'Buffer'; data: number[] } {
  return typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data);
}
