import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp.js';
import { RowReader } from './row-reader.js';

const dir = tempDir();

describe('RowReader', () => {
  it.each([1, 2, 3, 7, 2048])('reads every row once, in rowid order, across chunk boundaries of %i rows (64-bit extremes, gaps, a column named rowid)', (chunk) => {
    const db = new Database(join(dir, `r${chunk}.db`));
    db.defaultSafeIntegers(true);
    db.exec('CREATE TABLE t (v TEXT); CREATE TABLE s (rowid TEXT, v TEXT); CREATE TABLE w (k TEXT PRIMARY KEY, v) WITHOUT ROWID');
    const ids = [-(2n ** 63n), -(2n ** 63n) + 1n, -5n, 0n, 1n, 2n, 9n, 10n, 11n, 1000n, 2n ** 63n - 2n, 2n ** 63n - 1n];
    for (const id of [...ids].reverse()) db.prepare('INSERT INTO t (rowid, v) VALUES (?, ?)').run(id, `v${id}`);
    for (const id of ids) db.prepare('INSERT INTO s (_rowid_, rowid, v) VALUES (?, ?, ?)').run(id, `r${id}`, `v${id}`);
    for (const k of ['b', 'a', 'c']) db.prepare('INSERT INTO w VALUES (?, ?)').run(k, 1n);
    const read = (sql: string, rowid: string | null): unknown[][] => {
      const r = new RowReader(db, { sql, rowid }, chunk);
      const out: unknown[][] = [];
      for (let row = r.next(); row !== null; row = r.next()) out.push(row);
      expect(r.next()).toBeNull();
      return out;
    };
    const sorted = [...ids].sort((a, b) => (a < b ? -1 : 1));
    expect(read('SELECT rowid, v FROM t ORDER BY rowid', 'rowid')).toEqual(sorted.map((id) => [id, `v${id}`]));
    expect(read('SELECT _rowid_, rowid, v FROM s ORDER BY _rowid_', '_rowid_')).toEqual(sorted.map((id) => [id, `r${id}`, `v${id}`]));
    expect(read('SELECT k, v FROM w', null)).toEqual([['a', 1n], ['b', 1n], ['c', 1n]]);
    db.close();
  });
});
