import { PgDate, PgInterval, PgTime, PgTimestamp, type PgType, type Value } from '@heliosdb/types';
import * as A from 'apache-arrow';
import { decimalToUnscaled } from '../values/decimal-text.js';
import { formatText } from '../values/pg-text.js';

const utf8 = new TextEncoder();

/** Builds one Arrow column (Data) from PostgreSQL values, laying out the buffers directly. */
export function buildColumn(pg: PgType, type: A.DataType, values: readonly Value[]): A.Data {
  const n = values.length;
  const nullBitmap = new Uint8Array((n + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < n; i++) {
    if (values[i] === null || values[i] === undefined) nullCount++;
    else nullBitmap[i >> 3]! |= 1 << (i & 7);
  }
  const common = { type, length: n, nullCount, nullBitmap } as const;
  switch (type.typeId) {
    case A.Type.Bool: {
      const data = new Uint8Array((n + 7) >> 3);
      values.forEach((v, i) => v && (data[i >> 3]! |= 1 << (i & 7)));
      return A.makeData({ ...common, type: type as A.Bool, data });
    }
    case A.Type.Int: {
      const bits = (type as A.Int).bitWidth;
      const data = bits === 64 ? new BigInt64Array(n) : bits === 32 ? new Int32Array(n) : new Int16Array(n);
      values.forEach((v, i) => v !== null && ((data as unknown as (number | bigint)[])[i] = v as number | bigint));
      return A.makeData({ ...common, type: type as A.Int, data } as never);
    }
    case A.Type.Float: {
      const data = (type as A.Float).precision === A.Precision.DOUBLE ? new Float64Array(n) : new Float32Array(n);
      values.forEach((v, i) => v !== null && (data[i] = v as number));
      return A.makeData({ ...common, type: type as A.Float, data } as never);
    }
    case A.Type.Decimal: {
      const scale = (type as A.Decimal).scale;
      const data = new BigUint64Array(2 * n);
      values.forEach((v, i) => {
        if (v === null) return;
        const text = v as string;
        if (!/^[+-]?\d/.test(text)) throw new Error(`numeric ${text} cannot be stored in an Arrow decimal`);
        const u = BigInt.asUintN(128, decimalToUnscaled(text, scale));
        data[2 * i] = u & 0xffffffffffffffffn;
        data[2 * i + 1] = u >> 64n;
      });
      return A.makeData({ ...common, type: type as A.Decimal, data: new Uint32Array(data.buffer) });
    }
    case A.Type.Date: {
      const data = new Int32Array(n);
      values.forEach((v, i) => {
        if (v === null) return;
        const d = (v as PgDate).days;
        if (!Number.isFinite(d)) throw new Error('date infinity has no Arrow date form');
        data[i] = d;
      });
      return A.makeData({ ...common, type: type as A.DateDay, data });
    }
    case A.Type.Time: {
      const data = new BigInt64Array(n);
      values.forEach((v, i) => v !== null && (data[i] = BigInt((v as PgTime).micros)));
      return A.makeData({ ...common, type: type as A.TimeMicrosecond, data } as never);
    }
    case A.Type.Timestamp: {
      const data = new BigInt64Array(n);
      values.forEach((v, i) => v !== null && (data[i] = (v as PgTimestamp).micros));
      return A.makeData({ ...common, type: type as A.TimestampMicrosecond, data } as never);
    }
    case A.Type.Interval: {
      const data = new Int32Array(4 * n);
      const big = new BigInt64Array(data.buffer);
      values.forEach((v, i) => {
        if (v === null) return;
        const iv = v as PgInterval;
        data[4 * i] = iv.months;
        data[4 * i + 1] = iv.days;
        big[2 * i + 1] = iv.micros * 1000n;
      });
      return A.makeData({ ...common, type: type as A.IntervalMonthDayNano, data } as never);
    }
    default: {
      // Utf8 or Binary: offsets + bytes
      const parts: Uint8Array[] = new Array(n);
      const valueOffsets = new Int32Array(n + 1);
      let total = 0;
      for (let i = 0; i < n; i++) {
        const v = values[i];
        const bytes =
          v === null || v === undefined
            ? new Uint8Array(0)
            : type.typeId === A.Type.Binary
              ? (v as Uint8Array)
              : utf8.encode(typeof v === 'string' ? v : formatText(pg, v));
        parts[i] = bytes;
        total += bytes.length;
        valueOffsets[i + 1] = total;
      }
      const data = new Uint8Array(total);
      let off = 0;
      for (const p of parts) {
        data.set(p, off);
        off += p.length;
      }
      return A.makeData({ ...common, type: type as A.Utf8, data, valueOffsets });
    }
  }
}
