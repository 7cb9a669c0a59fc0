import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { T } from '@heliosdb/types';
import { change, buildShop, stateOf } from '../test-support/fixture-db.js';
import { cli, workDir } from '../test-support/cli.js';

const w = workDir();
const src = join(w.path, 'src');
beforeAll(() => buildShop(src));
afterAll(() => w.cleanup());

describe('dump and restore through the CLI', () => {
  it('answers the tutorial\'s errors word for word', async () => {
    const none = await cli(['dump', '--output', join(w.path, 'x.heliodump')]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^heliosdb-nano: Either --data-dir or --connection must be specified$/m);
    const conn = await cli(['dump', '--connection', 'postgres://localhost/db', '--output', join(w.path, 'x.heliodump')]);
    expect(conn.code).toBe(1);
    expect(conn.stderr).toMatch(/--connection is reserved until server-side dumps exist/);
    const mem = await cli(['dump', '--memory', '--output', join(w.path, 'x.heliodump')]);
    expect(mem.code).toBe(1);
    expect(mem.stderr).toBe('heliosdb-nano: Cannot dump from in-memory database without data directory\nhint: run start --memory --dump-on-shutdown instead\n');
    expect(existsSync(join(w.path, 'x.heliodump'))).toBe(false);
  });

  it('dumps with each codec, prints nothing on a pipe without --verbose, and restores the same state', async () => {
    const want = stateOf(src);
    for (const codec of ['zstd', 'gzip', 'brotli', 'lz4', 'none']) {
      const file = join(w.path, `full.${codec}.heliodump`);
      const d = await cli(['dump', '--data-dir', src, '--output', file, '--compression', codec]);
      expect({ codec, code: d.code, stdout: d.stdout, stderr: d.stderr }).toEqual({ codec, code: 0, stdout: '', stderr: '' });
      const target = join(w.path, `restored-${codec}`);
      const r = await cli(['restore', '--input', file, '--target', target, '--verify']);
      expect(r.code).toBe(0);
      expect(stateOf(target)).toEqual(want);
    }
  });

  it('--verbose and --json report tables, rows, sizes, ratio, CRC32, time and throughput', async () => {
    const file = join(w.path, 'report.heliodump');
    const v = await cli(['dump', '--data-dir', src, '--output', file, '--verbose']);
    expect(v.code).toBe(0);
    for (const label of ['tables', 'rows', 'uncompressed', 'compressed', 'compression ratio', 'CRC32', 'time', 'throughput']) expect(v.stdout).toMatch(new RegExp(`^  ${label} +\\S`, 'm'));
    expect(v.stdout).toMatch(/^  rows +3,200$/m);
    const j = await cli(['dump', '--data-dir', src, '--output', join(w.path, 'report2.heliodump'), '--json', '--compression', 'gzip', '--level', '9']);
    const report = JSON.parse(j.stdout);
    expect(report).toMatchObject({ dumpType: 'full', segment: 1, tables: 2, rows: 3200, codec: 'gzip', level: 9 });
    expect(report.payloadCrc32).toMatch(/^[0-9a-f]{8}$/);
    expect(report.compressionRatio).toBeCloseTo(report.uncompressedBytes / report.compressedBytes, 6);
    const inspect = JSON.parse((await cli(['inspect', join(w.path, 'report2.heliodump'), '--json'])).stdout);
    expect(inspect.segments[0].trailer.payloadCrc32.toString(16).padStart(8, '0')).toBe(report.payloadCrc32);
    expect(inspect.segments[0].trailer.tables.map((t: { name: string; rows: number }) => [t.name, t.rows])).toEqual([['customers', 200], ['orders', 3000]]);
  });

  it('--output - streams the dump to stdout', async () => {
    const file = join(w.path, 'stream.heliodump');
    const fd = openSync(file, 'w');
    const d = await cli(['dump', '--data-dir', src, '--output', '-', '--compression', 'lz4'], { stdoutFile: fd });
    closeSync(fd);
    expect(d.code).toBe(0);
    expect((await cli(['verify', file])).code).toBe(0);
    const r = await cli(['restore', '--input', file, '--target', join(w.path, 'from-stream')]);
    expect(r.code).toBe(0);
    expect(stateOf(join(w.path, 'from-stream'))).toEqual(stateOf(src));
  });

  it('never overwrites: a non-empty target is an error and stays as it was', async () => {
    const file = join(w.path, 'full.zstd.heliodump');
    const busy = join(w.path, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'precious.txt'), 'keep me');
    const r = await cli(['restore', '--input', file, '--target', busy]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/restore target .*busy already exists and is not empty/);
    expect(readdirSync(busy)).toEqual(['precious.txt']);
  });

  it('inspect lists every segment and each table with its row count; verify checks every CRC', async () => {
    const file = join(w.path, 'full.zstd.heliodump');
    const i = await cli(['inspect', file]);
    expect(i.code).toBe(0);
    expect(i.stdout).toMatch(/segment 1: full/);
    expect(i.stdout).toMatch(/public\.customers +full +200 rows/);
    expect(i.stdout).toMatch(/public\.orders +full +3,000 rows/);
    const v = await cli(['verify', file, '--json']);
    expect(v.code).toBe(0);
    expect(JSON.parse(v.stdout)).toMatchObject({ ok: true, rows: 3200, tornTail: null });
  });

  it('each codec\'s payload blocks decompress with the standard tool', async () => {
    const tools: Record<string, string[]> = { zstd: ['zstd', '-d', '-c', '-q'], gzip: ['gzip', '-d', '-c'], brotli: ['brotli', '-d', '-c'], lz4: ['lz4', '-d', '-c', '-q'] };
    for (const [codec, [tool, ...args]] of Object.entries(tools)) {
      const bytes = readFileSync(join(w.path, `full.${codec}.heliodump`));
      // Walk the frames by FORMAT.md: 8-byte file header, SEGM frame (12-byte prefix, body, CRC), then BLCK frames.
      let p = 8 + 12 + bytes.readUInt32LE(8 + 4) + 4;
      const payload: Buffer[] = [];
      while (bytes.toString('latin1', p, p + 4) === 'BLCK') {
        const uncompressed = bytes.readUInt32LE(p + 4);
        const compressed = bytes.readUInt32LE(p + 8);
        const out = spawnSync(tool!, args, { input: bytes.subarray(p + 24, p + 24 + compressed) });
        // A missing tool (scripts/ensure-system-deps.sh installs them) fails here with its name, not later.
        expect({ codec, tool, spawnError: out.error?.message }).toEqual({ codec, tool, spawnError: undefined });
        expect({ codec, status: out.status, length: out.stdout.length }).toEqual({ codec, status: 0, length: uncompressed });
        payload.push(out.stdout);
        p += 24 + compressed;
      }
      expect(payload.length).toBeGreaterThan(0);
      const { crc32 } = await import('node:zlib');
      const inspect = JSON.parse((await cli(['inspect', join(w.path, `full.${codec}.heliodump`), '--json'])).stdout);
      expect(crc32(Buffer.concat(payload))).toBe(inspect.segments[0].trailer.payloadCrc32);
    }
  });

  it('--tables restores only those tables', async () => {
    const target = join(w.path, 'only-orders');
    const r = await cli(['restore', '--input', join(w.path, 'full.zstd.heliodump'), '--target', target, '--tables', 'orders', '--json']);
    expect(r.code).toBe(0);
    const s = stateOf(target) as { tables: Record<string, unknown> };
    expect(Object.keys(s.tables)).toEqual(['orders']);
    expect(s.tables['orders']).toEqual((stateOf(src) as typeof s).tables['orders']);
    // A name the file lacks is refused after the file was read, and no target is left.
    const none = join(w.path, 'no-such-table');
    const bad = await cli(['restore', '--input', join(w.path, 'full.zstd.heliodump'), '--target', none, '--tables', 'orders,nope']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--tables: nope is not in');
    expect(existsSync(none)).toBe(false);
  });
});

describe('incremental chain through the CLI', () => {
  it('five appends with inserts, updates, deletes, a dropped and a created table restore to the live state, and --until-segment to each one before', async () => {
    const dir = join(w.path, 'chain-src');
    await buildShop(dir, 500);
    const file = join(w.path, 'rolling.heliodump');
    const states: Record<string, unknown>[] = [];
    const append = async (): Promise<void> => {
      const r = await cli(['dump', '--data-dir', dir, '--output', file, '--append', '--json']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      states.push(stateOf(dir));
    };
    await append(); // no file yet: a full dump
    const rounds: Parameters<typeof change>[1][] = [
      (tx) => {
        const o = tx.table('orders');
        for (let i = 500; i < 560; i++) tx.insert(o, [i, 1n, '9.99', null, null, null, `new ${i}`]);
      },
      (tx) => {
        const o = tx.table('orders');
        for (const r of [...tx.scan(o)].filter((x) => (x.values[0] as number) % 10 === 0)) tx.update(o, r.key, [r.values[0]!, r.values[1]!, '0.01', null, null, ['upd'], 'updated']);
        const c = tx.table('customers');
        tx.update(c, tx.keyOf(c, [5n]), [5n, 'renamed@example.com', null, null]);
      },
      (tx) => {
        const o = tx.table('orders');
        for (const r of [...tx.scan(o)].filter((x) => (x.values[0] as number) % 7 === 0)) tx.delete(o, r.key);
        tx.nextval(tx.catalog.sequence('invoice_no'));
      },
      (tx) => {
        tx.dropView('recent');
        tx.dropTable('orders');
      },
      (tx) => {
        const t = tx.createTable({ name: 'shipments', columns: [{ name: 'id', type: T.int8, serial: true }, { name: 'to', type: T.text }], primaryKey: { columns: ['id'] } });
        const s = tx.catalog.sequence('shipments_id_seq');
        for (let i = 0; i < 25; i++) tx.insert(t, [tx.nextval(s), `addr ${i}`]);
      },
    ];
    for (const round of rounds) {
      await change(dir, round);
      await append();
    }
    const inspect = JSON.parse((await cli(['inspect', file, '--json'])).stdout);
    expect(inspect.segments.map((s: { dumpType: string }) => s.dumpType)).toEqual(['full', 'incremental', 'incremental', 'incremental', 'incremental', 'incremental']);
    const target = join(w.path, 'chain-live');
    expect((await cli(['restore', '--input', file, '--target', target, '--verify'])).code).toBe(0);
    expect(stateOf(target)).toEqual(states[5]);
    for (let n = 1; n <= 5; n++) {
      const t = join(w.path, `chain-${n}`);
      const r = await cli(['restore', '--input', file, '--target', t, '--until-segment', String(n)]);
      expect(r.code).toBe(0);
      expect({ n, state: stateOf(t) }).toEqual({ n, state: states[n - 1] });
    }
  });

  it('refuses to append to another database\'s dump, leaving the file byte for byte', async () => {
    const other = join(w.path, 'other');
    await buildShop(other, 10);
    const file = join(w.path, 'full.zstd.heliodump');
    const before = readFileSync(file);
    const r = await cli(['dump', '--data-dir', other, '--output', file, '--append']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot append to .*: it is a dump of database [0-9a-f-]{36}, not of/);
    expect(r.stderr).toMatch(/^hint: /m);
    expect(readFileSync(file).equals(before)).toBe(true);
  });
});
