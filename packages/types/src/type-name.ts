import { PgTypeError, SqlState } from './errors.js';
import type { BaseTypeName, PgType } from './pg-type.js';
import { baseType } from './pg-type.js';

/**
 * SQL type names to descriptors and back. parseTypeName accepts PostgreSQL's spellings
 * ('integer', 'double precision', 'character varying(20)', 'timestamp(3) with time zone',
 * 'numeric(10,2)', 'int[]', 'text ARRAY'); formatTypeName is format_type()'s text.
 */

const SIMPLE: Readonly<Record<string, BaseTypeName>> = {
  int: 'int4', integer: 'int4', int4: 'int4',
  smallint: 'int2', int2: 'int2',
  bigint: 'int8', int8: 'int8',
  real: 'float4', float4: 'float4',
  'double precision': 'float8', float8: 'float8', float: 'float8',
  numeric: 'numeric', decimal: 'numeric', dec: 'numeric',
  text: 'text',
  varchar: 'varchar', 'character varying': 'varchar', 'char varying': 'varchar',
  character: 'bpchar', char: 'bpchar', bpchar: 'bpchar',
  bytea: 'bytea',
  boolean: 'bool', bool: 'bool',
  date: 'date',
  time: 'time', 'time without time zone': 'time',
  timestamp: 'timestamp', 'timestamp without time zone': 'timestamp',
  timestamptz: 'timestamptz', 'timestamp with time zone': 'timestamptz',
  interval: 'interval',
  uuid: 'uuid',
  json: 'json',
  jsonb: 'jsonb',
};

const UNSUPPORTED = new Set(['timetz', 'time with time zone', 'money', 'bit', 'varbit', 'bit varying', 'inet', 'cidr', 'macaddr', 'xml', 'oid', 'point', 'tsvector', 'name', '"char"']);

function invalidParameter(message: string): PgTypeError {
  return new PgTypeError(message, SqlState.invalidParameterValue);
}

function notExist(name: string): PgTypeError {
  return new PgTypeError(`type "${name}" does not exist`, SqlState.undefinedObject);
}

/** Parse a SQL type name. Serial types are column shorthands, not types, and are rejected like any unknown name. */
export function parseTypeName(sql: string): PgType {
  let s = sql.trim().replace(/\s+/g, ' ').toLowerCase();
  s = s.replace(/^pg_catalog\s*\.\s*/, '');
  let array = false;
  // Trailing '[]', '[n]' (any number; PostgreSQL ignores sizes and dimensions) or 'array' / 'array[n]'.
  for (;;) {
    const m = /^(.*?)\s*(\[\s*\d*\s*\]|\barray(\s*\[\s*\d*\s*\])?)$/.exec(s);
    if (m === null || m[1] === '') break;
    s = m[1]!;
    array = true;
  }
  const t = parseBase(s, sql);
  return array ? { ...t, array: true } : t;
}

function parseArgs(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  return text.split(',').map((a) => {
    const v = a.trim();
    if (!/^[+-]?\d+$/.test(v)) throw new PgTypeError(`syntax error at or near "${v}"`, SqlState.syntaxError);
    return Number(v);
  });
}

function parseBase(s: string, original: string): PgType {
  // time/timestamp carry their precision before the zone words: 'timestamp(3) with time zone'.
  const temporal = /^(time|timestamp)\s*(?:\(\s*([^)]*)\s*\))?\s*(with time zone|without time zone)?$/.exec(s);
  if (temporal !== null) {
    const withZone = temporal[3] === 'with time zone';
    if (temporal[1] === 'time' && withZone) {
      throw new PgTypeError('type "time with time zone" is not supported', SqlState.featureNotSupported);
    }
    const name: BaseTypeName = temporal[1] === 'time' ? 'time' : withZone ? 'timestamptz' : 'timestamp';
    return withPrecision(name, parseArgs(temporal[2]), temporal[1] === 'time' ? 'TIME' : 'TIMESTAMP');
  }
  const m = /^([a-z_][a-z0-9_ ]*?)\s*(?:\(\s*([^)]*)\s*\))?$/.exec(s);
  if (m === null) throw notExist(original.trim());
  const word = m[1]!;
  const args = parseArgs(m[2]);
  if (word === 'timestamptz') return withPrecision('timestamptz', args, 'TIMESTAMP');
  if (word === 'interval') return withPrecision('interval', args, 'INTERVAL');
  if (/^interval (year|month|day|hour|minute|second)/.test(word)) {
    throw new PgTypeError('interval field restrictions (YEAR TO MONTH, ...) are not supported', SqlState.featureNotSupported);
  }
  if (word === 'float' && args !== undefined) return floatOfPrecision(args);
  const name = SIMPLE[word];
  if (name === undefined) {
    if (UNSUPPORTED.has(word)) throw new PgTypeError(`type "${word}" is not supported`, SqlState.featureNotSupported);
    throw notExist(s);
  }
  switch (name) {
    case 'numeric':
      return numericType(args);
    case 'varchar':
      return lengthType('varchar', args, 'varchar');
    case 'bpchar':
      // char without a length means char(1); the name bpchar alone is unlimited.
      if (args === undefined) return word === 'bpchar' ? baseType('bpchar') : { name: 'bpchar', array: false, length: 1 };
      return lengthType('bpchar', args, 'char');
    default:
      if (args !== undefined) throw invalidParameter(`type modifier is not allowed for type "${word}"`);
      return baseType(name);
  }
}

/** float(p): 1..24 bits is real, 25..53 is double precision. */
function floatOfPrecision(args: number[]): PgType {
  if (args.length !== 1) throw invalidParameter('invalid type modifier');
  const p = args[0]!;
  if (p < 1) throw invalidParameter('precision for type float must be at least 1 bit');
  if (p > 53) throw invalidParameter('precision for type float must be less than 54 bits');
  return baseType(p <= 24 ? 'float4' : 'float8');
}

const NUMERIC_MAX_PRECISION = 1000;

function numericType(args: number[] | undefined): PgType {
  if (args === undefined) return baseType('numeric');
  if (args.length > 2) throw invalidParameter('invalid NUMERIC type modifier');
  const [p, s = 0] = args as [number, number?];
  if (p < 1 || p > NUMERIC_MAX_PRECISION) {
    throw invalidParameter(`NUMERIC precision ${p} must be between 1 and ${NUMERIC_MAX_PRECISION}`);
  }
  if (s < -NUMERIC_MAX_PRECISION || s > NUMERIC_MAX_PRECISION) {
    throw invalidParameter(`NUMERIC scale ${s} must be between ${-NUMERIC_MAX_PRECISION} and ${NUMERIC_MAX_PRECISION}`);
  }
  return { name: 'numeric', array: false, precision: p, scale: s };
}

const MAX_CHAR_LENGTH = 10485760;

function lengthType(name: 'varchar' | 'bpchar', args: number[] | undefined, label: string): PgType {
  if (args === undefined) return baseType(name);
  if (args.length !== 1) throw invalidParameter('invalid type modifier');
  const n = args[0]!;
  if (n < 1) throw invalidParameter(`length for type ${label} must be at least 1`);
  if (n > MAX_CHAR_LENGTH) throw invalidParameter(`length for type ${label} cannot exceed ${MAX_CHAR_LENGTH}`);
  return { name, array: false, length: n };
}

function withPrecision(name: BaseTypeName, args: number[] | undefined, label: string): PgType {
  if (args === undefined) return baseType(name);
  if (args.length !== 1) throw invalidParameter('invalid type modifier');
  const p = args[0]!;
  if (p < 0) throw invalidParameter(`${label}(${p})${name === 'timestamptz' ? ' WITH TIME ZONE' : ''} precision must not be negative`);
  // PostgreSQL warns and reduces anything above 6 to 6.
  return { name, array: false, precision: Math.min(p, 6) };
}

/** format_type(): the name PostgreSQL shows in \d, information_schema and error messages. */
export function formatTypeName(t: PgType): string {
  return baseName(t) + (t.array ? '[]' : '');
}

function baseName(t: PgType): string {
  const p = t.precision;
  switch (t.name) {
    case 'bool':
      return 'boolean';
    case 'int2':
      return 'smallint';
    case 'int4':
      return 'integer';
    case 'int8':
      return 'bigint';
    case 'float4':
      return 'real';
    case 'float8':
      return 'double precision';
    case 'numeric':
      return p === undefined ? 'numeric' : `numeric(${p},${t.scale ?? 0})`;
    case 'varchar':
      return t.length === undefined ? 'character varying' : `character varying(${t.length})`;
    case 'bpchar':
      return t.length === undefined ? 'bpchar' : `character(${t.length})`;
    case 'time':
      return p === undefined ? 'time without time zone' : `time(${p}) without time zone`;
    case 'timestamp':
      return p === undefined ? 'timestamp without time zone' : `timestamp(${p}) without time zone`;
    case 'timestamptz':
      return p === undefined ? 'timestamp with time zone' : `timestamp(${p}) with time zone`;
    case 'interval':
      return p === undefined ? 'interval' : `interval(${p})`;
    default:
      return t.name;
  }
}
