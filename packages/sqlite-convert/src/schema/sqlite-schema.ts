/** What a SQLite database declares, read with PRAGMAs (and the CREATE text where PRAGMAs say nothing, as for CHECK). */
import type BetterSqlite3 from 'better-sqlite3';
import { type Token, isOp, isWord, matchParen, splitTopLevel, sqliteString, tokenize } from './sql-tokens.js';

export interface SqliteColumn {
  readonly name: string;
  /** Declared type as written ('' when none). */
  readonly declared: string;
  readonly notNull: boolean;
  /** The DEFAULT expression's SQL text, or null. */
  readonly defaultSql: string | null;
  /** 1-based position in the primary key, 0 when not part of it. */
  readonly pk: number;
  /** 2 or 3: a generated column (its values are copied as stored values). */
  readonly generated: boolean;
}

export interface SqliteIndex {
  readonly name: string;
  readonly unique: boolean;
  /** c = CREATE INDEX, u = UNIQUE constraint (sqlite_autoindex_*), pk = PRIMARY KEY. */
  readonly origin: 'c' | 'u' | 'pk';
  readonly partial: boolean;
  /** Column names in key order; null for an expression. */
  readonly columns: readonly (string | null)[];
  readonly descending: boolean;
  readonly collations: readonly string[];
  readonly sql: string | null;
}

export interface SqliteForeignKey {
  readonly id: number;
  readonly columns: readonly string[];
  readonly refTable: string;
  /** null entries mean "the parent's primary key". */
  readonly refColumns: readonly (string | null)[];
  readonly onUpdate: string;
  readonly onDelete: string;
}

export interface SqliteCheck {
  readonly name: string | null;
  readonly tokens: readonly Token[];
  readonly sql: string;
}

export interface SqliteTable {
  readonly name: string;
  readonly sql: string;
  readonly withoutRowid: boolean;
  readonly strict: boolean;
  readonly columns: readonly SqliteColumn[];
  /** The column that is an alias of the rowid (INTEGER PRIMARY KEY), if any. */
  readonly rowidAlias: string | null;
  readonly autoincrement: boolean;
  readonly indexes: readonly SqliteIndex[];
  readonly foreignKeys: readonly SqliteForeignKey[];
  readonly checks: readonly SqliteCheck[];
  /** Columns declared with COLLATE (other than BINARY). */
  readonly collations: ReadonlyMap<string, string>;
}

export interface SqliteObject {
  readonly type: 'view' | 'trigger' | 'table';
  readonly name: string;
  readonly table: string;
  readonly sql: string;
}

export interface SqliteSchema {
  readonly tables: readonly SqliteTable[];
  readonly views: readonly SqliteObject[];
  readonly triggers: readonly SqliteObject[];
  /** Virtual tables, their shadow tables and SQLite's own tables (sqlite_stat1, ...), with why they are not copied. */
  readonly otherTables: readonly (SqliteObject & { reason: string })[];
}

type Db = BetterSqlite3.Database;

export function readSchema(db: Db): SqliteSchema {
  const master = db
    .prepare("SELECT type, name, tbl_name AS tbl, sql FROM sqlite_schema WHERE type IN ('table','view','trigger','index') ORDER BY rowid")
    .safeIntegers(false)
    .all() as { type: string; name: string; tbl: string; sql: string | null }[];
  const listed = new Map(
    (db.prepare('PRAGMA main.table_list').safeIntegers(false).all() as { name: string; type: string; wr: number; strict: number }[]).map((r) => [r.name, r]),
  );
  const tables: SqliteTable[] = [];
  const otherTables: (SqliteObject & { reason: string })[] = [];
  for (const m of master) {
    if (m.type !== 'table') continue;
    const info = listed.get(m.name);
    const sql = m.sql ?? '';
    if (m.name.startsWith('sqlite_')) {
      if (m.name !== 'sqlite_sequence') otherTables.push({ type: 'table', name: m.name, table: m.name, sql, reason: 'SQLite internal table' });
      continue;
    }
    if (info?.type === 'virtual') {
      otherTables.push({ type: 'table', name: m.name, table: m.name, sql, reason: 'virtual table (module has no PostgreSQL equivalent)' });
      continue;
    }
    if (info?.type === 'shadow') {
      otherTables.push({ type: 'table', name: m.name, table: m.name, sql, reason: 'shadow table of a virtual table' });
      continue;
    }
    tables.push(readTable(db, m.name, sql, info?.wr === 1, info?.strict === 1, master));
  }
  const pick = (type: 'view' | 'trigger'): SqliteObject[] =>
    master.filter((m) => m.type === type).map((m) => ({ type, name: m.name, table: m.tbl, sql: m.sql ?? '' }));
  return { tables, views: pick('view'), triggers: pick('trigger'), otherTables };
}

function readTable(
  db: Db,
  name: string,
  sql: string,
  withoutRowid: boolean,
  strict: boolean,
  master: readonly { type: string; name: string; tbl: string; sql: string | null }[],
): SqliteTable {
  const cols = db.prepare(`PRAGMA main.table_xinfo(${sqliteString(name)})`).safeIntegers(false).all() as {
    name: string;
    type: string;
    notnull: number;
    dflt_value: string | null;
    pk: number;
    hidden: number;
  }[];
  const columns: SqliteColumn[] = cols
    .filter((c) => c.hidden !== 1)
    .map((c) => ({ name: c.name, declared: c.type, notNull: c.notnull === 1, defaultSql: c.dflt_value, pk: c.pk, generated: c.hidden >= 2 }));
  const pkCols = columns.filter((c) => c.pk > 0);
  const tokens = tokenize(sql);
  const rowidAlias =
    !withoutRowid && pkCols.length === 1 && pkCols[0]!.declared.toUpperCase() === 'INTEGER' && !pkIsDescending(tokens, pkCols[0]!.name)
      ? pkCols[0]!.name
      : null;
  const indexList = db.prepare(`PRAGMA main.index_list(${sqliteString(name)})`).safeIntegers(false).all() as {
    name: string;
    unique: number;
    origin: 'c' | 'u' | 'pk';
    partial: number;
  }[];
  const indexes: SqliteIndex[] = indexList.map((ix) => {
    const keys = (db.prepare(`PRAGMA main.index_xinfo(${sqliteString(ix.name)})`).safeIntegers(false).all() as {
      cid: number;
      name: string | null;
      desc: number;
      coll: string;
      key: number;
    }[]).filter((k) => k.key === 1);
    return {
      name: ix.name,
      unique: ix.unique === 1,
      origin: ix.origin,
      partial: ix.partial === 1,
      columns: keys.map((k) => (k.cid < 0 ? null : k.name)),
      descending: keys.some((k) => k.desc === 1),
      collations: keys.map((k) => k.coll),
      sql: master.find((m) => m.type === 'index' && m.name === ix.name)?.sql ?? null,
    };
  });
  const fkRows = db.prepare(`PRAGMA main.foreign_key_list(${sqliteString(name)})`).safeIntegers(false).all() as {
    id: number;
    seq: number;
    table: string;
    from: string;
    to: string | null;
    on_update: string;
    on_delete: string;
  }[];
  const foreignKeys: SqliteForeignKey[] = [];
  for (const r of fkRows) {
    let fk = foreignKeys.find((f) => f.id === r.id);
    if (!fk) {
      fk = { id: r.id, columns: [], refTable: r.table, refColumns: [], onUpdate: r.on_update, onDelete: r.on_delete };
      foreignKeys.push(fk);
    }
    (fk.columns as string[]).push(r.from);
    (fk.refColumns as (string | null)[]).push(r.to);
  }
  const body = tableBody(tokens);
  return {
    name,
    sql,
    withoutRowid,
    strict,
    columns,
    rowidAlias,
    autoincrement: tokens.some((t) => isWord(t, 'AUTOINCREMENT')),
    indexes,
    foreignKeys,
    checks: body ? checksOf(body, sql) : [],
    collations: body ? collationsOf(body) : new Map(),
  };
}

/** The column and constraint definitions between CREATE TABLE name ( ... ). */
function tableBody(tokens: readonly Token[]): Token[][] | null {
  const open = tokens.findIndex((t) => isOp(t, '('));
  if (open < 0) return null;
  const close = matchParen(tokens, open);
  if (close < 0) return null;
  return splitTopLevel(tokens, open + 1, close);
}

const TABLE_CONSTRAINT_WORDS = new Set(['PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN', 'CONSTRAINT']);

function checksOf(body: readonly Token[][], sql: string): SqliteCheck[] {
  const checks: SqliteCheck[] = [];
  for (const def of body) {
    for (let i = 0; i < def.length; i++) {
      if (!isWord(def[i], 'CHECK') || !isOp(def[i + 1], '(')) continue;
      const close = matchParen(def, i + 1);
      if (close < 0) continue;
      const name = i >= 2 && isWord(def[i - 2], 'CONSTRAINT') ? def[i - 1]!.text : null;
      const inner = def.slice(i + 2, close);
      checks.push({ name, tokens: inner, sql: checkSourceText(sql, checks.length) ?? inner.map((t) => t.text).join(' ') });
      i = close;
    }
  }
  return checks;
}

/** The n-th CHECK(...) exactly as written in the CREATE text, for the report. */
function checkSourceText(sql: string, n: number): string | null {
  const re = /\bCHECK\s*\(/gi;
  let m: RegExpExecArray | null;
  let k = 0;
  while ((m = re.exec(sql))) {
    if (k++ < n) continue;
    let depth = 0;
    for (let i = m.index + m[0].length - 1; i < sql.length; i++) {
      if (sql[i] === '(') depth++;
      else if (sql[i] === ')' && --depth === 0) return sql.slice(m.index, i + 1);
    }
    return null;
  }
  return null;
}

function collationsOf(body: readonly Token[][]): Map<string, string> {
  const out = new Map<string, string>();
  for (const def of body) {
    const first = def[0];
    if (!first || (first.kind === 'word' && TABLE_CONSTRAINT_WORDS.has(first.text.toUpperCase()))) continue;
    for (let i = 1; i < def.length - 1; i++) {
      if (isWord(def[i], 'COLLATE') && def[i + 1]!.text.toUpperCase() !== 'BINARY') out.set(first.text, def[i + 1]!.text.toUpperCase());
    }
  }
  return out;
}

/** INTEGER PRIMARY KEY DESC is not a rowid alias (a documented SQLite quirk). */
function pkIsDescending(tokens: readonly Token[], column: string): boolean {
  for (let i = 0; i < tokens.length - 3; i++) {
    if (tokens[i]!.text === column && isWord(tokens[i + 1], 'INTEGER') && isWord(tokens[i + 2], 'PRIMARY') && isWord(tokens[i + 3], 'KEY')) {
      return isWord(tokens[i + 4], 'DESC');
    }
  }
  return false;
}
