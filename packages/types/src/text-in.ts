import type { PgType } from './pg-type.js';
import { elementType } from './pg-type.js';
import type { Value } from './values.js';
import { PgInterval, PgTime, PgTimestamp, PgTimestampTz, TIMESTAMP_INFINITY, TIMESTAMP_NEG_INFINITY } from './values.js';
import { parseBool } from './io/boolean.js';
import { parseInt2, parseInt4, parseInt8 } from './io/integer.js';
import { parseFloat4, parseFloat8 } from './io/float.js';
import { checkNoNul, fitBpchar, fitVarchar } from './io/character.js';
import { parseBytea } from './io/bytea.js';
import { parseUuid } from './io/uuid.js';
import { parseJson, parseJsonb } from './io/json.js';
import { splitArrayLiteral } from './io/array.js';
import { formatDecimal, parseDecimal } from './numeric/decimal.js';
import { applyNumericTypmod, roundIntervalMicros, roundTimeMicros, roundTimestampMicros } from './typmod.js';
import { type Clock, parseDate, parseTime, parseTimestamp, parseTimestampTz, systemClock } from './datetime/temporal-in.js';
import { parseInterval } from './datetime/interval-in.js';
import { resolveZone } from './datetime/zones.js';

export interface TextInOptions {
  /** The session TimeZone for timestamptz input without a zone, and for 'now' / 'today'. Default 'UTC'. */
  readonly timeZone?: string;
  /** The clock behind 'now', 'today', 'tomorrow', 'yesterday' (milliseconds since the epoch). Default Date.now. */
  readonly now?: () => number;
}

/**
 * Parse PostgreSQL 15 input text for `type`, applying its modifiers (varchar length, numeric
 * scale, fractional-second precision) as PostgreSQL's input functions do. Throws PgTypeError
 * with PostgreSQL's message and SQLSTATE. SQL NULL is not text: callers handle it before this.
 */
export function textIn(type: PgType, text: string, opts?: TextInOptions): Value {
  if (type.array) {
    const el = elementType(type);
    return splitArrayLiteral(text).map((e) => (e === null ? null : scalarIn(el, e, opts)));
  }
  return scalarIn(type, text, opts);
}

function clockOf(opts: TextInOptions | undefined): Clock {
  return opts?.now === undefined ? systemClock : { now: opts.now };
}

function scalarIn(type: PgType, text: string, opts: TextInOptions | undefined): Value {
  switch (type.name) {
    case 'bool':
      return parseBool(text);
    case 'int2':
      return parseInt2(text);
    case 'int4':
      return parseInt4(text);
    case 'int8':
      return parseInt8(text);
    case 'float4':
      return parseFloat4(text);
    case 'float8':
      return parseFloat8(text);
    case 'numeric': {
      const d = parseDecimal(text);
      return formatDecimal(type.precision === undefined ? d : applyNumericTypmod(d, type.precision, type.scale ?? 0));
    }
    case 'text':
      return checkNoNul(text);
    case 'varchar':
      return fitVarchar(checkNoNul(text), type.length);
    case 'bpchar':
      return fitBpchar(checkNoNul(text), type.length);
    case 'bytea':
      return parseBytea(text);
    case 'uuid':
      return parseUuid(text);
    case 'json':
      return parseJson(checkNoNul(text));
    case 'jsonb':
      return parseJsonb(checkNoNul(text));
    case 'date':
      return parseDate(text, resolveZone(opts?.timeZone ?? 'UTC'), clockOf(opts));
    case 'time': {
      const t = parseTime(text, clockOf(opts), resolveZone(opts?.timeZone ?? 'UTC'));
      return type.precision === undefined ? t : new PgTime(roundTimeMicros(t.micros, type.precision));
    }
    case 'timestamp': {
      const t = parseTimestamp(text, resolveZone(opts?.timeZone ?? 'UTC'), clockOf(opts));
      return finite(t.micros) ? new PgTimestamp(roundTimestampMicros(t.micros, type.precision)) : t;
    }
    case 'timestamptz': {
      const t = parseTimestampTz(text, resolveZone(opts?.timeZone ?? 'UTC'), clockOf(opts));
      return finite(t.micros) ? new PgTimestampTz(roundTimestampMicros(t.micros, type.precision)) : t;
    }
    case 'interval': {
      const v = parseInterval(text);
      return type.precision === undefined ? v : new PgInterval(v.months, v.days, roundIntervalMicros(v.micros, type.precision));
    }
  }
}

function finite(micros: bigint): boolean {
  return micros !== TIMESTAMP_INFINITY && micros !== TIMESTAMP_NEG_INFINITY;
}
