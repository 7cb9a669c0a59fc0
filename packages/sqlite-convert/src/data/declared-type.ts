/**
 * Declared SQLite type -> what the converter intends, by the common type names first and otherwise by SQLite's
 * column affinity rules (https://www.sqlite.org/datatype3.html section 3.1): INT -> INTEGER; CHAR, CLOB, TEXT ->
 * TEXT; BLOB or none -> BLOB; REAL, FLOA, DOUB -> REAL; anything else -> NUMERIC. The values then decide the
 * final PostgreSQL type (see decide-type.ts).
 */
export type Intent = 'integer' | 'float' | 'numeric' | 'text' | 'blob' | 'bool' | 'date' | 'datetime' | 'json' | 'content';

export interface DeclaredType {
  readonly intent: Intent;
  /** For integers: the size the name asks for. */
  readonly size?: 2 | 4 | 8;
  /** varchar(n) / char(n). */
  readonly length?: number;
  readonly fixedLength?: boolean;
  readonly precision?: number;
  readonly scale?: number;
  /** How the intent was chosen, for the report. */
  readonly rule: string;
}

const BY_NAME: Record<string, Omit<DeclaredType, 'rule'>> = {
  INT: { intent: 'integer', size: 4 },
  INTEGER: { intent: 'integer', size: 4 },
  MEDIUMINT: { intent: 'integer', size: 4 },
  TINYINT: { intent: 'integer', size: 2 },
  SMALLINT: { intent: 'integer', size: 2 },
  INT2: { intent: 'integer', size: 2 },
  BIGINT: { intent: 'integer', size: 8 },
  INT8: { intent: 'integer', size: 8 },
  'UNSIGNED BIG INT': { intent: 'integer', size: 8 },
  BOOLEAN: { intent: 'bool' },
  BOOL: { intent: 'bool' },
  DATE: { intent: 'date' },
  DATETIME: { intent: 'datetime' },
  TIMESTAMP: { intent: 'datetime' },
  TIMESTAMPTZ: { intent: 'datetime' },
  JSON: { intent: 'json' },
  JSONB: { intent: 'json' },
  DECIMAL: { intent: 'numeric' },
  NUMERIC: { intent: 'numeric' },
  MONEY: { intent: 'numeric' },
  SMALLMONEY: { intent: 'numeric' },
  CURRENCY: { intent: 'numeric' },
  REAL: { intent: 'float' },
  DOUBLE: { intent: 'float' },
  'DOUBLE PRECISION': { intent: 'float' },
  FLOAT: { intent: 'float' },
  FLOAT4: { intent: 'float' },
  FLOAT8: { intent: 'float' },
  VARCHAR: { intent: 'text' },
  'CHARACTER VARYING': { intent: 'text' },
  'VARYING CHARACTER': { intent: 'text' },
  NVARCHAR: { intent: 'text' },
  'NATIVE CHARACTER': { intent: 'text', fixedLength: true },
  CHAR: { intent: 'text', fixedLength: true },
  CHARACTER: { intent: 'text', fixedLength: true },
  NCHAR: { intent: 'text', fixedLength: true },
  TEXT: { intent: 'text' },
  CLOB: { intent: 'text' },
  BLOB: { intent: 'blob' },
};

export function declaredType(declared: string): DeclaredType {
  const trimmed = declared.trim().replace(/\s+/g, ' ').toUpperCase();
  if (trimmed === '') return { intent: 'content', rule: 'no declared type: decided by the values' };
  const m = /^(.*?)\s*(?:\(\s*([+-]?\d+)\s*(?:,\s*([+-]?\d+)\s*)?\))?$/.exec(trimmed)!;
  const base = m[1]!;
  const a = m[2] === undefined ? undefined : Number(m[2]);
  const b = m[3] === undefined ? undefined : Number(m[3]);
  const known = BY_NAME[base];
  if (known) {
    const rule = `declared ${declared.trim()}`;
    if (known.intent === 'text' && a !== undefined && a > 0) return { ...known, length: a, rule };
    if (known.intent === 'numeric' && a !== undefined && a >= 1 && a <= 1000) {
      const scale = b ?? 0;
      if (scale >= 0 && scale <= a) return { ...known, precision: a, scale, rule };
    }
    return { ...known, rule };
  }
  const affinity = `declared ${declared.trim()}: SQLite affinity`;
  if (base.includes('INT')) return { intent: 'integer', size: 8, rule: `${affinity} INTEGER` };
  if (/CHAR|CLOB|TEXT/.test(base)) return { intent: 'text', rule: `${affinity} TEXT` };
  if (base.includes('BLOB')) return { intent: 'content', rule: `${affinity} BLOB: decided by the values` };
  if (/REAL|FLOA|DOUB/.test(base)) return { intent: 'float', rule: `${affinity} REAL` };
  return { intent: 'content', rule: `${affinity} NUMERIC: decided by the values` };
}
