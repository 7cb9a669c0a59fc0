import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walkFrames } from './test-support/frame-walker.js';
import { writeSample } from './test-support/sample-dump.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'heliodump-tools-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const TOOLS: Record<string, string[]> = {
  zstd: ['zstd', '-d', '-c'],
  gzip: ['gzip', '-d', '-c'],
  brotli: ['brotli', '-d', '-c'],
  lz4: ['lz4', '-d', '-c'],
};

describe('every block decompresses with the standard tool', () => {
  for (const [codec, [tool, ...args]] of Object.entries(TOOLS)) {
    it(`${codec}: blocks located by FORMAT.md offsets decode with \`${tool} -d\` to bytes matching their CRC32`, async () => {
      const path = join(dir, `${codec}.heliodump`);
      await writeSample(path, { codec, blockSize: 4096 });
      const file = await readFile(path);
      const blocks = walkFrames(file).filter((f) => f.kind === 'BLCK' && f.segment === 1);
      expect(blocks.length).toBeGreaterThan(1);
      const payload: Buffer[] = [];
      for (const b of blocks) {
        const compressed = file.subarray(b.dataOffset!, b.dataOffset! + b.compressedLength!);
        const out = execFileSync(tool!, args, { input: compressed });
        expect(out.length).toBe(b.uncompressedLength);
        expect(crc32(out)).toBe(file.readUInt32LE(b.offset + 12));
        payload.push(out);
      }
      const whole = Buffer.concat(payload);
      // The payload opens with a CATALOG record (0x07, varint length, JSON) and ends with SEGMENT_END (0x08).
      expect(whole[0]).toBe(0x07);
      const json = whole.subarray(2, 2 + whole[1]!).toString('utf8');
      expect(JSON.parse(json)).toEqual({ tables: ['public.users', 'sales.orders'], sequences: ['users_id_seq'] });
      expect(whole[whole.length - 1]).toBe(0x08);
    });
  }
});
