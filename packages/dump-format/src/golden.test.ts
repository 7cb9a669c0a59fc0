import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DumpFormatError, inspectDump, readDump, verifyDump } from './index.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), '..', 'golden');

interface Expected {
  databaseId: string;
  createdAt: string;
  toolVersion: string;
  files: Record<string, Record<string, unknown>[][]>;
}

const asJson = (record: object) =>
  Object.fromEntries(
    Object.entries(record).map(([k, v]) => [
      k,
      v instanceof Uint8Array ? { base64: Buffer.from(v).toString('base64') } : typeof v === 'bigint' ? { bigint: String(v) } : v,
    ]),
  );

describe('golden dumps written by version 1 still read', async () => {
  const expected = JSON.parse(await readFile(join(GOLDEN, 'expected.json'), 'utf8')) as Expected;

  it('covers every codec and a two-segment file', () => {
    expect(Object.keys(expected.files).sort()).toEqual(['brotli', 'gzip', 'lz4', 'none', 'two-segment', 'zstd'].map((n) => `${n}.heliodump`));
  });

  for (const [name, segments] of Object.entries(expected.files)) {
    it(`${name}: every record, the metadata and the totals`, async () => {
      const path = join(GOLDEN, name);
      const got: object[][] = [];
      for await (const seg of readDump(path)) {
        expect(seg.metadata).toMatchObject({ databaseId: expected.databaseId, toolVersion: expected.toolVersion, finalized: true });
        expect(seg.metadata.createdAt.toISOString()).toBe(expected.createdAt);
        const records: object[] = [];
        for await (const r of seg.records()) records.push(asJson(r));
        got.push(records);
      }
      expect(got).toEqual(segments);
      const report = await verifyDump(path);
      expect(report.segments).toHaveLength(segments.length);
      const codec = name.split('.')[0];
      if (codec !== 'two-segment') expect(report.segments[0]!.codec).toBe(codec);
      else expect(report.segments.map((s) => s.codec)).toEqual(['zstd', 'gzip']);
      const toc = await inspectDump(path);
      expect(toc.segments[0]!.trailer.tables.map((t) => [t.schema, t.name, t.rows])).toEqual([['public', 'items', 60], ['public', 'notes', 1]]);
    });
  }

  it('a file claiming format version 2 is refused with the upgrade message', async () => {
    const bytes = await readFile(join(GOLDEN, 'zstd.heliodump'));
    bytes.writeUInt32LE(2, 4);
    const dir = await mkdtemp(join(tmpdir(), 'heliodump-golden-'));
    try {
      const path = join(dir, 'v2.heliodump');
      await writeFile(path, bytes);
      const error = await verifyDump(path).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DumpFormatError);
      expect((error as Error).message).toBe('heliodump: dump format version 2 is newer than this tool supports (1); upgrade heliosdb-nano');
      await expect(inspectDump(path)).rejects.toThrow('newer than this tool supports');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
