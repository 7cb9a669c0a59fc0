import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { connectWithAutoConversion } from './index.js';
import { tempDir } from './test-support/temp.js';

const dir = tempDir();

function rows(storage: import('@heliosdb/storage').Storage, table: string): unknown[][] {
  const s = storage.snapshot();
  try {
    return [...s.scan(s.table(table))].map((r) => [...r.values]);
  } finally {
    s.close();
  }
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
    expect(rows(first.storage, 'notes')).toEqual([[1n, 'first']]);
    first.storage.close();

    const second = await connectWithAutoConversion({ sqlitePath: file });
    expect(second.converted).toBe(false);
    expect(second.messages[0]).toMatch(/unchanged/);
    second.storage.close();

    const w = new Database(file);
    w.exec("INSERT INTO notes (body) VALUES ('second')");
    w.close();
    const third = await connectWithAutoConversion({ sqlitePath: file });
    expect(third.converted).toBe(true);
    expect(third.messages[0]).toMatch(/changed/);
    expect(rows(third.storage, 'notes')).toEqual([
      [1n, 'first'],
      [2n, 'second'],
    ]);
    third.storage.close();
  });

  it('never overwrites a directory it did not make', async () => {
    const other = join(dir, 'someone-elses');
    mkdirSync(other);
    writeFileSync(join(other, 'data.txt'), 'keep');
    await expect(connectWithAutoConversion({ sqlitePath: file, dataDir: other })).rejects.toThrow(/is not a conversion of/);
    expect(existsSync(join(other, 'data.txt'))).toBe(true);
  });
});
