import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LOCKED_MESSAGE, SqliteConvertError, convertSqlite, validateSqliteDatabase } from '../index.js';
import { holdLock } from '../test-support/lock-holder.js';
import { tempDir } from '../test-support/temp.js';
import { compareWithCli } from '../test-support/witness.js';

const dir = tempDir();

function makeDb(name: string, rows = 2000, journal: 'delete' | 'wal' = 'delete'): string {
  const file = join(dir, name);
  const db = new Database(file);
  db.pragma(`journal_mode = ${journal}`);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL)');
  const ins = db.prepare('INSERT INTO t (name, score) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < rows; i++) ins.run(`row ${i} ${'x'.repeat(i % 50)}`, i / 7);
  })();
  db.close();
  return file;
}

async function failure(p: Promise<unknown>): Promise<SqliteConvertError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SqliteConvertError);
    return e as SqliteConvertError;
  }
  throw new Error('expected a failure');
}

describe('validation before anything is written', () => {
  it('accepts a good file and reports the header, journal mode and the check rows', () => {
    const v = validateSqliteDatabase(makeDb('good.db'));
    expect(v.check).toEqual({ mode: 'quick', ok: true, rows: ['ok'] });
    expect(v.header.pageSize).toBe(4096);
    expect(v.journalMode).toBe('delete');
    expect(v.counts.tables).toBe(1);
  });

  it('refuses a file that is not SQLite, naming its first bytes, and writes nothing', async () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'just some text that is long enough to fill a SQLite header of one hundred bytes, or more than that.'.repeat(2));
    const out = join(dir, 'out-notsqlite');
    const e = await failure(convertSqlite({ sqlite: file, output: out }));
    expect(e.code).toBe('NOT_SQLITE');
    expect(e.message).toContain('6a75737420736f6d6520746578742074');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an encrypted-looking file (random header) and a truncated one', async () => {
    const file = join(dir, 'enc.db');
    writeFileSync(file, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + 13) & 255)));
    expect(() => validateSqliteDatabase(file)).toThrow(/not a SQLite 3 database.*encrypted/);
    const short = join(dir, 'short.db');
    writeFileSync(short, 'SQLite format 3\0');
    expect(() => validateSqliteDatabase(short)).toThrow(/less than the 100-byte header/);
  });

  it('refuses a corrupt file (bytes flipped inside a table page) with every check row, before writing', async () => {
    const good = makeDb('to-corrupt.db', 5000);
    const bytes = readFileSync(good);
    // Page 3 onwards are the table's b-tree pages: scramble a cell-pointer area of one of them.
    const page = 4096 * 5;
    for (let i = 0; i < 64; i++) bytes[page + 8 + i] = bytes[page + 8 + i]! ^ 0xa5;
    const file = join(dir, 'corrupt.db');
    writeFileSync(file, bytes);
    const out = join(dir, 'out-corrupt');
    const e = await failure(convertSqlite({ sqlite: file, output: out }));
    expect(e.code).toBe('CORRUPT');
    expect(e.detail ?? e.message).toMatch(/page|corrupt|malformed|Tree/i);
    expect(existsSync(out)).toBe(false);
    const full = await failure(convertSqlite({ sqlite: file, output: out, check: 'full' }));
    expect(full.code).toBe('CORRUPT');
    expect(existsSync(out)).toBe(false);
  });

  it('reports "database is locked" while another process holds an EXCLUSIVE lock, and converts once it is released', async () => {
    const file = makeDb('locked.db', 100);
    const holder = await holdLock(file, "BEGIN EXCLUSIVE; INSERT INTO t (name) VALUES ('uncommitted')");
    const out = join(dir, 'out-locked');
    try {
      const e = await failure(convertSqlite({ sqlite: file, output: out, lockTimeoutMs: 200 }));
      expect(e.code).toBe('LOCKED');
      expect(e.message).toContain(LOCKED_MESSAGE);
      expect(existsSync(out)).toBe(false);
    } finally {
      await holder.release();
    }
    const r = await convertSqlite({ sqlite: file, output: out });
    expect(r.tables[0]!.rows).toBe(100);
  });

  it('reads the committed state while another process holds BEGIN IMMEDIATE with pending writes', async () => {
    const file = makeDb('immediate.db', 300);
    const holder = await holdLock(file, "BEGIN IMMEDIATE; INSERT INTO t (name) VALUES ('pending')");
    const out = join(dir, 'out-immediate');
    try {
      const r = await convertSqlite({ sqlite: file, output: out });
      expect(r.tables[0]!.rows).toBe(300);
    } finally {
      await holder.release();
    }
    expect(compareWithCli(file, out).problems).toEqual([]);
  });

  it('reads a WAL database with commits still in the -wal file, and not another process\'s open transaction', async () => {
    const file = join(dir, 'wal.db');
    const db = new Database(file);
    db.pragma('journal_mode = wal');
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE w (id INTEGER PRIMARY KEY, v TEXT)');
    const ins = db.prepare('INSERT INTO w (v) VALUES (?)');
    for (let i = 0; i < 500; i++) ins.run(`v${i}`);
    expect(readFileSync(`${file}-wal`).length).toBeGreaterThan(0);
    const holder = await holdLock(file, "BEGIN IMMEDIATE; INSERT INTO w (v) VALUES ('in flight')");
    const out = join(dir, 'out-wal');
    try {
      const r = await convertSqlite({ sqlite: file, output: out });
      expect(r.validation.journalMode).toBe('wal');
      expect(r.tables[0]!.rows).toBe(500);
    } finally {
      await holder.release();
      db.close();
    }
    expect(compareWithCli(file, out).problems).toEqual([]);
  });

  it('refuses a non-empty output directory and accepts an empty one', async () => {
    const file = makeDb('out-rules.db', 10);
    const full = join(dir, 'full-out');
    mkdirSync(full);
    writeFileSync(join(full, 'keep.txt'), 'mine');
    const e = await failure(convertSqlite({ sqlite: file, output: full }));
    expect(e.code).toBe('OUTPUT_NOT_EMPTY');
    expect(readFileSync(join(full, 'keep.txt'), 'utf8')).toBe('mine');
    const empty = join(dir, 'empty-out');
    mkdirSync(empty);
    await convertSqlite({ sqlite: file, output: empty });
    expect(existsSync(join(empty, 'heliosdb.json'))).toBe(true);
  });
});
