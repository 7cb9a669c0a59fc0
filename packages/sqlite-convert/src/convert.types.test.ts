import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Storage } from '@heliosdb/storage';
import { formatTypeName } from '@heliosdb/types';
import { SqliteConvertError, convertSqlite } from './index.js';
import { tempDir } from './test-support/temp.js';
import { compareWithCli, sqliteCli } from './test-support/witness.js';

const dir = tempDir();

function build(name: string, sql: string, fill?: (db: Database.Database) => void): string {
  const file = join(dir, name);
  const db = new Database(file);
  db.exec(sql);
  fill?.(db);
  db.close();
  return file;
}

function open(out: string): { storage: Storage; types: (t: string) => Record<string, string>; rows: (t: string) => unknown[][] } {
  const storage = Storage.open({ dir: out, readOnly: true });
  return {
    storage,
    types: (t) => {
      const s = storage.snapshot();
      try {
        return Object.fromEntries(s.table(t).columns.map((c) => [c.name, formatTypeName(c.type)]));
      } finally {
        s.close();
      }
    },
    rows: (t) => {
      const s = storage.snapshot();
      try {
        return [...s.scan(s.table(t))].map((r) => [...r.values]);
      } finally {
        s.close();
      }
    },
  };
}

const EVERY_TYPE = `
  CREATE TABLE every_type (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    i INT, ti TINYINT, si SMALLINT, mi MEDIUMINT, bi BIGINT, ui UNSIGNED BIG INT,
    vc VARCHAR(10), nvc NVARCHAR(5), ch CHAR(3), t TEXT, cl CLOB,
    r REAL, d DOUBLE, dp DOUBLE PRECISION, f FLOAT,
    money_ok DECIMAL(10,2), dec DECIMAL(10,2), num NUMERIC, money MONEY,
    b BOOLEAN, dt DATE, dtt DATETIME, ts TIMESTAMP, tz TIMESTAMP,
    bl BLOB, js JSON, nt, odd STRING, ints_only WHATEVER
  );`;

describe('type mapping: every affinity and the common names', () => {
  const file = build('types.db', EVERY_TYPE, (db) => {
    db.defaultSafeIntegers(true);
    const ins = db.prepare(`INSERT INTO every_type VALUES (${Array(30).fill('?').join(',')})`);
    const blob = Buffer.from([0, 1, 2, 255]);
    ins.run(1n, 1, 1, -32768, 8388607, 9223372036854775807n, -9223372036854775808n, 'héllo', 'ab', 'xy', 'Grüße 🌍 中文', 'clob',
      1.5, -0.0, 1e300, 3, 19.99, 0.1 + 0.2, '12345678901234567890.123456789', 5, 1, '2024-02-29', '2024-02-29 13:45:10',
      '2024-02-29T13:45:10.123456', '2024-02-29T13:45:10Z', blob, '{"b": [1, 2], "a": null}', 7n, 1.25, 42);
    ins.run(5n, -2147483648, 127, 32767, 0, 0, 0, '', '', '', '', '', -1.5, 2.5e-300, 0, -7, 5, 1234.5, -0.5, 0, 0, '1970-01-01',
      '1999-12-31 23:59', '2000-01-01 00:00:00', '2000-01-01 00:00:00+02:00', Buffer.alloc(0), '[]', 8n, 2, -42);
    // NULLs everywhere, with a rowid gap before it.
    db.prepare('INSERT INTO every_type (id) VALUES (1000000)').run();
    // AUTOINCREMENT remembers a deleted larger rowid: the sequence must continue after it.
    db.prepare('INSERT INTO every_type (id) VALUES (2000000)').run();
    db.prepare('DELETE FROM every_type WHERE id = 2000000').run();
  });
  const out = join(dir, 'types-out');

  it('chooses each PostgreSQL type from the declared name and the values, and reports the decisions', async () => {
    const report = await convertSqlite({ sqlite: file, output: out });
    const { storage, types } = open(out);
    try {
      expect(types('every_type')).toEqual({
        id: 'bigint', i: 'integer', ti: 'smallint', si: 'smallint', mi: 'integer', bi: 'bigint', ui: 'bigint',
        vc: 'character varying(10)', nvc: 'character varying(5)', ch: 'character varying(3)', t: 'text', cl: 'text',
        r: 'double precision', d: 'double precision', dp: 'double precision', f: 'double precision',
        money_ok: 'numeric(10,2)', dec: 'numeric', num: 'numeric', money: 'numeric',
        b: 'boolean', dt: 'date', dtt: 'timestamp without time zone', ts: 'timestamp without time zone',
        tz: 'timestamp with time zone', bl: 'bytea', js: 'jsonb', nt: 'bigint', odd: 'double precision', ints_only: 'bigint',
      });
      const cols = report.tables[0]!.columns;
      expect(cols.find((c) => c.name === 'dec')!.warnings.join()).toMatch(/more than numeric\(10,2\) holds/);
      expect(cols.find((c) => c.name === 'dec')!.notes.join()).toMatch(/REAL value\(s\).*shortest exact decimal/);
      expect(cols.find((c) => c.name === 'ch')!.notes.join()).toMatch(/blank-pad/);
      expect(cols.find((c) => c.name === 'id')!.notes.join()).toMatch(/rowid alias/);
    } finally {
      storage.close();
    }
  });

  it('stores every value exactly as the sqlite3 CLI prints it', () => {
    const cmp = compareWithCli(file, out);
    expect(cmp.problems).toEqual([]);
    expect(cmp.rows).toBe(3);
  });

  it('keeps exact decimals: REAL 19.99 and 0.1+0.2 in NUMERIC columns are their shortest decimal text, never a float; 64-bit integers and unicode intact', () => {
    const { storage, rows, types } = open(out);
    try {
      const [r1, r2] = rows('every_type');
      const names = Object.keys(types('every_type'));
      const col = (name: string): number => names.indexOf(name);
      expect(r1![col('money_ok')]).toBe('19.99');
      expect(r2![col('money_ok')]).toBe('5.00');
      expect(r1![col('dec')]).toBe('0.30000000000000004');
      // NUMERIC affinity had already made this text a REAL in SQLite (15 significant digits kept): its double, exactly.
      expect(r1![col('num')]).toBe('12345678901234567000');
      expect(r1![col('bi')]).toBe(9223372036854775807n);
      expect(r1![col('ui')]).toBe(-9223372036854775808n);
      expect(r1![col('t')]).toBe('Grüße 🌍 中文');
    } finally {
      storage.close();
    }
  });

  it('sets the rowid sequence past the largest rowid and AUTOINCREMENT high-water mark', async () => {
    const storage = Storage.open({ dir: out });
    try {
      let next = 0n;
      await storage.write((tx) => {
        next = tx.nextval(tx.catalog.sequence('every_type_id_seq'));
      });
      expect(next).toBe(2000001n);
    } finally {
      storage.close();
    }
  });
});

describe('mixed-type columns', () => {
  const file = build('mixed.db', 'CREATE TABLE stock (id INTEGER PRIMARY KEY, sku TEXT, qty INTEGER, price REAL)', (db) => {
    const ins = db.prepare('INSERT INTO stock VALUES (?, ?, ?, ?)');
    ins.run(1, 'a', 10, 1.5);
    ins.run(2, 'b', 20, 2);
    ins.run(7, 'c', 'n/a', 3.25);
    ins.run(9, 'd', 12.5, Buffer.from('xyz'));
  });

  it('widen (the default) makes the column text, keeps every value exactly, and reports where', async () => {
    const out = join(dir, 'mixed-widen');
    const report = await convertSqlite({ sqlite: file, output: out });
    const { storage, types, rows } = open(out);
    try {
      expect(types('stock')).toMatchObject({ qty: 'text', price: 'text' });
      expect(rows('stock').map((r) => r[2])).toEqual(['10', '20', 'n/a', '12.5']);
      expect(rows('stock').map((r) => r[3])).toEqual(['1.5', '2.0', '3.25', '\\x78797a']);
      expect(report.warnings.join('\n')).toContain('stock: column "qty": mixed types: 1 text value(s) where an integer expected (first at rowid 7)');
    } finally {
      storage.close();
    }
    expect(compareWithCli(file, out).problems).toEqual([]);
  });

  it('fail stops with the table, column, rowid and value, and leaves no output directory', async () => {
    const out = join(dir, 'mixed-fail');
    const err = await convertSqlite({ sqlite: file, output: out, onMixedTypes: 'fail' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SqliteConvertError);
    expect((err as SqliteConvertError).code).toBe('MIXED_TYPES');
    expect((err as Error).message).toBe(
      `sqlite convert: table "stock" column "qty" (declared INTEGER): rowid 7 holds text 'n/a' where an integer is expected`,
    );
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('mixed-fail'))).toEqual([]);
  });
});

describe('edges', () => {
  it('copies a 10 MB blob, quoted and odd identifiers, and rows with NULL in every column', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4) big.writeUInt32LE((i * 2654435761) >>> 0, i);
    const file = build(
      'edges.db',
      `CREATE TABLE "Order Items" ("Unit Price" NUMERIC(8,2), "select" TEXT, "ÜberName" TEXT, [CamelCase] INTEGER, \`from\` BLOB);
       CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB);
       CREATE TABLE "t""q" (x);`,
      (db) => {
        db.prepare('INSERT INTO "Order Items" VALUES (9.99, \'s\', \'ü\', 1, x\'00\')').run();
        db.prepare('INSERT INTO "Order Items" VALUES (NULL, NULL, NULL, NULL, NULL)').run();
        db.prepare('INSERT INTO blobs VALUES (1, ?)').run(big);
        db.prepare('INSERT INTO "t""q" VALUES (NULL)').run();
      },
    );
    const out = join(dir, 'edges-out');
    await convertSqlite({ sqlite: file, output: out });
    const { storage, types, rows } = open(out);
    try {
      expect(Object.keys(types('Order Items'))).toEqual(['Unit Price', 'select', 'ÜberName', 'CamelCase', 'from']);
      expect(types('t"q')).toEqual({ x: 'text' });
      const blob = rows('blobs')[0]![1] as Uint8Array;
      expect(Buffer.from(blob).equals(big)).toBe(true);
    } finally {
      storage.close();
    }
    expect(compareWithCli(file, out).problems).toEqual([]);
  });

  it('converts only --tables, or all but --exclude, and refuses an unknown name', async () => {
    const file = build('pick.db', 'CREATE TABLE a (x INTEGER); CREATE TABLE b (y TEXT); CREATE TABLE c (z REAL); CREATE VIEW vb AS SELECT y FROM b;');
    const r1 = await convertSqlite({ sqlite: file, output: join(dir, 'pick1'), tables: ['a', 'b'] });
    expect(r1.tables.map((t) => t.name)).toEqual(['a', 'b']);
    expect(r1.views.map((v) => v.name)).toEqual(['vb']);
    const r2 = await convertSqlite({ sqlite: file, output: join(dir, 'pick2'), exclude: ['b'] });
    expect(r2.tables.map((t) => t.name)).toEqual(['a', 'c']);
    expect(r2.skipped.find((s) => s.name === 'vb')?.reason).toMatch(/not converted: b/);
    await expect(convertSqlite({ sqlite: file, output: join(dir, 'pick3'), tables: ['nope'] })).rejects.toThrow(/no table "nope"/);
    expect(existsSync(join(dir, 'pick3'))).toBe(false);
  });

  it('stores INTEGER PRIMARY KEY rows under the keys storage looks them up by: 64-bit extremes, negatives, gaps, over many transactions', async () => {
    const ids = [-(2n ** 63n), -(2n ** 32n), -5n, -1n, 0n, 1n, 7n, 255n, 256n, 2n ** 53n + 1n, 2n ** 63n - 1n];
    for (let i = 0n; i < 40n; i++) ids.push(1000n + i * 3n);
    const file = build('keys.db', 'CREATE TABLE k (id INTEGER PRIMARY KEY, v TEXT NOT NULL)', (db) => {
      const ins = db.prepare('INSERT INTO k VALUES (?, ?)');
      for (const id of [...ids].reverse()) ins.run(id, `row ${id}`);
    });
    const out = join(dir, 'keys-out');
    await convertSqlite({ sqlite: file, output: out, batchRows: 7 });
    // The witness: the sqlite3 CLI's id and v of every row; each must be found by primary-key lookup.
    const cli = sqliteCli(file, 'SELECT id, v FROM k').split('\x1e').filter((l) => l !== '').map((l) => l.split('\x1f'));
    expect(cli.length).toBe(ids.length);
    const storage = Storage.open({ dir: out, readOnly: true });
    const snap = storage.snapshot();
    try {
      const k = snap.table('k');
      for (const [id, v] of cli) expect(snap.get(k, [BigInt(id!)])).toEqual([BigInt(id!), v]);
      expect(snap.get(k, [2n])).toBeNull();
      expect([...snap.scan(k)].map((r) => r.values[0])).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    } finally {
      snap.close();
      storage.close();
    }
  });

  it.each([
    ['after the sync', undefined],
    ['in a worker thread beside the index build', 0],
  ])('fails verification, leaving nothing, when two keys SQLite keeps apart become one (1 and \'1\' widened to text); stored side %s', async (_how, verifyThreadRows) => {
    const name = `collide-${verifyThreadRows ?? 'after'}`;
    const file = build(`${name}.db`, 'CREATE TABLE k (id PRIMARY KEY, v TEXT); CREATE INDEX kv ON k(v)', (db) => {
      db.prepare("INSERT INTO k VALUES (1, 'integer one')").run();
      db.prepare("INSERT INTO k VALUES ('1', 'text one')").run();
    });
    const out = join(dir, `${name}-out`);
    const err = await convertSqlite({ sqlite: file, output: out, verifyThreadRows }).catch((e: unknown) => e);
    expect((err as SqliteConvertError).code).toBe('VERIFY_FAILED');
    expect((err as SqliteConvertError).detail).toMatch(/table "k": SQLite 2 rows, checksum [0-9a-f]{16}; stored 1 rows/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes(`${name}-out`))).toEqual([]);
  });

  // UNIQUE constraints and indexes are built after the copy from sorted entries (storage's createIndexesSorted);
  // these pin what the converter did when every row went in with its index entries.
  it.each([
    ['a UNIQUE column', 'CREATE TABLE u (id INTEGER PRIMARY KEY, x UNIQUE)', 'u', 'u_x_key', 'x'],
    ['a CREATE UNIQUE INDEX', 'CREATE TABLE u (id INTEGER PRIMARY KEY, x); CREATE UNIQUE INDEX ux ON u(x)', 'u', 'ux', 'x'],
    ['a table without a rowid alias', 'CREATE TABLE u (k TEXT, x UNIQUE)', 'u', 'u_x_key', 'x'],
  ])('fails with the duplicate-key error and leaves nothing when values SQLite keeps apart collide in %s', async (_what, sql, table, index, column) => {
    const file = build(`dup-${index}-${table}-${sql.length}.db`, sql, (db) => {
      const cols = sql.includes('k TEXT') ? '(k, x)' : '(id, x)';
      const ins = db.prepare(`INSERT INTO u ${cols} VALUES (?, ?)`);
      for (let i = 1; i <= 2500; i++) ins.run(sql.includes('k TEXT') ? `k${i}` : i, i === 1000 ? 7n : i === 2000 ? '7' : `v${i}`);
      for (let i = 0; i < 5; i++) ins.run(sql.includes('k TEXT') ? `n${i}` : 3000 + i, null);
    });
    const out = join(dir, `dup-out-${index}-${sql.length}`);
    // The verification's worker is running while the index build fails: it is stopped before the directory goes.
    const err = await convertSqlite({ sqlite: file, output: out, batchRows: 700, verifyThreadRows: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SqliteConvertError);
    expect((err as SqliteConvertError).code).toBe('UNREPRESENTABLE');
    expect((err as Error).message).toBe(`sqlite convert: table "${table}": duplicate key value violates unique constraint "${index}"`);
    expect((err as SqliteConvertError).detail).toBe(`Key (${column})=(7) already exists.`);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes(`dup-out-${index}-${sql.length}`))).toEqual([]);
  });

  it('keeps NULLs in UNIQUE columns, builds indexes that find rows and enforce uniqueness, and lists foreign keys SQLite rows violate', async () => {
    const file = build(
      'unique-nulls.db',
      `CREATE TABLE p (id INTEGER PRIMARY KEY, code TEXT UNIQUE, a INTEGER, b TEXT, UNIQUE (a, b));
       CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id), code TEXT REFERENCES p(code), note TEXT);
       CREATE INDEX c_note ON c(note);`,
      (db) => {
        db.pragma('foreign_keys = OFF');
        const ip = db.prepare('INSERT INTO p VALUES (?, ?, ?, ?)');
        for (let i = 1; i <= 3000; i++) ip.run(i, i % 10 === 0 ? null : `code-${(i * 7919) % 10007}`, i % 3 === 0 ? null : i, i % 3 === 0 ? 'same' : null);
        const ic = db.prepare('INSERT INTO c VALUES (?, ?, ?, ?)');
        for (let i = 1; i <= 4000; i++) ic.run(i, 1 + (i % 3000), null, `note ${i % 50}`);
        // A child whose parent code does not exist (SQLite does not enforce foreign keys unless asked).
        ic.run(4001, 1, 'no such code', 'orphan');
      },
    );
    const out = join(dir, 'unique-nulls-out');
    const report = await convertSqlite({ sqlite: file, output: out, batchRows: 999 });
    expect(report.indexes.map((i) => i.name).sort()).toEqual(['c_note', 'p_a_b_key', 'p_code_key']);
    expect(report.foreignKeys).toBe(1);
    expect(report.skipped.filter((x) => x.kind === 'foreign key').map((x) => [x.name, x.reason])).toEqual([
      ['c(code)', 'existing rows violate it in SQLite (PRAGMA foreign_key_check); SQLite does not enforce foreign keys unless asked'],
    ]);
    expect(compareWithCli(file, out).problems).toEqual([]);
    const storage = Storage.open({ dir: out });
    try {
      const snap = storage.snapshot();
      expect([...snap.indexScan(snap.index('p_code_key'), { eq: [`code-${(5 * 7919) % 10007}`] })].map((r) => r.values[0])).toEqual([5n]);
      expect([...snap.indexScan(snap.index('c_note'), { eq: ['note 7'] })].length).toBe(80);
      expect([...snap.indexScan(snap.index('p_code_key'))].length).toBe(3000);
      snap.close();
      const attempt = (fn: Parameters<Storage['write']>[0]): Promise<string> => storage.write(fn).then(() => 'ok', (e: { code: string }) => e.code);
      // NULLs stay many; a duplicate non-null value is refused; the foreign key kept is enforced.
      expect(await attempt((tx) => tx.insert(tx.table('p'), [5000n, null, null, 'same']))).toBe('ok');
      expect(await attempt((tx) => tx.insert(tx.table('p'), [5001n, `code-${(5 * 7919) % 10007}`, null, null]))).toBe('23505');
      expect(await attempt((tx) => tx.insert(tx.table('p'), [5002n, null, 1, null]))).toBe('ok');
      expect(await attempt((tx) => tx.insert(tx.table('p'), [5003n, null, 2, null]))).toBe('ok');
      expect(await attempt((tx) => tx.insert(tx.table('c'), [9000n, 99999n, null, null]))).toBe('23503');
    } finally {
      storage.close();
    }
  });

  it('copies again, under the types every value decides, a table whose declared types did not predict its values (late in the copy, or through a foreign key)', async () => {
    const file = build(
      'predict.db',
      `CREATE TABLE child (id INTEGER PRIMARY KEY, parent_code INTEGER REFERENCES parent(code), k INT NOT NULL);
       CREATE TABLE parent (id INTEGER PRIMARY KEY, code INTEGER UNIQUE, at TIMESTAMP);
       CREATE TABLE late (id INTEGER PRIMARY KEY, n INTEGER, s VARCHAR(3), m NUMERIC(4,1));
       CREATE TABLE plain (id INTEGER PRIMARY KEY, n INTEGER, s VARCHAR(3), m NUMERIC(4,1), at TIMESTAMP);
       CREATE TABLE bycontent (id INTEGER PRIMARY KEY, u);
       CREATE TABLE nokey (a INTEGER, b TEXT, PRIMARY KEY (a, b)) WITHOUT ROWID;`,
      (db) => {
        // The parent's code is an integer up to its last row, which is text: the column widens, and so must the
        // child's, whose own values the prediction took (copied, then copied again).
        const ip = db.prepare('INSERT INTO parent VALUES (?, ?, ?)');
        for (let i = 1; i <= 50; i++) ip.run(i, i, '2024-01-01 10:00:00');
        ip.run(51, 'code-51', 'not a time');
        const ins = (sql: string) => db.prepare(sql);
        const [ic, il, ipl, ib, ik] = ['child VALUES (?, ?, ?)', 'late VALUES (?, ?, ?, ?)', 'plain VALUES (?, ?, ?, ?, ?)', 'bycontent VALUES (?, ?)', 'nokey VALUES (?, ?)'].map(
          (x) => ins(`INSERT INTO ${x}`),
        );
        for (let i = 1; i <= 2500; i++) {
          ic!.run(i, 1 + (i % 50), i);
          // Late in the copy (after several batches): an int8 value, a 4-character text, a number beyond numeric(4,1).
          il!.run(i, i === 2400 ? 2 ** 40 : i, i === 2450 ? 'abcd' : 'abc', i === 2300 ? 12345.5 : 1.5);
          ipl!.run(i, i, i < 2000 ? 'x' : 'xy', 2.5, `2024-01-01 00:00:${String(i % 60).padStart(2, '0')}`);
          ib!.run(i, i === 2499 ? 'n/a' : i);
          ik!.run(i, `k${i}`);
        }
      },
    );
    const out = join(dir, 'predict-out');
    const report = await convertSqlite({ sqlite: file, output: out, batchRows: 300, verifyThreadRows: 0 });
    const o = open(out);
    try {
      expect(o.types('child')).toEqual({ id: 'bigint', parent_code: 'text', k: 'integer' });
      expect(o.types('parent')).toEqual({ id: 'bigint', code: 'text', at: 'text' });
      expect(o.types('late')).toEqual({ id: 'bigint', n: 'bigint', s: 'text', m: 'numeric' });
      expect(o.types('plain')).toEqual({ id: 'bigint', n: 'integer', s: 'character varying(3)', m: 'numeric(4,1)', at: 'timestamp without time zone' });
      expect(o.types('bycontent')).toEqual({ id: 'bigint', u: 'text' });
      expect(o.types('nokey')).toEqual({ a: 'integer', b: 'text' });
      expect(o.rows('child').length).toBe(2500);
    } finally {
      o.storage.close();
    }
    expect(report.tables.map((t) => [t.name, t.rows])).toEqual([
      ['child', 2500],
      ['parent', 51],
      ['late', 2500],
      ['plain', 2500],
      ['bycontent', 2500],
      ['nokey', 2500],
    ]);
    expect(report.foreignKeys).toBe(1);
    expect(compareWithCli(file, out).problems).toEqual([]);
  });

  it('trusts SQLite\'s foreign-key check only for integer keys: a key SQLite matches by affinity (5.0 = 5) is still checked on the converted values', async () => {
    const file = build(
      'fk-affinity.db',
      `CREATE TABLE p (id INTEGER PRIMARY KEY);
       CREATE TABLE q (id INTEGER PRIMARY KEY);
       CREATE TABLE c (id INTEGER PRIMARY KEY, p_id REFERENCES p(id), q_id INTEGER REFERENCES q(id));`,
      (db) => {
        db.pragma('foreign_keys = ON');
        for (let i = 1; i <= 10; i++) db.prepare('INSERT INTO p VALUES (?)').run(i);
        for (let i = 1; i <= 10; i++) db.prepare('INSERT INTO q VALUES (?)').run(i);
        // 5.0 in an untyped column stays a REAL; SQLite finds its parent 5 (the parent's INTEGER affinity applies).
        db.prepare('INSERT INTO c VALUES (1, 5.0, 5)').run();
        db.prepare('INSERT INTO c VALUES (2, 2.0, 3)').run();
      },
    );
    const out = join(dir, 'fk-affinity-out');
    const report = await convertSqlite({ sqlite: file, output: out });
    // p_id: REAL values, so both sides become text ('5.0' vs '5'): storage checks the rows and refuses the key.
    const o = open(out);
    try {
      expect(o.types('c')).toMatchObject({ p_id: 'text', q_id: 'bigint' });
    } finally {
      o.storage.close();
    }
    expect(report.skipped.filter((x) => x.kind === 'foreign key').map((x) => [x.name, x.reason])).toEqual([['c(p_id)', 'insert or update on table "c" violates foreign key constraint "c_p_id_fkey"']]);
    // q_id: integers on both sides, which SQLite's check (clean) proves; the key is kept and enforced.
    expect(report.foreignKeys).toBe(1);
    expect(compareWithCli(file, out).problems).toEqual([]);
    const storage = Storage.open({ dir: out });
    try {
      const code = await storage.write((tx) => tx.insert(tx.table('c'), [3n, null, 11n])).then(() => 'ok', (e: { code: string }) => e.code);
      expect(code).toBe('23503');
    } finally {
      storage.close();
    }
  });
});
