/**
 * Real SQLite files that nobody on this project wrote, taken from Debian packages (fetched with apt-get download
 * and unpacked with dpkg -x, nothing installed) into a cache under the OS temp directory:
 * - proj-data: /usr/share/proj/proj.db (PROJ's EPSG database: WITHOUT ROWID tables, composite keys, CHECKs,
 *   foreign keys, views, triggers, INTEGER_OR_TEXT mixed-type columns)
 * - ibus-table-cangjie5: cangjie5.db (input-method tables, rowid tables without keys)
 * - ibus-libpinyin: english.db and table.db (a table named "desc", DEFAULTs, FLOAT columns)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CACHE = join(tmpdir(), 'heliosdb-sqlite-fixtures');

export const DEBIAN_FIXTURES = [
  { pkg: 'proj-data', file: 'usr/share/proj/proj.db' },
  { pkg: 'ibus-table-cangjie5', file: 'usr/share/ibus-table/tables/cangjie5.db' },
  { pkg: 'ibus-libpinyin', file: 'usr/share/ibus-libpinyin/db/english.db' },
  { pkg: 'ibus-libpinyin', file: 'usr/share/ibus-libpinyin/db/table.db' },
] as const;

/** The path of a fixture, downloading its package on first use; null (with the reason) when apt cannot fetch it. */
export function debianFixture(pkg: string, file: string): { path: string } | { skip: string } {
  const dir = join(CACHE, pkg);
  const path = join(dir, 'root', file);
  if (existsSync(path)) return { path };
  try {
    mkdirSync(dir, { recursive: true });
    try {
      execFileSync('apt-get', ['download', pkg], { cwd: dir, stdio: 'pipe' });
    } catch {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'pipe' });
      execFileSync('apt-get', ['download', pkg], { cwd: dir, stdio: 'pipe' });
    }
    const deb = readdirSync(dir).find((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'));
    if (!deb) return { skip: `apt-get download ${pkg} produced no .deb` };
    execFileSync('dpkg', ['-x', join(dir, deb), join(dir, 'root')], { stdio: 'pipe' });
  } catch (e) {
    return { skip: `cannot fetch Debian package ${pkg}: ${(e as Error).message.split('\n')[0]}` };
  }
  return existsSync(path) ? { path } : { skip: `${pkg} has no ${file}` };
}
