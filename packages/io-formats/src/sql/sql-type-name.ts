import type { PgType } from '@heliosdb/types';

/** A column type as PostgreSQL's DDL spells it: `varchar(20)`, `numeric(10,2)`, `timestamp with time zone`, `int4[]`. */
export function sqlTypeName(t: PgType): string {
  let s: string;
  switch (t.name) {
    case 'bpchar':
      s = `char(${t.length ?? 1})`;
      break;
    case 'varchar':
      s = t.length === undefined ? 'varchar' : `varchar(${t.length})`;
      break;
    case 'numeric':
      s = t.precision === undefined ? 'numeric' : `numeric(${t.precision},${t.scale ?? 0})`;
      break;
    case 'time':
    case 'timestamp':
    case 'timestamptz': {
      const base = t.name === 'time' ? 'time' : 'timestamp';
      const p = t.precision === undefined ? '' : `(${t.precision})`;
      s = `${base}${p} with${t.name === 'timestamptz' ? '' : 'out'} time zone`;
      break;
    }
    case 'interval':
      s = t.precision === undefined ? 'interval' : `interval(${t.precision})`;
      break;
    default:
      s = t.name;
  }
  return t.array ? s + '[]' : s;
}

/** A double-quoted identifier (always quoted, so case, keywords and odd characters survive). */
export function quoteIdent(name: string): string {
  if (name.includes('\0')) throw new Error(`identifier ${JSON.stringify(name)} contains a NUL character`);
  return '"' + name.replace(/"/g, '""') + '"';
}
