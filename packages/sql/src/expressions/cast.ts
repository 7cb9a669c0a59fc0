/**
 * Casts between types with PostgreSQL's rules: which casts exist, how values convert (rounding,
 * range checks, typmod coercion) and the errors. `castFunction` is resolved once at analysis time.
 */
import {
  type BaseTypeName,
  type PgType,
  type Value,
  PgDate,
  PgInterval,
  PgTime,
  PgTimestamp,
  PgTimestampTz,
  T,
} from '@heliosdb/types';
import { type SqlType, displayName, displayNameWithModifiers, isUnknown } from '../analyzer/sql-type.js';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import { numeric, textIn, textOut } from '../values/types-api.js';
import { floatOverflow } from './float-arithmetic.js';
import { checkInt, checkInt8, outOfRange } from './integer-arithmetic.js';
import { dateToMicros, microsToDate, microsToTime, localToTimestamptz, timestamptzToLocal, isInfiniteMicros } from '../values/temporal.js';
import { jsonbScalarCast } from '../functions/json-values.js';

export type CastFn = (v: Value, timeZone: string) => Value;

const STRING: ReadonlySet<BaseTypeName> = new Set(['text', 'varchar', 'bpchar']);
const NUMBER: ReadonlySet<BaseTypeName> = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric']);

export function cannotCast(from: SqlType, to: SqlType): SqlError {
  return new SqlError(SqlState.cannotCoerce, `cannot cast type ${displayName(from)} to ${displayName(to)}`);
}

/**
 * The conversion from `from` to `to`, or undefined when PostgreSQL has no such cast.
 * `explicit` distinguishes CAST (varchar(n) silently truncates) from assignment (it errors).
 */
export function castFunction(from: SqlType, to: PgType, explicit = true): CastFn | undefined {
  const withMod = typmodCoercion(to, explicit);
  if (isUnknown(from)) {
    // text input of a string type is the identity (then the length modifier applies).
    if (STRING.has(to.name) && !to.array) return (v, tz) => (v === null ? null : withMod(v, tz));
    return (v, tz) => (v === null ? null : withMod(textIn(to, v as string), tz));
  }
  if (from.array !== to.array) {
    if (STRING.has(to.name) && !to.array) return (v, tz) => (v === null ? null : withMod(textOut(from, v, { timeZone: tz }), tz));
    if (STRING.has(from.name) && !from.array) return (v, tz) => (v === null ? null : withMod(textIn(to, v as string), tz));
    return undefined;
  }
  if (from.array) {
    const elem = castFunction({ ...from, array: false }, { ...to, array: false }, explicit);
    if (!elem) return undefined;
    return (v, tz) => (v === null ? null : (v as Value[]).map((e) => (e === null ? null : elem(e, tz))));
  }
  const base = scalarCast(from.name, to.name, from);
  if (!base) return undefined;
  return (v, tz) => (v === null ? null : withMod(base(v, tz), tz));
}

function scalarCast(from: BaseTypeName, to: BaseTypeName, fromType: PgType): CastFn | undefined {
  if (from === to) return (v) => v;
  if (STRING.has(from) && STRING.has(to)) return from === 'bpchar' ? (v) => (v as string).replace(/ +$/, '') : (v) => v;
  if (STRING.has(to)) {
    if (from === 'bool') return (v) => (v ? 'true' : 'false'); // booltext, unlike boolout's t/f
    return (v, tz) => textOut(fromType, v, { timeZone: tz });
  }
  if (STRING.has(from)) return (v) => textIn(T[to as 'int4'] ?? { name: to, array: false }, from === 'bpchar' ? (v as string).replace(/ +$/, '') : (v as string));
  if (NUMBER.has(from) && NUMBER.has(to)) return numberCast(from, to);
  if (from === 'int4' && to === 'bool') return (v) => v !== 0;
  if (from === 'bool' && to === 'int4') return (v) => (v ? 1 : 0);
  if (from === 'json' && to === 'jsonb') return (v) => textIn(T.jsonb, v as string);
  if (from === 'jsonb' && to === 'json') return (v) => v;
  if (from === 'jsonb' && (NUMBER.has(to) || to === 'bool')) {
    const fromNumeric = NUMBER.has(to) ? numberCast('numeric', to) : undefined;
    return (v, tz) => {
      const s = jsonbScalarCast(v as string, to);
      return fromNumeric && typeof s === 'string' ? fromNumeric(s, tz) : s;
    };
  }
  return temporalCast(from, to);
}

function temporalCast(from: BaseTypeName, to: BaseTypeName): CastFn | undefined {
  switch (`${from}>${to}`) {
    case 'date>timestamp':
      return (v) => new PgTimestamp(dateToMicros(v as PgDate));
    case 'date>timestamptz':
      return (v, tz) => localToTimestamptz(new PgTimestamp(dateToMicros(v as PgDate)), tz);
    case 'timestamp>date':
      return (v) => microsToDate((v as PgTimestamp).micros);
    case 'timestamptz>date':
      return (v, tz) => microsToDate(timestamptzToLocal(v as PgTimestampTz, tz).micros);
    case 'timestamp>timestamptz':
      return (v, tz) => localToTimestamptz(v as PgTimestamp, tz);
    case 'timestamptz>timestamp':
      return (v, tz) => timestamptzToLocal(v as PgTimestampTz, tz);
    case 'timestamp>time':
      return (v) => timeOf((v as PgTimestamp).micros);
    case 'timestamptz>time':
      return (v, tz) => timeOf(timestamptzToLocal(v as PgTimestampTz, tz).micros);
    case 'time>interval':
      return (v) => new PgInterval(0, 0, BigInt((v as PgTime).micros));
    case 'interval>time':
      return (v) => {
        const i = v as PgInterval;
        const day = 86_400_000_000n;
        return new PgTime(Number(((i.micros % day) + day) % day));
      };
    default:
      return undefined;
  }
}

function timeOf(micros: bigint): PgTime {
  if (isInfiniteMicros(micros)) throw new SqlError(SqlState.datetimeFieldOverflow, 'timestamp out of range');
  return microsToTime(micros);
}

/** rint(): round half to even, as C's default rounding mode does. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function numberCast(from: BaseTypeName, to: BaseTypeName): CastFn {
  const isSmall = (t: BaseTypeName): t is 'int2' | 'int4' => t === 'int2' || t === 'int4';
  if (isSmall(to)) {
    if (from === 'int2' || from === 'int4') return (v) => checkInt(to, v as number);
    if (from === 'int8') return (v) => { const b = v as bigint; if (b > 2147483647n || b < -2147483648n) throw outOfRange(to); return checkInt(to, Number(b)); };
    if (from === 'numeric') return (v) => checkInt(to, Number(numericToInteger(v as string, to)));
    return (v) => { const f = v as number; if (!Number.isFinite(f)) throw outOfRange(to); return checkInt(to, roundHalfEven(f)); };
  }
  if (to === 'int8') {
    if (from === 'int2' || from === 'int4') return (v) => BigInt(v as number);
    if (from === 'numeric') return (v) => checkInt8(numericToInteger(v as string, 'int8'));
    return (v) => {
      const f = roundHalfEven(v as number);
      if (!Number.isFinite(f) || f >= 9223372036854775808 || f < -9223372036854775808) throw outOfRange('int8');
      return BigInt(f);
    };
  }
  if (to === 'float4' || to === 'float8') {
    const single = to === 'float4';
    return (v) => {
      const f = typeof v === 'string' ? Number(v) : Number(v as number | bigint);
      const r = single ? Math.fround(f) : f;
      if (!Number.isFinite(r) && Number.isFinite(f)) throw floatOverflow();
      if (typeof v === 'string' && !Number.isFinite(r) && !/Infinity|NaN/.test(v)) throw floatOverflow();
      return r;
    };
  }
  // to numeric
  if (from === 'float4' || from === 'float8') {
    const digits = from === 'float4' ? 6 : 15;
    return (v) => floatToNumeric(v as number, digits);
  }
  return (v) => String(v);
}

/** float -> numeric keeps FLT_DIG / DBL_DIG significant digits, like float8_numeric. */
export function floatToNumeric(f: number, digits: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? 'Infinity' : '-Infinity';
  if (f === 0) return '0';
  return plainDecimal(f.toPrecision(digits));
}

/** '1.2300e+5' -> '123000', '1.50' -> '1.5': exponent expanded, trailing fraction zeros dropped. */
export function plainDecimal(s: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(s);
  if (!m) return s;
  const [, sign, int = '', frac = '', exp = '0'] = m;
  let digits = int + frac;
  let point = int.length + Number(exp);
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  } else if (point > digits.length) digits += '0'.repeat(point - digits.length);
  let ip = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  let fp = digits.slice(point).replace(/0+$/, '');
  if (ip === '') ip = '0';
  const out = fp ? `${ip}.${fp}` : ip;
  return out === '0' ? '0' : sign + out;
}

/** numeric -> integer rounds half away from zero (numeric_int4). */
function numericToInteger(s: string, t: 'int2' | 'int4' | 'int8'): bigint {
  if (!/^-?\d+(\.\d+)?$/.test(s)) {
    throw new SqlError(SqlState.featureNotSupported, `cannot convert ${s} to ${t === 'int8' ? 'bigint' : t === 'int4' ? 'integer' : 'smallint'}`);
  }
  return BigInt(numeric.round(s, 0));
}

/** The typmod coercion of a value already of the target's base type: varchar(n), bpchar(n), numeric(p,s). */
function typmodCoercion(to: PgType, explicit: boolean): CastFn {
  if (to.array) {
    const inner = typmodCoercion({ ...to, array: false }, explicit);
    return (v, tz) => (v === null ? null : (v as Value[]).map((e) => (e === null ? null : inner(e, tz))));
  }
  if ((to.name === 'varchar' || to.name === 'bpchar') && to.length !== undefined) {
    const n = to.length;
    const pad = to.name === 'bpchar';
    return (v) => {
      let s = v as string;
      const chars = [...s];
      if (chars.length > n) {
        const tail = chars.slice(n).join('');
        if (!explicit && !/^ *$/.test(tail)) {
          throw new SqlError(SqlState.stringDataRightTruncation, `value too long for type ${displayNameWithModifiers({ ...to, name: to.name })}`);
        }
        s = chars.slice(0, n).join('');
      } else if (pad && chars.length < n) s += ' '.repeat(n - chars.length);
      return s;
    };
  }
  if (to.name === 'numeric' && to.precision !== undefined) {
    const p = to.precision;
    const sc = to.scale ?? 0;
    return (v) => {
      const s = v as string;
      if (!/^-?\d/.test(s)) {
        if (s === 'NaN') return s;
        throw new SqlError(SqlState.numericValueOutOfRange, 'numeric field overflow', {
          detail: `A field with precision ${p}, scale ${sc} cannot hold an infinite value.`,
        });
      }
      const r = numeric.round(s, sc);
      const intDigits = r.replace(/^-/, '').split('.')[0]!.replace(/^0+/, '').length;
      if (intDigits > p - sc) {
        throw new SqlError(SqlState.numericValueOutOfRange, 'numeric field overflow', {
          detail: `A field with precision ${p}, scale ${sc} must round to an absolute value less than ${p - sc === 0 ? '1' : `10^${p - sc}`}.`,
        });
      }
      return r;
    };
  }
  return (v) => v;
}

/** The type's output function (what textanycat and psql use): bool prints as t/f, not true/false. */
export function outputFunction(type: SqlType): (v: Value, timeZone: string) => string {
  if (isUnknown(type)) return (v) => String(v);
  if (type.name === 'bool' && !type.array) return (v) => (v ? 't' : 'f');
  return (v, tz) => textOut(type, v, { timeZone: tz });
}
