import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { type AutoConnection, connectWithAutoConversion } from './index.js';
import { tempDir } from './test-support/temp.js';

const dir = tempDir();

async function rows(db: AutoConnection['database'], table: string): Promise<unknown[][]> {
  return (await db.query(`SELECT * FROM ${table} ORDER BY 1`)).rows;
}

describe('connectWithAutoConversion', () => {
  const file = join(dir, 'legacy_app.sqlite');
  const db = new Database(file);
  db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('first')");
  db.close();

  it('converts on first use, reuses while the file is unchanged, converts again when it changed', async () => {
    const first = await connectWithAutoConversion({ sqlitePath: file });
    expect(first.converted).toBe(true);
    expect(first.dataDir).toBe(join(dir, 'legacy_app.heliosdb'));
    expect(await rows(first.database, 'notes')).toEqual([[1n, 'first']]);
    await first.database.close();

    const second = await connectWithAutoConversion({ sqlitePath: file });
    expect(second.converted).toBe(false);
    expect(second.messages[0]).toMatch(/unchanged/);
    // The SQL API on the converted data: the rowid's sequence continues past the source's rows.
    const added = await second.database.query("INSERT INTO notes (body) VALUES ('added here') RETURNING id");
    expect(added.rows).toEqual([[2n]]);
    await second.database.close();

    const w = new Database(file);
    w.exec("INSERT INTO notes (body) VALUES ('second')");
    w.close();
    const third = await connectWithAutoConversion({ sqlitePath: file });
    expect(third.converted).toBe(true);
    expect(third.messages[0]).toMatch(/changed/);
    // A new conversion of the changed source: what was written into the old conversion is gone with it.
    expect(await rows(third.database, 'notes')).toEqual([
      [1n, 'first'],
      [2n, 'second'],
    ]);
    await third.database.close();
  });

  it('never overwrites a directory it did not make', async () => {
    const other = join(dir, 'someone-elses');
    mkdirSync(other);
    writeFileSync(join(other, 'data.txt'), 'keep');
    await expect(connectWithAutoConversion({ sqlitePath: file, dataDir: other })).rejects.toThrow(/is not a conversion of/);
    expect(existsSync(join(other, 'data.txt'))).toBe(true);
  });
});
