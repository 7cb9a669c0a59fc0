import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Storage } from '@heliosdb/storage';
import { type ConversionReport, convertSqlite } from './index.js';
import { DEBIAN_FIXTURES, debianFixture } from './test-support/debian-fixtures.js';
import { tempDir } from './test-support/temp.js';
import { cliTables, compareWithCli, sqliteCli } from './test-support/witness.js';

const work = tempDir();

describe.each(DEBIAN_FIXTURES)('real SQLite file $file from Debian package $pkg', ({ pkg, file }) => {
  const fx = debianFixture(pkg, file);
  const run = 'path' in fx ? it : it.skip;
  if (!('path' in fx)) console.warn(`skipped: ${fx.skip}`);
  const out = join(work, `${pkg}-${file.replace(/\W/g, '_')}`);
  let report: ConversionReport;

  run('converts, and every table equals what the sqlite3 CLI prints', async () => {
    const src = (fx as { path: string }).path;
    report = await convertSqlite({ sqlite: src, output: out });
    const tables = cliTables(src);
    expect(report.tables.map((t) => t.name).sort()).toEqual(tables);
    for (const t of report.tables) {
      expect(t.rows).toBe(Number(sqliteCli(src, `SELECT count(*) FROM "${t.name.replace(/"/g, '""')}"`).replace(/\x1e$/, '')));
    }
    const cmp = compareWithCli(src, out, tables);
    expect(cmp.problems).toEqual([]);
    expect(cmp.rows).toBe(report.totalRows);
    // No temporary sibling is left next to the output.
    expect(readdirSync(dirname(out)).filter((n) => n.includes('.converting-'))).toEqual([]);
  });

  if (pkg === 'proj-data') {
    run('keeps proj.db objects: WITHOUT ROWID keys, foreign keys, views; lists triggers as skipped with their SQL', async () => {
      const src = (fx as { path: string }).path;
      const triggers = sqliteCli(src, "SELECT name FROM sqlite_schema WHERE type='trigger' ORDER BY name").split('\x1e').filter(Boolean);
      const skippedTriggers = report.skipped.filter((s) => s.kind === 'trigger');
      expect(skippedTriggers.map((s) => s.name).sort()).toEqual(triggers);
      expect(skippedTriggers.every((s) => s.sql.startsWith('CREATE TRIGGER'))).toBe(true);
      const views = sqliteCli(src, "SELECT name FROM sqlite_schema WHERE type='view' ORDER BY name").split('\x1e').filter(Boolean);
      expect([...report.views.map((v) => v.name), ...report.skipped.filter((s) => s.kind === 'view').map((s) => s.name)].sort()).toEqual(views);
      const storage = Storage.open({ dir: out, readOnly: true });
      const snap = storage.snapshot();
      try {
        const meta = snap.table('metadata');
        expect(meta.primaryKey?.columns.map((i) => meta.columns[i]!.name)).toEqual(['key']);
        const uom = snap.table('unit_of_measure');
        expect(uom.primaryKey?.columns.map((i) => uom.columns[i]!.name)).toEqual(['auth_name', 'code']);
        // code is INTEGER_OR_TEXT holding 'DM' and 9001: widened to text, reported.
        expect(uom.columns.find((c) => c.name === 'code')!.type.name).toBe('text');
        expect(report.warnings.some((w) => w.startsWith('unit_of_measure: column "code": mixed types'))).toBe(true);
        expect(snap.get(uom, ['EPSG', '9001'])?.[2]).toBe('metre');
        const fkCount = Number(sqliteCli(src, "SELECT count(*) FROM sqlite_schema s, pragma_foreign_key_list(s.name) f WHERE s.type='table' AND f.seq=0").replace(/\x1e$/, ''));
        const storedFks = snap.catalog.tables.reduce((a, t) => a + t.foreignKeys.length, 0);
        expect(storedFks + report.skipped.filter((s) => s.kind === 'foreign key').length).toBe(fkCount);
        expect(storedFks).toBeGreaterThan(40);
        expect(snap.catalog.views.length).toBe(report.views.length);
      } finally {
        snap.close();
        storage.close();
      }
    });
  }
});
