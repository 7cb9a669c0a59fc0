/**
 * Opening a SQLite file for conversion: header checks before SQLite touches it, then a read-only connection with
 * one read transaction held for the whole conversion (so a WAL database, or one another process writes to, is
 * read at one point in time), then PRAGMA quick_check / integrity_check.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { LOCKED_MESSAGE, SqliteConvertError } from '../errors.js';

export const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export interface SqliteHeader {
  readonly pageSize: number;
  /** 1 = rollback journal, 2 = WAL (write and read format versions, bytes 18 and 19). */
  readonly writeVersion: number;
  readonly readVersion: number;
  readonly pageCount: number;
  readonly changeCounter: number;
  /** 1 UTF-8, 2 UTF-16le, 3 UTF-16be. */
  readonly textEncoding: number;
  readonly sizeBytes: number;
}

export type CheckMode = 'quick' | 'full';

export interface ValidationResult {
  readonly path: string;
  readonly header: SqliteHeader;
  readonly journalMode: string;
  readonly sqliteVersion: string;
  readonly check: { readonly mode: CheckMode; readonly ok: boolean; readonly rows: readonly string[] };
  readonly counts: { readonly tables: number; readonly views: number; readonly indexes: number; readonly triggers: number };
}

/** Reads and checks the 100-byte database header. Throws NOT_FOUND / NOT_SQLITE. */
export function readHeader(path: string): SqliteHeader {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new SqliteConvertError('NOT_FOUND', `sqlite: ${path} is not a regular file`);
    size = st.size;
  } catch (e) {
    if (e instanceof SqliteConvertError) throw e;
    throw new SqliteConvertError('NOT_FOUND', `sqlite: cannot read ${path}: ${(e as Error).message}`);
  }
  const buf = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  let n: number;
  try {
    n = readSync(fd, buf, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  const notSqlite = (why: string): SqliteConvertError =>
    new SqliteConvertError('NOT_SQLITE', `sqlite: ${path} is not a SQLite 3 database: ${why}`, {
      hint: 'an encrypted database (SQLCipher, SEE) must be decrypted first; otherwise check the path',
    });
  if (n < 100) throw notSqlite(`the file has ${size} bytes, less than the 100-byte header`);
  if (!buf.subarray(0, 16).equals(SQLITE_MAGIC)) {
    throw notSqlite(`the first 16 bytes are ${buf.subarray(0, 16).toString('hex')}, not "SQLite format 3\\0" (encrypted or another format)`);
  }
  const rawPage = buf.readUInt16BE(16);
  const pageSize = rawPage === 1 ? 65536 : rawPage;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) throw notSqlite(`header page size ${rawPage} is not a power of two from 512 to 65536`);
  const writeVersion = buf[18]!;
  const readVersion = buf[19]!;
  if (writeVersion < 1 || writeVersion > 2 || readVersion < 1 || readVersion > 2) {
    throw notSqlite(`header file format versions ${writeVersion}/${readVersion} are not 1 (rollback) or 2 (WAL)`);
  }
  return {
    pageSize,
    writeVersion,
    readVersion,
    pageCount: buf.readUInt32BE(28),
    changeCounter: buf.readUInt32BE(24),
    textEncoding: buf.readUInt32BE(56),
    sizeBytes: size,
  };
}

export interface OpenSource {
  readonly db: Database.Database;
  readonly validation: ValidationResult;
  close(): void;
}

export interface OpenSourceOptions {
  readonly check?: CheckMode;
  /** How long to wait for another process's lock before reporting it (default 1000 ms). */
  readonly lockTimeoutMs?: number;
}

/** Opens read-only, begins a read transaction and runs the integrity check. Throws on anything a conversion must not start with. */
export function openSource(path: string, options: OpenSourceOptions = {}): OpenSource {
  const header = readHeader(path);
  const mode = options.check ?? 'quick';
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: options.lockTimeoutMs ?? 1000 });
  } catch (e) {
    throw sqliteFailure(path, e);
  }
  try {
    db.defaultSafeIntegers(true);
    db.exec('BEGIN');
    const counts = db
      .prepare(
        "SELECT count(*) FILTER (WHERE type='table') AS tables, count(*) FILTER (WHERE type='view') AS views, " +
          "count(*) FILTER (WHERE type='index') AS indexes, count(*) FILTER (WHERE type='trigger') AS triggers FROM sqlite_schema",
      )
      .safeIntegers(false)
      .get() as ValidationResult['counts'];
    const journalMode = String(db.pragma('journal_mode', { simple: true }));
    const rows = (db.prepare(mode === 'full' ? 'PRAGMA integrity_check' : 'PRAGMA quick_check').raw(true).all() as unknown[][]).map((r) =>
      String(r[0]),
    );
    const ok = rows.length === 1 && rows[0] === 'ok';
    if (!ok) {
      throw new SqliteConvertError('CORRUPT', `sqlite: ${path} failed PRAGMA ${mode === 'full' ? 'integrity_check' : 'quick_check'} (${rows.length} problem(s))`, {
        detail: rows.join('\n'),
        hint: 'restore the file from a backup, or run sqlite3 .recover into a new file and convert that',
      });
    }
    const sqliteVersion = String(db.prepare('SELECT sqlite_version()').pluck().get());
    const validation: ValidationResult = { path, header, journalMode, sqliteVersion, check: { mode, ok, rows }, counts };
    return {
      db,
      validation,
      close: () => {
        if (db.inTransaction) db.exec('COMMIT');
        db.close();
      },
    };
  } catch (e) {
    db.close();
    throw sqliteFailure(path, e);
  }
}

/** SQLite's error codes -> the converter's: locked, not a database (encrypted), corrupt. */
export function sqliteFailure(path: string, e: unknown): Error {
  if (e instanceof SqliteConvertError) return e;
  const code = (e as { code?: string }).code ?? '';
  const msg = (e as Error).message ?? String(e);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new SqliteConvertError('LOCKED', `sqlite: ${path}: ${LOCKED_MESSAGE}`, { cause: e });
  }
  if (code === 'SQLITE_NOTADB') {
    return new SqliteConvertError('NOT_SQLITE', `sqlite: ${path} is not a database SQLite can read: ${msg}`, {
      hint: 'an encrypted database (SQLCipher, SEE) must be decrypted first',
      cause: e,
    });
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new SqliteConvertError('CORRUPT', `sqlite: ${path} is corrupt: ${msg}`, {
      hint: 'restore the file from a backup, or run sqlite3 .recover into a new file and convert that',
      cause: e,
    });
  }
  return e instanceof Error ? e : new Error(String(e));
}

/** Checks a SQLite file without converting it. Throws SqliteConvertError (NOT_FOUND, NOT_SQLITE, CORRUPT, LOCKED). */
export function validateSqliteDatabase(path: string, options: OpenSourceOptions = {}): ValidationResult {
  const src = openSource(path, options);
  src.close();
  return src.validation;
}
