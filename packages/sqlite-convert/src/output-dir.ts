/** The output directory rule: it must not exist or be empty; the data directory is built in a temporary sibling and renamed at the end. */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { SqliteConvertError } from './errors.js';

export function checkOutputDir(output: string): void {
  let entries: string[];
  try {
    if (!statSync(output).isDirectory()) {
      throw new SqliteConvertError('OUTPUT_NOT_EMPTY', `sqlite convert: output ${output} exists and is not a directory`, {
        hint: 'name a new directory or an empty one',
      });
    }
    entries = readdirSync(output);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  if (entries.length > 0) {
    throw new SqliteConvertError('OUTPUT_NOT_EMPTY', `sqlite convert: output directory ${output} is not empty (${entries.length} entries)`, {
      hint: 'name a new directory or an empty one; the converter never writes into existing data',
    });
  }
}

/** A fresh sibling path: <parent>/.<name>.converting-<pid>-<random>. */
export function temporarySibling(output: string): string {
  const abs = resolve(output);
  return join(dirname(abs), `.${basename(abs)}.converting-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Moves the finished directory into place (removing the empty output directory first) and syncs the parent. */
export function publish(tmp: string, output: string): void {
  checkOutputDir(output);
  try {
    rmdirSync(output);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  renameSync(tmp, output);
  fsyncPath(dirname(resolve(output)));
}

export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function removeQuietly(path: string): void {
  rmSync(path, { recursive: true, force: true });
}
