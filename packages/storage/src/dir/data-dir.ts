import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ROW_FORMAT_VERSION } from '../encoding/row-codec.js';

/** The data directory's identity file, written last when a directory is created. */
export const IDENTITY_FILE = 'heliosdb.json';
export const PRODUCT = 'heliosdb-nano';
/** Version of the data directory layout (keyspace, catalog document, change-log entries). */
export const FORMAT_VERSION = 1;

export interface DataDirIdentity {
  product: string;
  formatVersion: number;
  rowFormat: number;
  databaseId: string;
  createdAt: string;
}

export function readIdentity(dir: string): DataDirIdentity {
  const file = join(dir, IDENTITY_FILE);
  if (!existsSync(file)) throw new Error(`not a HeliosDB Nano data directory: ${dir} (no ${IDENTITY_FILE})`);
  let id: DataDirIdentity;
  try {
    id = JSON.parse(readFileSync(file, 'utf8')) as DataDirIdentity;
  } catch (e) {
    throw new Error(`not a HeliosDB Nano data directory: ${dir} (${IDENTITY_FILE} is not valid JSON: ${(e as Error).message})`);
  }
  if (id.product !== PRODUCT) throw new Error(`not a HeliosDB Nano data directory: ${dir} (${IDENTITY_FILE} names product ${JSON.stringify(id.product)})`);
  if (typeof id.formatVersion !== 'number' || id.formatVersion > FORMAT_VERSION)
    throw new Error(
      `data directory ${dir}: format version ${id.formatVersion} is newer than this build supports (${FORMAT_VERSION}); upgrade heliosdb-nano`,
    );
  return id;
}

/** What an interrupted creation can leave behind (the identity file is written last). */
const CREATION_LEFTOVERS = new Set(['lmdb', 'writer.lock', `${IDENTITY_FILE}.tmp`]);

/**
 * Makes `dir` ready for a new data directory: it must be absent, empty, or hold only the leftovers of
 * an interrupted creation (which are removed). The caller holds the writer lock.
 */
export function prepareNewDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const entries = readdirSync(dir);
  if (entries.some((e) => !CREATION_LEFTOVERS.has(e)))
    throw new Error(`cannot create a HeliosDB Nano data directory in ${dir}: it is not empty and has no ${IDENTITY_FILE}`);
  rmSync(join(dir, 'lmdb'), { recursive: true, force: true });
  rmSync(join(dir, `${IDENTITY_FILE}.tmp`), { force: true });
}

/** Written to a temporary sibling, fsynced, then renamed: a crash leaves no half-written identity. */
export function writeIdentity(dir: string): DataDirIdentity {
  const id: DataDirIdentity = {
    product: PRODUCT,
    formatVersion: FORMAT_VERSION,
    rowFormat: ROW_FORMAT_VERSION,
    databaseId: randomUUID(),
    createdAt: new Date().toISOString(),
  };
  const tmp = join(dir, `${IDENTITY_FILE}.tmp`);
  const fd = openSync(tmp, 'w');
  writeSync(fd, JSON.stringify(id, null, 2) + '\n');
  fsyncSync(fd);
  closeSync(fd);
  renameSync(tmp, join(dir, IDENTITY_FILE));
  const dfd = openSync(dir, 'r');
  fsyncSync(dfd);
  closeSync(dfd);
  return id;
}
