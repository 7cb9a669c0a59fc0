import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type BlockCodec, type CodecRegistry, createDumpWriter, readDump } from './index.js';
import { Writable } from 'node:stream';

const SRC = dirname(fileURLToPath(import.meta.url));

describe('the codec registry is injected', () => {
  it('only default-codecs.ts imports @heliosdb/codecs', async () => {
    const files = (await readdir(SRC)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const importers: string[] = [];
    for (const f of files) if (/^\s*import .*'@heliosdb\/codecs'|import\('@heliosdb\/codecs'\)/m.test(await readFile(join(SRC, f), 'utf8'))) importers.push(f);
    expect(importers).toEqual(['default-codecs.ts']);
  });

  it('writes and reads with a registry built here from node:zlib', async () => {
    let compressed = 0;
    let decompressed = 0;
    const gzip: BlockCodec = {
      name: 'gzip', id: 2, defaultLevel: 6, minLevel: 1, maxLevel: 9,
      compress: async (d, level) => (compressed++, gzipSync(d, { level: level ?? 6 })),
      decompress: async (d) => (decompressed++, gunzipSync(d)),
    };
    const registry: CodecRegistry = {
      codecById: (id) => { if (id !== 2) throw new Error(`no codec ${id}`); return gzip; },
      codecByName: (n) => { if (n !== 'gzip') throw new Error(`no codec ${n}`); return gzip; },
      crc32: (d, prev) => crc32(d, prev),
    };
    const chunks: Buffer[] = [];
    const w = await createDumpWriter(new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()) }), { codec: 'gzip', blockSize: 64, codecs: registry });
    w.beginSegment({ dumpType: 'full', databaseId: '11111111-2222-4333-8444-555555555555', baseLsn: 0n, endLsn: 0n, rowFormatVersion: 1 });
    w.beginTable({ tableId: 1, schema: 'a', name: 'b', mode: 'full' });
    for (let i = 0; i < 20; i++) w.writeRow(Uint8Array.of(i), new Uint8Array(10).fill(i));
    w.endTable();
    await w.endSegment();
    await w.close();
    let rows = 0;
    for await (const seg of readDump([Buffer.concat(chunks)], { codecs: registry })) {
      for await (const r of seg.records()) if (r.kind === 'row') rows++;
    }
    expect(rows).toBe(20);
    expect(compressed).toBeGreaterThan(3);
    expect(decompressed).toBe(compressed);
  });
});
