/**
 * What identifies one state of a SQLite file: size, mtime, and a hash of the header page (whose file change
 * counter moves on every rollback-mode commit), plus the -wal file's size and mtime (WAL commits leave the
 * main file alone until a checkpoint).
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';

export interface SourceFingerprint {
  readonly size: number;
  readonly mtimeMs: number;
  readonly headerSha256: string;
  readonly walSize: number;
  readonly walMtimeMs: number;
}

export function fingerprint(path: string): SourceFingerprint {
  const st = statSync(path);
  const buf = Buffer.alloc(Math.min(st.size, 4096));
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buf, 0, buf.length, 0);
  } finally {
    closeSync(fd);
  }
  let walSize = 0;
  let walMtimeMs = 0;
  try {
    const w = statSync(`${path}-wal`);
    walSize = w.size;
    walMtimeMs = w.mtimeMs;
  } catch {
    // no WAL file: a rollback-journal database, or a WAL database checkpointed and closed
  }
  return { size: st.size, mtimeMs: st.mtimeMs, headerSha256: createHash('sha256').update(buf).digest('hex'), walSize, walMtimeMs };
}

export function sameFingerprint(a: SourceFingerprint, b: SourceFingerprint): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.headerSha256 === b.headerSha256 && a.walSize === b.walSize && a.walMtimeMs === b.walMtimeMs;
}
