import { PgDate, PgTimestamp, PgTimestampTz, T, type Value } from '@heliosdb/types';
import pl from 'nodejs-polars';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReader, createWriter } from '../create.js';
import { INJECTION, MESSY, ROWS, SCHEMA } from '../test-support/adversarial.js';
import { tempDir } from '../test-support/duckdb.js';

// nodejs-polars (Rust polars-arrow, its own IPC implementation) is the independent Arrow witness: DuckDB's Arrow
// extension cannot be downloaded here. Polars imports Interval(MONTH_DAY_NANO) only as a struct, behind this switch.
process.env.POLARS_IMPORT_INTERVAL_AS_STRUCT = '1';

const TEXT_COLUMNS = SCHEMA.map((c) => c.name).filter((n) => !['t', 'iv', 'raw'].includes(n));
// What polars prints (cast to its String type) for our values, written out by hand.
const EXPECTED_TEXT: Record<string, string | null>[] = [
  { id: '1', i2: '-32768', i4: '-2147483648', i8: '-9223372036854775808', n: '-9999999999999999999999999999.9999999999',
    nu: '-123456789012345678901234567890123456789012345.000001', f8: 'NaN', f4: '-inf', b: 'true', s: INJECTION,
    vc: 'comma, "quote"', d: '2024-02-29', ts: '2024-01-02 03:04:05.123456', tz: '1969-12-31 23:59:59.999999+00:00',
    u: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', j: '{"a": [1, "x\\"y"], "b": null}', arr: '{1,NULL,-3}',
    tarr: '{"a,b","\\"q\\"","NULL","",NULL,"\\\\"}' },
  { id: '2', i2: '32767', i4: '2147483647', i8: '9223372036854775807', n: '9999999999999999999999999999.9999999999',
    nu: 'NaN', f8: 'inf', f4: '1.5', b: 'false', s: MESSY, vc: '\\N', d: '1969-12-31', ts: '1970-01-01 00:00:00.000000',
    tz: '2023-11-14 22:13:20.000001+00:00', u: '00000000-0000-0000-0000-000000000000', j: '[]', arr: '{}', tarr: '{}' },
  { id: '3', i2: null, i4: null, i8: null, n: '0.0000000001', nu: '0.000000000000000000000000000000000000000001',
    f8: '0.1', f4: null, b: null, s: '', vc: '', d: null, ts: null, tz: null, u: null, j: '"🎉"', arr: null, tarr: null },
  { id: '4', i2: null, i4: null, i8: null, n: null, nu: null, f8: null, f4: null, b: null, s: null, vc: null, d: null,
    ts: null, tz: null, u: null, j: null, arr: null, tarr: null },
  { id: '5', i2: '0', i4: '0', i8: '0', n: '0.0000000000', nu: '0.00001', f8: '1e+300', f4: '-0.25', b: null, s: '\\',
    vc: 'NULL', d: null, ts: null, tz: null, u: null, j: 'null', arr: '{2147483647}', tarr: '{👨‍👩‍👧," x "}' },
];

function polarsRead(path: string, stream: boolean): pl.DataFrame {
  const bytes = readFileSync(path);
  return stream ? pl.readIPCStream(bytes) : pl.readIPC(bytes);
}

describe('arrow writer, read back by polars', () => {
  for (const [ext, stream] of [['arrow', false], ['arrows', true]] as const) {
    it(`.${ext}: polars reads identical values and the expected types, over several record batches`, async () => {
      const path = join(tempDir(), `adv.${ext}`);
      const w = await createWriter(path, SCHEMA, { batchRows: 2 });
      await w.writeRows(ROWS);
      await w.finish();
      const df = polarsRead(path, stream);
      expect(df.height).toBe(ROWS.length);
      const types = Object.fromEntries(df.columns.filter((c) => c !== 'raw').map((c) => [c, String(df.getColumn(c).dtype)]));
      expect(types).toEqual({
        id: 'DataType(Int32)', i2: 'DataType(Int16)', i4: 'DataType(Int32)', i8: 'DataType(Int64)',
        n: 'DataType(Decimal(38,10))', nu: 'DataType(String)', f8: 'DataType(Float64)', f4: 'DataType(Float32)',
        b: 'DataType(Bool)', s: 'DataType(String)', vc: 'DataType(String)', d: 'DataType(Date)', t: 'DataType(Time)',
        ts: 'DataType(Datetime(us,))', tz: 'DataType(Datetime(us,UTC))',
        iv: 'DataType(Struct(Field("months", DataType(Int32)),Field("days", DataType(Int32)),Field("nanoseconds", DataType(Duration(ms)))))',
        u: 'DataType(String)', j: 'DataType(String)', arr: 'DataType(String)', tarr: 'DataType(String)',
      });
      expect(df.select(...TEXT_COLUMNS.map((c) => pl.col(c).cast(pl.Utf8))).toRecords()).toEqual(EXPECTED_TEXT);
      // time as nanoseconds since midnight; interval as its three fields; bytea as its bytes
      const rest = df.select(
        pl.col('t').cast(pl.Int64).cast(pl.Utf8).alias('t'),
        pl.col('iv').isNull().alias('ivNull'),
        pl.col('iv').struct.field('months').alias('months'),
        pl.col('iv').struct.field('days').alias('days'),
        pl.col('iv').struct.field('nanoseconds').cast(pl.Int64).cast(pl.Utf8).alias('nanos'),
        pl.col('raw').cast(pl.List(pl.UInt8)).alias('raw'),
      );
      expect(rest.toRecords()).toEqual([
        { t: '86399999999000', ivNull: false, months: 14, days: 3, nanos: '14706789000000', raw: [0, 1, 0, 255] },
        { t: '0', ivNull: false, months: 0, days: 0, nanos: '1000', raw: [] },
        // a NULL struct's fields read as zeros in polars; ivNull is what says NULL
        { t: null, ivNull: true, months: 0, days: 0, nanos: '0', raw: null },
        { t: null, ivNull: true, months: 0, days: 0, nanos: '0', raw: null },
        { t: null, ivNull: true, months: 0, days: 0, nanos: '0', raw: [0x5c, 0x27, 0x22, 0x0a, 0x00] },
      ]);
    });
  }
});

describe('arrow reader, files written by polars', () => {
  const LONG = `${MESSY} — longer than twelve bytes, so a view points into a data buffer`;
  const frame = () =>
    pl.DataFrame({
      i2: pl.Series('i2', [-32768, 32767, null], pl.Int16),
      i8s: pl.Series('i8s', ['-9223372036854775808', '9223372036854775807', null], pl.Utf8),
      f: pl.Series('f', [Number.NaN, Number.NEGATIVE_INFINITY, null], pl.Float64),
      b: pl.Series('b', [true, false, null], pl.Bool),
      s: pl.Series('s', [INJECTION, '', LONG], pl.Utf8),
      us: pl.Series('us', ['1704164645123456', '-1', null], pl.Utf8),
      days: pl.Series('days', [19782, -1, null], pl.Int32),
      dec: pl.Series('dec', ['-9999999999999999999999999999.9999999999', '0.0000000001', null], pl.Utf8),
      hex: pl.Series('hex', ['000100ff', '', null], pl.Utf8),
    }).select(
      pl.col('i2'),
      pl.col('i8s').cast(pl.Int64).alias('i8'),
      pl.col('f'),
      pl.col('b'),
      pl.col('s'),
      pl.col('us').cast(pl.Int64).cast(pl.Datetime('us')).alias('ts'),
      pl.col('us').cast(pl.Int64).cast(pl.Datetime('us', 'UTC')).alias('tz'),
      pl.col('days').cast(pl.Date).alias('d'),
      pl.col('dec').cast(pl.Decimal(38, 10)).alias('n'),
      pl.col('hex').str.decode('hex').alias('raw'),
    );
  const want: Value[][] = [
    [-32768, -9223372036854775808n, Number.NaN, true, INJECTION, new PgTimestamp(1704164645123456n),
      new PgTimestampTz(1704164645123456n), new PgDate(19782), '-9999999999999999999999999999.9999999999',
      new Uint8Array([0, 1, 0, 255])],
    [32767, 9223372036854775807n, Number.NEGATIVE_INFINITY, false, '', new PgTimestamp(-1n), new PgTimestampTz(-1n),
      new PgDate(-1), '0.0000000001', new Uint8Array(0)],
    [null, null, null, null, LONG, null, null, null, null, null],
  ];

  for (const [ext, bytes] of [
    ['arrow', (df: pl.DataFrame) => df.writeIPC()],
    ['arrows', (df: pl.DataFrame) => df.writeIPCStream()],
    ['zstd.arrow', (df: pl.DataFrame) => df.writeIPC({ compression: 'zstd' })],
    ['zstd.arrows', (df: pl.DataFrame) => df.writeIPCStream({ compression: 'zstd' })],
  ] as const) {
    it(`.${ext}: identical values and types (Utf8View strings, int64 extremes, decimal, µs timestamps)`, async () => {
      const path = join(tempDir(), `polars.${ext}`);
      writeFileSync(path, bytes(frame()));
      const r = createReader(path);
      expect((await r.schema).map((c) => [c.name, c.type])).toEqual([
        ['i2', T.int2], ['i8', T.int8], ['f', T.float8], ['b', T.bool], ['s', T.text], ['ts', T.timestamp],
        ['tz', T.timestamptz], ['d', T.date], ['n', T.numeric(38, 10)], ['raw', T.bytea],
      ]);
      const rows: Value[][] = [];
      for await (const b of r.rows()) rows.push(...b);
      expect(rows).toEqual(want);
    });
  }
});

describe('arrow reader, failures', () => {
  it('LZ4-compressed batches (no decoder here) fail naming the batch, with no rows', async () => {
    const path = join(tempDir(), 'lz4.arrows');
    writeFileSync(path, pl.DataFrame({ a: [1, 2, 3] }).writeIPCStream({ compression: 'lz4' }));
    const rows: Value[][] = [];
    const err = await (async () => {
      for await (const b of createReader(path).rows()) rows.push(...b);
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(String(err)).toMatch(/^FormatError: arrows: batch 0, row 0: /);
    expect(rows).toEqual([]);
  });
});
