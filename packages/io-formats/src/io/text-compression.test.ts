import { T, type Value } from '@heliosdb/types';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReader, createWriter } from '../create.js';
import { formatFromExtension } from '../formats.js';
import { tempDir } from '../test-support/duckdb.js';

const schema = [
  { name: 'id', type: T.int8 },
  { name: 's', type: T.text },
];
const rows: Value[][] = Array.from({ length: 5000 }, (_, i) => [BigInt(i), i % 9 === 0 ? null : `line ${i}, "q" ü`]);
const CSV = 'id,s\n' + rows.map(([id, s]) => `${String(id)},${s === null ? '' : `"${(s as string).replaceAll('"', '""')}"`}`).join('\n') + '\n';

async function readAll(path: string, options = {}): Promise<Value[][]> {
  const out: Value[][] = [];
  for await (const b of createReader(path, { schema, header: true, ...options }).rows()) out.push(...b);
  return out;
}

describe('compressed CSV / JSON / JSONL (whole file, by extension or option)', () => {
  it('formats by extension through .gz and .zst; other formats are not compressed whole', () => {
    expect(['a.csv.gz', 'b.JSONL.ZST', 'c.json.gzip', 'd.ndjson.zstd', 'e.parquet.gz', 'f.gz'].map(formatFromExtension)).toEqual(
      ['csv', 'jsonl', 'json', 'jsonl', undefined, undefined]);
  });

  for (const [ext, tool] of [['gz', ['gzip', '-dc']], ['zst', ['zstd', '-dcq']]] as const) {
    it(`.csv.${ext}: the ${tool[0]} CLI decodes what we write to PostgreSQL's CSV; we read what ${tool[0]} wrote`, async () => {
      const dir = tempDir();
      const path = join(dir, `t.csv.${ext}`);
      const w = await createWriter(path, schema);
      await w.writeRows(rows);
      await w.finish();
      expect(w.bytesWritten).toBe(readFileSync(path).length);
      expect(w.bytesWritten).toBeLessThan(CSV.length / 3);
      expect(execFileSync(tool[0], [...tool.slice(1), path], { encoding: 'utf8', maxBuffer: 1 << 26 })).toBe(CSV);

      const theirs = join(dir, `theirs.csv.${ext}`);
      writeFileSync(join(dir, 'theirs.csv'), CSV);
      execFileSync(tool[0], ext === 'gz' ? ['-k', join(dir, 'theirs.csv')] : ['-q', join(dir, 'theirs.csv'), '-o', theirs]);
      expect(await readAll(theirs)).toEqual(rows);
      // the option wins over the extension
      expect(await readAll(theirs.replace(`.csv.${ext}`, `.csv.${ext}`), { compression: ext === 'gz' ? 'gzip' : 'zstd' })).toEqual(rows);
    });
  }

  it('.jsonl.zst and .json.gz: the CLIs decode our JSON; the option compresses a path without the extension', async () => {
    const dir = tempDir();
    const w1 = await createWriter(join(dir, 'a.jsonl.zst'), schema);
    await w1.writeRows(rows.slice(0, 2));
    await w1.finish();
    expect(execFileSync('zstd', ['-dcq', join(dir, 'a.jsonl.zst')], { encoding: 'utf8' })).toBe('{"id":0,"s":null}\n{"id":1,"s":"line 1, \\"q\\" ü"}\n');
    const w2 = await createWriter(join(dir, 'b.json'), schema, { compression: 'gzip' });
    await w2.writeRows(rows.slice(0, 1));
    await w2.finish();
    expect(JSON.parse(execFileSync('gzip', ['-dc', join(dir, 'b.json')], { encoding: 'utf8' }))).toEqual([{ id: 0, s: null }]);
  });

  it('a damaged gzip file fails the read, naming the decoder; an unknown compression is refused', async () => {
    const dir = tempDir();
    const path = join(dir, 'bad.csv.gz');
    const good = execFileSync('gzip', ['-c'], { input: CSV });
    writeFileSync(path, good.subarray(0, good.length >> 1));
    await expect(readAll(path)).rejects.toThrow(/unexpected end of file/);
    await expect(createWriter(join(dir, 'x.csv'), schema, { compression: 'snappy' })).rejects.toThrow('csv files can be compressed with gzip or zstd (or none), not "snappy"');
  });
});
