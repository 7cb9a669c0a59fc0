/** The scan: every value of a table goes through per-column statistics that decide each column's type (in the copy's pass, or alone). */
import type BetterSqlite3 from 'better-sqlite3';
import { SqliteConvertError } from '../errors.js';
import type { SqliteTable } from '../schema/sqlite-schema.js';
import { sqliteIdent } from '../schema/sql-tokens.js';
import { ColumnStats } from './column-stats.js';
import { formatTypeName } from '@heliosdb/types';
import { type ColumnDecision, decideType } from './decide-type.js';
import { declaredType } from './declared-type.js';
import { RowReader } from './row-reader.js';
import { type SqliteValue, describeValue } from './sqlite-value.js';

export type MixedTypesPolicy = 'widen' | 'fail';

export interface ColumnPlan {
  readonly name: string;
  readonly declared: string;
  readonly decision: ColumnDecision;
  readonly stats: ColumnStats;
}

export interface TablePlan {
  readonly table: SqliteTable;
  readonly columns: readonly ColumnPlan[];
  /** Column names of the PostgreSQL primary key, or null (hidden row id). */
  readonly primaryKey: readonly string[] | null;
  readonly rows: number;
  readonly warnings: readonly string[];
  /** The SELECT both passes run: key columns first (for messages), then every column. */
  readonly selectSql: string;
  readonly keyWidth: number;
  readonly keyLabel: string;
  /** The rowid's name when the SELECT reads it first (rowid tables), for chunked reads (row-reader.ts). */
  readonly rowid: string | null;
}

/** A name SQLite resolves to the rowid in this table (a real column called rowid shadows it). */
function rowidName(table: SqliteTable): string | null {
  if (table.withoutRowid) return null;
  const taken = new Set(table.columns.map((c) => c.name.toLowerCase()));
  return ['rowid', '_rowid_', 'oid'].find((n) => !taken.has(n)) ?? null;
}

export function tableSelect(table: SqliteTable): { sql: string; keyWidth: number; keyLabel: string; rowid: string | null } {
  const rowid = rowidName(table);
  const pk = table.columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
  const keys = rowid ? [rowid] : pk.map((c) => sqliteIdent(c.name));
  const label = rowid ? 'rowid' : `primary key (${pk.map((c) => c.name).join(', ')})`;
  const cols = table.columns.map((c) => sqliteIdent(c.name));
  const order = rowid ? ` ORDER BY ${rowid}` : '';
  return { sql: `SELECT ${[...keys, ...cols].join(', ')} FROM ${sqliteIdent(table.name)}${order}`, keyWidth: keys.length, keyLabel: label, rowid };
}

export function describeKey(label: string, row: readonly SqliteValue[], width: number): string {
  const vals = row.slice(0, width).map(describeValue);
  return width === 1 && label === 'rowid' ? `rowid ${vals[0]}` : `${label} = (${vals.join(', ')})`;
}

export function scanTable(db: BetterSqlite3.Database, table: SqliteTable, policy: MixedTypesPolicy): TablePlan {
  const { sql, keyWidth, keyLabel, rowid } = tableSelect(table);
  const stats = newStats(table);
  let row: SqliteValue[] = [];
  const key = (): string => describeKey(keyLabel, row, keyWidth);
  let rows = 0;
  const n = stats.length;
  const reader = new RowReader(db, { sql, rowid });
  for (let r = reader.next(); r !== null; r = reader.next()) {
    row = r;
    for (let i = 0; i < n; i++) stats[i]!.add(r[keyWidth + i]!, key);
    rows++;
  }
  return planTable(table, stats, rows, policy);
}

/** One empty ColumnStats per column of `table`, for its declared type. */
export function newStats(table: SqliteTable): ColumnStats[] {
  return table.columns.map((c) => new ColumnStats(declaredType(c.declared)));
}

/**
 * The plan the declared types imply when every value is what its column declares (stats of no values), for a copy
 * that scans and writes in one pass (convert.ts): null when a column's type is decided by its values alone.
 */
export function predictPlan(table: SqliteTable, policy: MixedTypesPolicy): TablePlan | null {
  const stats = newStats(table);
  if (stats.some((s, i) => s.declared.intent === 'content' && table.columns[i]!.name !== table.rowidAlias)) return null;
  return planTable(table, stats, 0, policy);
}

/** Whether two plans of a table store the same bytes: the same primary key, and per column the same type and conversion. */
export function samePlan(a: TablePlan, b: TablePlan): boolean {
  const pk = (p: TablePlan): string => JSON.stringify(p.primaryKey);
  return (
    pk(a) === pk(b) &&
    a.columns.length === b.columns.length &&
    a.columns.every((c, i) => sameDecision(c.decision, b.columns[i]!.decision))
  );
}

export function sameDecision(a: ColumnDecision, b: ColumnDecision): boolean {
  return a.conversion === b.conversion && formatTypeName(a.type) === formatTypeName(b.type);
}

/** The plan of a table whose every row went through `stats`: each column's type decided, and the failures a scan reports. */
export function planTable(table: SqliteTable, stats: readonly ColumnStats[], rows: number, policy: MixedTypesPolicy): TablePlan {
  const { sql, keyWidth, keyLabel, rowid } = tableSelect(table);
  const warnings: string[] = [];
  const columns: ColumnPlan[] = table.columns.map((c, i) => {
    const s = stats[i]!;
    const decision = decideType(s, { rowidAlias: c.name === table.rowidAlias });
    if (s.textWithNul) {
      throw new SqliteConvertError(
        'UNREPRESENTABLE',
        `sqlite convert: table "${table.name}" column "${c.name}": ${s.textWithNul.key} holds text with a NUL character, which PostgreSQL text cannot store`,
        { hint: 'store such values as BLOB in SQLite first, or exclude the table with --exclude' },
      );
    }
    if (decision.mixed && policy === 'fail') {
      const m = decision.mixed;
      throw new SqliteConvertError(
        'MIXED_TYPES',
        `sqlite convert: table "${table.name}" column "${c.name}" (declared ${c.declared || 'with no type'}): ${m.at.key} holds ${m.cls} ${describeValue(m.at.value)} where ${m.expected} is expected`,
        { hint: 'fix the value in SQLite, or convert with --on-mixed-types widen to make the column text' },
      );
    }
    return { name: c.name, declared: c.declared, decision, stats: s };
  });
  let primaryKey: string[] | null = table.columns
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  if (primaryKey.length === 0) primaryKey = null;
  else {
    const withNull = primaryKey.filter((name) => columns.find((c) => c.name === name)!.stats.counts.null > 0);
    if (withNull.length > 0) {
      warnings.push(
        `primary key column(s) ${withNull.join(', ')} hold NULLs (SQLite allows that in rowid tables): made a UNIQUE constraint instead`,
      );
      primaryKey = null;
    }
  }
  return { table, columns, primaryKey, rows, warnings, selectSql: sql, keyWidth, keyLabel, rowid };
}
