import { PgDate, PgInterval, PgTime, PgTimestamp, PgTimestampTz, type PgType, type Value } from '@heliosdb/types';
import * as A from 'apache-arrow';
import { unscaledToDecimal } from '../values/decimal-text.js';
import { parseText } from '../values/pg-text.js';

const fromUtf8 = new TextDecoder('utf-8', { fatal: true });
const UNIT_TO_MICROS_DIV: Record<number, [bigint, bigint]> = {
  [A.TimeUnit.SECOND]: [1_000_000n, 1n],
  [A.TimeUnit.MILLISECOND]: [1000n, 1n],
  [A.TimeUnit.MICROSECOND]: [1n, 1n],
  [A.TimeUnit.NANOSECOND]: [1n, 1000n],
};

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/**
 * Reads the values of one Arrow column chunk from its raw buffers as PostgreSQL values of `pg`. For a sliced Data
 * (offset > 0), apache-arrow has already cut the value and offset buffers, not the bitmaps.
 */
export function readColumn(pg: PgType, data: A.Data): Value[] {
  const n = data.length;
  const out: Value[] = new Array(n);
  const off = data.offset;
  const bitmap = data.nullBitmap;
  const valid = (i: number) => !bitmap || bitmap.length === 0 || data.nullCount === 0 || ((bitmap[(off + i) >> 3]! >> ((off + i) & 7)) & 1) === 1;
  const t = data.type as A.DataType;
  const values = data.values as unknown as ArrayLike<number | bigint>;
  const wrap = (raw: string): Value => parseText(pg, raw);
  for (let i = 0; i < n; i++) {
    if (!valid(i)) {
      out[i] = null;
      continue;
    }
    // apache-arrow's Data.slice() cuts the value and offset buffers but not the validity or boolean bitmaps
    const j = i;
    switch (t.typeId) {
      case A.Type.Bool:
        out[i] = ((data.values[(off + i) >> 3]! >> ((off + i) & 7)) & 1) === 1;
        break;
      case A.Type.Int: {
        const v = values[j]!;
        out[i] = pg.name === 'int8' ? BigInt(v) : pg.name === 'numeric' ? v.toString() : Number(v);
        break;
      }
      case A.Type.Float:
        out[i] = values[j] as number;
        break;
      case A.Type.Decimal: {
        const d = t as A.Decimal;
        const w = data.values as Uint32Array;
        const words = d.bitWidth / 32;
        let u = 0n;
        for (let k = words - 1; k >= 0; k--) u = (u << 32n) | BigInt(w[j * words + k]!);
        out[i] = unscaledToDecimal(BigInt.asIntN(d.bitWidth, u), d.scale);
        break;
      }
      case A.Type.Date: {
        const v = values[j]!;
        out[i] = new PgDate((t as A.Date_).unit === A.DateUnit.DAY ? Number(v) : Math.floor(Number(v) / 86_400_000));
        break;
      }
      case A.Type.Time: {
        const [mul, div] = UNIT_TO_MICROS_DIV[(t as A.Time).unit]!;
        out[i] = new PgTime(Number(floorDiv(BigInt(values[j]!) * mul, div)));
        break;
      }
      case A.Type.Timestamp: {
        const [mul, div] = UNIT_TO_MICROS_DIV[(t as A.Timestamp).unit]!;
        const micros = floorDiv(BigInt(values[j]!) * mul, div);
        out[i] = pg.name === 'timestamptz' ? new PgTimestampTz(micros) : new PgTimestamp(micros);
        break;
      }
      case A.Type.Interval: {
        const unit = (t as A.Interval).unit;
        const w = data.values as Int32Array;
        if (unit === A.IntervalUnit.MONTH_DAY_NANO) {
          const big = new BigInt64Array(w.buffer, w.byteOffset + j * 16 + 8, 1);
          out[i] = new PgInterval(w[4 * j]!, w[4 * j + 1]!, floorDiv(big[0]!, 1000n));
        } else if (unit === A.IntervalUnit.DAY_TIME) out[i] = new PgInterval(0, w[2 * j]!, BigInt(w[2 * j + 1]!) * 1000n);
        else out[i] = new PgInterval(w[j]!, 0, 0n);
        break;
      }
      case A.Type.FixedSizeBinary: {
        const size = (t as A.FixedSizeBinary).byteWidth;
        const bytes = (data.values as Uint8Array).subarray(j * size, (j + 1) * size);
        if (pg.name === 'uuid') {
          const h = Buffer.from(bytes).toString('hex');
          out[i] = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
        } else out[i] = bytes.slice();
        break;
      }
      case A.Type.Utf8View:
      case A.Type.BinaryView: {
        const bytes = viewBytes(data, j);
        if (t.typeId === A.Type.BinaryView) out[i] = pg.name === 'bytea' ? bytes.slice() : wrap(fromUtf8.decode(bytes));
        else {
          const s = fromUtf8.decode(bytes);
          out[i] = pg.name === 'text' ? s : wrap(s);
        }
        break;
      }
      default: {
        const offs = data.valueOffsets as unknown as ArrayLike<number | bigint>;
        const bytes = (data.values as Uint8Array).subarray(Number(offs[j]!), Number(offs[j + 1]!));
        if (t.typeId === A.Type.Binary || t.typeId === A.Type.LargeBinary) out[i] = pg.name === 'bytea' ? bytes.slice() : wrap(fromUtf8.decode(bytes));
        else {
          const s = fromUtf8.decode(bytes);
          out[i] = pg.name === 'text' ? s : wrap(s);
        }
      }
    }
  }
  return out;
}

/**
 * The bytes of view `j` of a Utf8View/BinaryView column (Arrow columnar format, "Variable-size Binary View Layout"):
 * 16 bytes per view, an int32 length first; up to 12 bytes are inline after it, longer values give a 4-byte prefix,
 * then the int32 index of a variadic data buffer and the int32 offset into it.
 */
function viewBytes(data: A.Data, j: number): Uint8Array {
  const views = data.values as unknown as Uint8Array;
  const dv = new DataView(views.buffer, views.byteOffset + j * 16, 16);
  const len = dv.getInt32(0, true);
  if (len <= 12) return views.subarray(j * 16 + 4, j * 16 + 4 + len);
  const buf = (data as unknown as { variadicBuffers: Uint8Array[] }).variadicBuffers[dv.getInt32(8, true)];
  if (!buf) throw new Error(`view ${j} names variadic buffer ${dv.getInt32(8, true)}, which the batch does not have`);
  const start = dv.getInt32(12, true);
  if (start + len > buf.byteLength) throw new Error(`view ${j} (${len} bytes at ${start}) runs past its buffer of ${buf.byteLength} bytes`);
  return buf.subarray(start, start + len);
}
