import type { PgType } from './pg-type.js';
import { elementType } from './pg-type.js';
import type { Value } from './values.js';
import { PgDate, PgInterval, PgTime, PgTimestamp, PgTimestampTz } from './values.js';
import { checkValue } from './check-value.js';
import { formatBool } from './io/boolean.js';
import { formatFloat4, formatFloat8 } from './io/float.js';
import { formatBytea } from './io/bytea.js';
import { quoteArrayElement } from './io/array.js';
import { formatDate, formatInterval, formatTime, formatTimestamp, formatTimestampTz } from './datetime/temporal-out.js';
import { type Zone, UTC_ZONE, resolveZone } from './datetime/zones.js';

export interface TextOutOptions {
  /** The zone timestamptz is shown in: 'UTC' (default), an IANA name, or an ISO offset like '+05:30'. */
  readonly timeZone?: string;
}

/**
 * PostgreSQL 15's output text for a value, with DateStyle ISO, IntervalStyle postgres,
 * extra_float_digits 1 and bytea_output hex. Arrays use array_out's quoting. A value in the
 * wrong representation is reported by checkValue's error. null has no text: handle it first.
 */
export function textOut(type: PgType, value: Value, opts?: TextOutOptions): string {
  const zone = opts?.timeZone === undefined ? UTC_ZONE : resolveZone(opts.timeZone);
  if (type.array) {
    if (!Array.isArray(value)) return wrong(type, value);
    const el = elementType(type);
    const parts = value.map((v: Value) => (v === null ? 'NULL' : quoteArrayElement(scalarOut(el, v, zone))));
    return `{${parts.join(',')}}`;
  }
  return scalarOut(type, value, zone);
}

function wrong(type: PgType, value: Value): never {
  checkValue(type, value);
  // checkValue accepts null; textOut cannot print it.
  throw new TypeError(`textOut: no text for SQL NULL (type ${type.name}); handle null before calling`);
}

function scalarOut(type: PgType, v: Value, zone: Zone): string {
  switch (type.name) {
    case 'bool':
      return typeof v === 'boolean' ? formatBool(v) : wrong(type, v);
    case 'int2':
    case 'int4':
      return typeof v === 'number' && Number.isInteger(v) ? String(v) : wrong(type, v);
    case 'int8':
      return typeof v === 'bigint' ? v.toString() : wrong(type, v);
    case 'float4':
      return typeof v === 'number' ? formatFloat4(v) : wrong(type, v);
    case 'float8':
      return typeof v === 'number' ? formatFloat8(v) : wrong(type, v);
    case 'numeric':
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'uuid':
    case 'json':
    case 'jsonb':
      return typeof v === 'string' ? v : wrong(type, v);
    case 'bytea':
      return v instanceof Uint8Array ? formatBytea(v) : wrong(type, v);
    case 'date':
      return v instanceof PgDate ? formatDate(v) : wrong(type, v);
    case 'time':
      return v instanceof PgTime ? formatTime(v) : wrong(type, v);
    case 'timestamp':
      return v instanceof PgTimestamp ? formatTimestamp(v) : wrong(type, v);
    case 'timestamptz':
      return v instanceof PgTimestampTz ? formatTimestampTz(v, zone) : wrong(type, v);
    case 'interval':
      return v instanceof PgInterval ? formatInterval(v) : wrong(type, v);
  }
}
