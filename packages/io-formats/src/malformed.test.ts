import { T, type Value } from '@heliosdb/types';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReader, createWriter, type ReaderOptions } from './create.js';
import { FormatError } from './errors.js';
import { duckdb, duckRows, tempDir } from './test-support/duckdb.js';

// Every malformed file gives a FormatError naming the place, and the reader yields no row past the fault.
async function failure(source: string | Uint8Array, options: ReaderOptions = {}): Promise<{ error: FormatError; rows: Value[][] }> {
  const rows: Value[][] = [];
  try {
    for await (const b of createReader(source, options).rows()) rows.push(...b);
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    return { error: e, rows };
  }
  throw new Error(`expected a FormatError; read ${rows.length} rows`);
}

const bytes = (s: string) => Buffer.from(s, 'utf8');
const ID = [{ name: 'id', type: T.int4 }, { name: 's', type: T.text }];

describe('csv', () => {
  it('an unclosed quote names the line and byte where its record starts; earlier rows only', async () => {
    const text = 'id,s\n1,a\n2,"b\nb"\n3,"open\n4,z\n';
    const { error, rows } = await failure(bytes(text), { format: 'csv', schema: ID, header: true, batchRows: 1 });
    expect(error.message).toBe('csv: line 5, column 2, byte 17: unclosed quote in field 2 (the record starts here)');
    expect(error.byteOffset).toBe(text.indexOf('3,"open'));
    expect(rows).toEqual([[1, 'a'], [2, 'b\nb']]);
  });

  it('a record with the wrong number of fields names its line and row', async () => {
    const { error, rows } = await failure(bytes('id,s\n1,a\n2,b,extra\n3,c\n'), { format: 'csv', schema: ID, header: true, batchRows: 1 });
    expect(error.message).toBe('csv: line 3, row 2: 3 fields; expected 2 (id, s)');
    expect(rows).toEqual([[1, 'a']]);
  });

  it('a value past the sniffing sample that does not fit fails with its line, column and the fix', async () => {
    const lines = ['n,label'];
    for (let i = 1; i <= 1500; i++) lines.push(`${i === 1301 ? 'abc' : i},x${i}`);
    const text = lines.join('\n') + '\n';
    const { error, rows } = await failure(bytes(text), { format: 'csv', batchRows: 100 });
    expect(error.message).toBe(
      'csv: line 1302, row 1301, column "n": value "abc" does not fit the sniffed type integer; ' +
        'pass types: { "n": ... } or a larger sampleRows',
    );
    expect(rows.length).toBeLessThanOrEqual(1300);
    expect(rows.every((r) => typeof r[0] === 'number')).toBe(true);
    // both fixes work
    const read = async (options: ReaderOptions) => {
      const r = createReader(bytes(text), { format: 'csv', ...options });
      const all: Value[][] = [];
      for await (const b of r.rows()) all.push(...b);
      return { schema: await r.schema, rows: all };
    };
    const byType = await read({ types: { n: T.text } });
    expect(byType.rows[1300]).toEqual(['abc', 'x1301']);
    const bySample = await read({ sampleRows: 2000 });
    expect(bySample.schema[0]!.type).toEqual(T.text);
    expect(bySample.rows[0]).toEqual(['1', 'x1']);
  });
});

describe('json and jsonl', () => {
  it('invalid JSON names the line and byte; earlier rows only', async () => {
    const text = '[\n{"id": 1, "s": "a"},\n{"id": 2, "s": "b"},\n{"id": 3, "s": }\n]\n';
    const { error, rows } = await failure(bytes(text), { format: 'json', schema: ID, batchRows: 1 });
    expect(error.message).toBe(`json: line 4, byte ${text.indexOf('}\n]')}: expected a JSON value, found "}"`);
    expect(rows).toEqual([[1, 'a'], [2, 'b']]);
  });

  it('a JSONL line with text after its object names that line', async () => {
    const text = '{"id": 1, "s": "a"}\n{"id": 2, "s": "b"} x\n{"id": 3, "s": "c"}\n';
    const { error, rows } = await failure(bytes(text), { format: 'jsonl', schema: ID, batchRows: 1 });
    expect(error.line).toBe(2);
    expect(error.message).toMatch(/^jsonl: line 2, byte 40: expected a line end after the object/);
    expect(rows).toEqual([[1, 'a']]);
  });

  it('an unterminated array names the end of input', async () => {
    const text = '[{"id": 1, "s": "a"},\n{"id": 2, "s": "b"}';
    const { error } = await failure(bytes(text), { format: 'json', schema: ID });
    expect(error.message).toBe(`json: line 2, byte ${Buffer.byteLength(text)}: expected "]", found end of input`);
  });

  it('a number past the sniffing sample that does not fit its sniffed type fails with line and the fix', async () => {
    const lines = ['['];
    for (let i = 1; i <= 1500; i++) lines.push(`{"n": ${i === 1200 ? 3000000000 : i}}${i < 1500 ? ',' : ''}`);
    lines.push(']');
    const { error, rows } = await failure(bytes(lines.join('\n')), { format: 'json', batchRows: 100 });
    expect(error.line).toBe(1201);
    expect(error.message).toBe(
      'json: line 1201, row 1200, column "n": value "3000000000" is out of range for type integer; n was sniffed as ' +
        'integer from the first 1000 rows: pass types: { "n": ... } or a larger sampleRows',
    );
    expect(rows.length).toBeLessThan(1200);
  });
});

describe('parquet', () => {
  it('a damaged page in row group 2 of a DuckDB file fails naming the row group; groups 0 and 1 were read', async () => {
    const dir = tempDir();
    const path = join(dir, 'groups.parquet');
    const c = await duckdb();
    await c.run(`COPY (SELECT i::BIGINT AS id, 'v' || i AS s FROM range(0, 6144) r(i)) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
    const meta = await duckRows(c, `SELECT row_group_id, data_page_offset FROM parquet_metadata('${path}') WHERE column_id = 0 ORDER BY 1`);
    expect(meta.rows.map((r) => r[0])).toEqual(['0', '1', '2']);
    const at = Number(meta.rows[2]![1]);
    const damaged = Buffer.from(readFileSync(path));
    damaged.fill(0xff, at, at + 24);
    const bad = join(dir, 'damaged.parquet');
    writeFileSync(bad, damaged);
    const { error, rows } = await failure(bad);
    expect(error.batch).toBe(2);
    expect(error.byteOffset).toBe(at);
    expect(error.message).toMatch(new RegExp(`^parquet: batch 2, row 4096, byte ${at}: `));
    expect(rows).toHaveLength(4096);
    expect(rows[4095]).toEqual([4095n, 'v4095']);
  });

  it('a file that is not Parquet says so, at its end (where the footer should be)', async () => {
    const path = join(tempDir(), 'not.parquet');
    writeFileSync(path, 'id,s\n1,a\n');
    const { error, rows } = await failure(path);
    expect(error.format).toBe('parquet');
    expect(error.byteOffset).toBe(9);
    expect(error.message).toMatch(/truncated or not Parquet\?/);
    expect(rows).toEqual([]);
  });
});

describe('arrow', () => {
  async function threeBatches(path: string): Promise<void> {
    const w = await createWriter(path, ID, { batchRows: 2 });
    await w.writeRows([[0, 'a'], [1, 'b'], [2, 'c'], [3, 'd'], [4, 'e'], [5, 'f']]);
    await w.finish();
  }

  it('a stream cut inside batch 2 fails naming batch 2; batches 0 and 1 were read', async () => {
    const dir = tempDir();
    const path = join(dir, 'whole.arrows');
    await threeBatches(path);
    const whole = readFileSync(path);
    const cut = join(dir, 'cut.arrows');
    writeFileSync(cut, whole.subarray(0, whole.length - 40));
    const { error, rows } = await failure(cut);
    expect(error.message).toMatch(/^arrows: batch 2, row 4: /);
    expect(rows).toEqual([[0, 'a'], [1, 'b'], [2, 'c'], [3, 'd']]);
  });

  it('a file format cut before its footer fails at the end of the file, with no rows', async () => {
    const dir = tempDir();
    const path = join(dir, 'whole.arrow');
    await threeBatches(path);
    const whole = readFileSync(path);
    const cut = join(dir, 'cut.arrow');
    writeFileSync(cut, whole.subarray(0, whole.length - 100));
    const { error, rows } = await failure(cut);
    expect(error.format).toBe('arrow');
    expect(error.byteOffset).toBe(whole.length - 100);
    expect(rows).toEqual([]);
  });

  it('bytes that are not Arrow fail at byte 0', async () => {
    const path = join(tempDir(), 'junk.arrow');
    writeFileSync(path, 'this is not arrow at all, just text\n');
    const { error, rows } = await failure(path);
    expect(error.message).toMatch(/^arrow: byte 0: /);
    expect(rows).toEqual([]);
  });
});
