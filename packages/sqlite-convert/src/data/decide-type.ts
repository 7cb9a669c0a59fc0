/** Declared type + the values seen -> the PostgreSQL column type and how each value is converted. */
import { type PgType, T, formatTypeName } from '@heliosdb/types';
import type { ColumnStats, FirstSeen } from './column-stats.js';
import type { StorageClass } from './sqlite-value.js';

export type Conversion =
  | 'int2'
  | 'int4'
  | 'int8'
  | 'float8'
  | 'numeric'
  | 'text'
  | 'widen'
  | 'bytea'
  | 'bool'
  | 'date'
  | 'timestamp'
  | 'timestamptz'
  | 'jsonb';

export interface ColumnDecision {
  readonly type: PgType;
  readonly conversion: Conversion;
  /** 'INTEGER -> int8 (declared INTEGER; values up to 2^40)'. */
  readonly decision: string;
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
  /** Values of another storage class than the column's type takes (reported or fatal under --on-mixed-types fail). */
  readonly mixed: { readonly expected: string; readonly cls: StorageClass; readonly at: FirstSeen } | null;
}

const INT4_MIN = -2147483648n;
const INT4_MAX = 2147483647n;
const INT2_MIN = -32768n;
const INT2_MAX = 32767n;

export function decideType(s: ColumnStats, opts: { rowidAlias: boolean }): ColumnDecision {
  const d = s.declared;
  const notes: string[] = [];
  const warnings: string[] = [];
  const c = s.counts;
  const done = (type: PgType, conversion: Conversion, mixed: ColumnDecision['mixed'] = null): ColumnDecision => ({
    type,
    conversion,
    decision: `${d.rule} -> ${formatTypeName(type)}`,
    notes,
    warnings,
    mixed,
  });
  const widen = (expected: string, ...bad: StorageClass[]): ColumnDecision => {
    const cls = bad.find((b) => c[b] > 0)!;
    const at = s.first[cls]!;
    warnings.push(
      `mixed types: ${c[cls]} ${cls} value(s) where ${expected} expected (first at ${at.key}); column widened to text`,
    );
    return done(T.text, 'widen', { expected, cls, at });
  };
  const has = (...classes: StorageClass[]): boolean => classes.some((k) => c[k] > 0);

  if (opts.rowidAlias) {
    notes.push('INTEGER PRIMARY KEY (rowid alias) -> int8 primary key with a sequence past the largest rowid');
    return done(T.int8, 'int8');
  }
  switch (d.intent) {
    case 'integer': {
      if (has('real', 'text', 'blob')) return widen('an integer', 'text', 'real', 'blob');
      const fits = (lo: bigint, hi: bigint): boolean => s.intMin === null || (s.intMin >= lo && s.intMax! <= hi);
      if (d.size === 2 && fits(INT2_MIN, INT2_MAX)) return done(T.int2, 'int2');
      if (d.size !== 8 && fits(INT4_MIN, INT4_MAX)) {
        if (d.size === 2) warnings.push(`declared ${d.rule} but values reach ${s.intMin}..${s.intMax}: int4`);
        return done(T.int4, 'int4');
      }
      if (d.size !== 8) {
        (d.size === 2 ? warnings : notes).push(`values reach ${s.intMin}..${s.intMax}, beyond int4: int8`);
      }
      return done(T.int8, 'int8');
    }
    case 'float':
      if (has('text', 'blob')) return widen('a number', 'text', 'blob');
      if (s.unsafeInt) return widen('a number a double holds exactly', 'integer');
      return done(T.float8, 'float8');
    case 'numeric': {
      if (has('blob')) return widen('a number', 'blob');
      if (s.notNumeric) {
        const r = widen('a number', 'text');
        return { ...r, mixed: { expected: 'a number', cls: 'text', at: s.notNumeric } };
      }
      if (c.real > 0) notes.push(`${c.real} REAL value(s) (SQLite stored them as doubles) converted to their shortest exact decimal text`);
      if (d.precision !== undefined) {
        const scale = d.scale ?? 0;
        if (s.intDigits <= d.precision - scale && s.scaleDigits <= scale) return done(T.numeric(d.precision, scale), 'numeric');
        warnings.push(
          `values need ${s.intDigits} integer and ${s.scaleDigits} fraction digits, more than numeric(${d.precision},${scale}) holds: unconstrained numeric`,
        );
      }
      return done(T.numeric(), 'numeric');
    }
    case 'text': {
      if (has('integer', 'real', 'blob')) return widen('text', 'blob', 'integer', 'real');
      if (d.length !== undefined) {
        if (d.fixedLength) notes.push(`char(${d.length}) -> varchar(${d.length}): PostgreSQL's char(n) would blank-pad the values`);
        if (s.maxChars <= d.length) return done(T.varchar(d.length), 'text');
        warnings.push(`values up to ${s.maxChars} characters exceed the declared length ${d.length} (SQLite does not enforce it): text`);
      }
      return done(T.text, 'text');
    }
    case 'blob':
      if (has('integer', 'real', 'text')) return widen('a blob', 'text', 'integer', 'real');
      return done(T.bytea, 'bytea');
    case 'bool':
      if (has('real', 'text', 'blob')) return widen('0 or 1', 'text', 'real', 'blob');
      if (s.notBool) {
        const r = widen('0 or 1', 'integer');
        return { ...r, mixed: { expected: '0 or 1', cls: 'integer', at: s.notBool } };
      }
      return done(T.bool, 'bool');
    case 'date':
    case 'datetime':
      return temporal(s, d.intent, done, notes, warnings);
    case 'json':
      if (has('blob')) return widen('JSON text', 'blob');
      if (has('integer', 'real') || s.notJson) {
        const at = s.notJson ?? s.first.integer ?? s.first.real!;
        warnings.push(`not every value is JSON (first at ${at.key}): kept as text`);
        return done(T.text, 'widen');
      }
      notes.push('jsonb normalises spacing and key order');
      return done(T.jsonb, 'jsonb');
    case 'content': {
      if (s.nonNull === 0) {
        notes.push('every value is NULL: text');
        return done(T.text, 'text');
      }
      const only = (...classes: StorageClass[]): boolean =>
        (['integer', 'real', 'text', 'blob'] as const).every((k) => classes.includes(k) || c[k] === 0);
      if (only('integer')) return done(T.int8, 'int8');
      if (only('integer', 'real') && !s.unsafeInt) return done(T.float8, 'float8');
      if (only('text')) return done(T.text, 'text');
      if (only('blob')) return done(T.bytea, 'bytea');
      const main = (['integer', 'real', 'text', 'blob'] as const).reduce((a, b) => (c[b] > c[a] ? b : a));
      return widen(`${main} (the most common class)`, ...(['text', 'blob', 'integer', 'real'] as const).filter((k) => k !== main));
    }
  }
}

function temporal(
  s: ColumnStats,
  intent: 'date' | 'datetime',
  done: (type: PgType, conversion: Conversion, mixed?: ColumnDecision['mixed']) => ColumnDecision,
  notes: string[],
  warnings: string[],
): ColumnDecision {
  const c = s.counts;
  if (c.blob > 0) {
    const at = s.first.blob!;
    warnings.push(`mixed types: ${c.blob} blob value(s) in a date/time column (first at ${at.key}); column widened to text`);
    return done(T.text, 'widen', { expected: 'a date/time text', cls: 'blob', at });
  }
  const numbers = s.first.integer ?? s.first.real;
  if (numbers) {
    warnings.push(`date/time column holds numbers (first at ${numbers.key}), not converted as epochs: kept as text`);
    return done(T.text, 'widen');
  }
  if (intent === 'date' && !s.notDate) return done(T.date, 'date');
  if (s.notTimestamp) {
    warnings.push(`not every value is a date/time PostgreSQL reads the same way (first at ${s.notTimestamp.key}): kept as text`);
    return done(T.text, 'text');
  }
  if (s.withZone > 0 && s.withZone < c.text) {
    warnings.push('some values carry a time zone and some do not: kept as text');
    return done(T.text, 'text');
  }
  if (intent === 'date') notes.push('DATE column holds date-times: timestamp');
  if (s.withZone > 0) return done(T.timestamptz, 'timestamptz');
  return done(T.timestamp, 'timestamp');
}
