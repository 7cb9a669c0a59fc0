/**
 * Convert on first use: the SQLite file is converted into a data directory beside it, and later calls reuse that
 * conversion while the file is unchanged (size, mtime, header hash, WAL state) and convert again when it changed.
 * Returns the open embedded SQL `Database` (@heliosdb/sql) on the data directory.
 */
import { existsSync, readFileSync, readdirSync, renameSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Database } from '@heliosdb/sql';
import { type ConvertOptions, MARKER_FILE, convertSqlite } from './convert.js';
import { SqliteConvertError } from './errors.js';
import { removeQuietly, temporarySibling } from './output-dir.js';
import type { ConversionReport } from './report.js';
import { type SourceFingerprint, fingerprint, sameFingerprint } from './source/fingerprint.js';

export interface AutoConversionOptions extends Omit<ConvertOptions, 'sqlite' | 'output'> {
  readonly sqlitePath: string;
  /** Default: the SQLite file's name with `.heliosdb` instead of its extension, in the same directory. */
  readonly dataDir?: string;
}

export interface AutoConnection {
  /** The open embedded database (`await database.close()` when done). */
  readonly database: Database;
  readonly dataDir: string;
  /** True when this call converted (first use, or the file changed). */
  readonly converted: boolean;
  /** The conversion report when `converted`. */
  readonly report: ConversionReport | null;
  readonly messages: readonly string[];
}

interface Marker {
  readonly source?: string;
  readonly fingerprint?: SourceFingerprint;
}

export function defaultDataDir(sqlitePath: string): string {
  const abs = resolve(sqlitePath);
  return join(dirname(abs), `${basename(abs, extname(abs))}.heliosdb`);
}

export async function connectWithAutoConversion(options: AutoConversionOptions): Promise<AutoConnection> {
  const source = resolve(options.sqlitePath);
  const dataDir = resolve(options.dataDir ?? defaultDataDir(source));
  const now = fingerprint(source);
  const marker = readMarker(dataDir);
  if (marker && marker.source === source && marker.fingerprint && sameFingerprint(marker.fingerprint, now)) {
    return { database: await (await import('@heliosdb/sql')).Database.open({ dataDir }), dataDir, converted: false, report: null, messages: [`reusing ${dataDir}: ${source} is unchanged`] };
  }
  if (existsSync(dataDir) && marker && marker.source !== source) {
    throw new SqliteConvertError('OUTPUT_NOT_EMPTY', `sqlite convert: ${dataDir} holds a conversion of ${marker.source}, not of ${source}`, {
      hint: 'pass another dataDir',
    });
  }
  if (existsSync(dataDir) && !marker && !isEmptyDir(dataDir)) {
    throw new SqliteConvertError('OUTPUT_NOT_EMPTY', `sqlite convert: ${dataDir} exists and is not a conversion of ${source}`, {
      hint: 'pass another dataDir; an existing directory is never overwritten unless this converter made it',
    });
  }
  const { sqlitePath: _s, dataDir: _d, ...rest } = options;
  const staging = temporarySibling(dataDir);
  const report = await convertSqlite({ ...rest, sqlite: source, output: staging, fingerprint: now });
  const messages = [marker ? `${source} changed since the last conversion: converted again` : `converted ${source} on first use`];
  if (marker) {
    const old = temporarySibling(dataDir);
    renameSync(dataDir, old);
    renameSync(staging, dataDir);
    removeQuietly(old);
  } else {
    if (existsSync(dataDir)) removeQuietly(dataDir);
    renameSync(staging, dataDir);
  }
  return { database: await (await import('@heliosdb/sql')).Database.open({ dataDir }), dataDir, converted: true, report: { ...report, output: dataDir }, messages };
}

function readMarker(dataDir: string): Marker | null {
  try {
    return JSON.parse(readFileSync(join(dataDir, MARKER_FILE), 'utf8')) as Marker;
  } catch {
    return null;
  }
}

function isEmptyDir(dir: string): boolean {
  try {
    return readdirSync(dir).length === 0;
  } catch {
    return false;
  }
}
