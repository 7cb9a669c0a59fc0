import { PgDate, PgTimestamp, PgTimestampTz, type Value } from '@heliosdb/types';
import * as A from 'apache-arrow';
import { isAscii, isUtf8 } from 'node:buffer';
import type { ColumnSchema } from '../schema.js';
import { readColumn } from './arrow-values.js';

/**
 * The rows of one Arrow record batch, column by column straight into the row arrays. The common pairs of Arrow
 * and PostgreSQL type (integers, floats, Decimal128 of up to 15 digits, Date32, microsecond timestamps, Utf8 text)
 * have loops of their own; every other pair, and every value the fast paths leave out, goes through readColumn(),
 * the reference. `onColumnError(column, error)` names the column of a value that does not convert.
 */
export function recordBatchRows(schema: readonly ColumnSchema[], batch: A.RecordBatch, onColumnError: (column: string, e: unknown) => never): Value[][] {
  const n = batch.numRows;
  const ncols = schema.length;
  const rows: Value[][] = new Array(n);
  for (let r = 0; r < n; r++) rows[r] = new Array(ncols);
  for (let c = 0; c < ncols; c++) {
    const data = batch.data.children[c]!;
    try {
      if (!fillFast(schema[c]!, data, rows, c)) {
        const vals = readColumn(schema[c]!.type, data);
        for (let r = 0; r < n; r++) rows[r]![c] = vals[r]!;
      }
    } catch (e) {
      onColumnError(schema[c]!.name, e);
    }
  }
  return rows;
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const TWO32 = 4294967296;

/** Fills column `c` of `rows` when the pair has a fast loop; false to leave it to readColumn. */
function fillFast(col: ColumnSchema, data: A.Data, rows: Value[][], c: number): boolean {
  const pg = col.type;
  if (pg.array) return false;
  const t = data.type as A.DataType;
  const n = data.length;
  const off = data.offset;
  const bitmap = data.nullCount > 0 ? data.nullBitmap : undefined;
  // apache-arrow's Data.slice() cuts the value and offset buffers (index i) but not the bitmaps (index off + i)
  const isNull = (i: number) => bitmap !== undefined && ((bitmap[(off + i) >> 3]! >> ((off + i) & 7)) & 1) === 0;
  switch (t.typeId) {
    case A.Type.Int: {
      const it = t as A.Int;
      const v = data.values as unknown as ArrayLike<number | bigint>;
      if (it.bitWidth === 64 && it.isSigned && pg.name === 'int8') {
        for (let i = 0; i < n; i++) rows[i]![c] = isNull(i) ? null : v[i]!;
        return true;
      }
      if (it.bitWidth <= 32 && (pg.name === 'int2' || pg.name === 'int4') && (it.isSigned || it.bitWidth < 32)) {
        for (let i = 0; i < n; i++) rows[i]![c] = isNull(i) ? null : v[i]!;
        return true;
      }
      return false;
    }
    case A.Type.Float: {
      if (pg.name !== 'float8' && pg.name !== 'float4') return false;
      const v = data.values as Float64Array;
      for (let i = 0; i < n; i++) rows[i]![c] = isNull(i) ? null : v[i]!;
      return true;
    }
    case A.Type.Bool: {
      if (pg.name !== 'bool') return false;
      const v = data.values as Uint8Array;
      for (let i = 0; i < n; i++) {
        const j = off + i;
        rows[i]![c] = isNull(i) ? null : ((v[j >> 3]! >> (j & 7)) & 1) === 1;
      }
      return true;
    }
    case A.Type.Decimal: {
      const d = t as A.Decimal;
      if (d.bitWidth !== 128 || pg.name !== 'numeric' || d.scale > 15) return false;
      const w = data.values as Uint32Array;
      const scale = d.scale;
      const p = POW10[scale]!;
      let slow: number[] | undefined;
      for (let i = 0; i < n; i++) {
        const j = i;
        if (isNull(i)) {
          rows[i]![c] = null;
          continue;
        }
        const lo = w[4 * j]!;
        const hi = w[4 * j + 1]!;
        const w2 = w[4 * j + 2]!;
        const w3 = w[4 * j + 3]!;
        let m: number;
        // exact in a double: the 128-bit value fits in 53 bits (upper words are its sign extension)
        if (w2 === 0 && w3 === 0 && hi < 0x200000) m = hi * TWO32 + lo;
        else if (w2 === 0xffffffff && w3 === 0xffffffff && hi >= 0xffe00000) m = (hi - TWO32) * TWO32 + lo;
        else {
          (slow ??= []).push(i);
          continue;
        }
        const neg = m < 0;
        const a = neg ? -m : m;
        if (scale === 0) rows[i]![c] = (neg ? '-' : '') + a;
        else {
          const ip = Math.floor(a / p);
          const fp = String(a - ip * p);
          rows[i]![c] = `${neg ? '-' : ''}${ip}.${fp.length < scale ? '0'.repeat(scale - fp.length) + fp : fp}`;
        }
      }
      if (slow) {
        const vals = readColumn(pg, data);
        for (const i of slow) rows[i]![c] = vals[i]!;
      }
      return true;
    }
    case A.Type.Date: {
      if (pg.name !== 'date' || (t as A.Date_).unit !== A.DateUnit.DAY) return false;
      const v = data.values as Int32Array;
      for (let i = 0; i < n; i++) rows[i]![c] = isNull(i) ? null : new PgDate(v[i]!);
      return true;
    }
    case A.Type.Timestamp: {
      if ((t as A.Timestamp).unit !== A.TimeUnit.MICROSECOND || (pg.name !== 'timestamp' && pg.name !== 'timestamptz')) return false;
      const v = data.values as unknown as BigInt64Array;
      if (pg.name === 'timestamp') for (let i = 0; i < n; i++) rows[i]![c] = isNull(i) ? null : new PgTimestamp(v[i]!);
      else for (let i = 0; i < n; i++) rows[i]![c] = isNull(i) ? null : new PgTimestampTz(v[i]!);
      return true;
    }
    case A.Type.Utf8: {
      if (pg.name !== 'text') return false;
      const offs = data.valueOffsets as Int32Array;
      const bytes = data.values as Uint8Array;
      const start = offs[0]!;
      const end = offs[n]!;
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const region = buf.subarray(start, end);
      // validated once for the whole column; invalid UTF-8 goes to readColumn for its error
      const encoding = isAscii(region) ? 'latin1' : isUtf8(region) ? 'utf8' : undefined;
      if (encoding === undefined) return false;
      for (let i = 0; i < n; i++) {
        rows[i]![c] = isNull(i) ? null : buf.toString(encoding, offs[i]!, offs[i + 1]!);
      }
      return true;
    }
    default:
      return false;
  }
}
