import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'writer.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(file: string): number {
  try {
    return Number.parseInt(readFileSync(file, 'utf8'), 10);
  } catch {
    return NaN;
  }
}

/**
 * One writer process per data directory: `writer.lock` is created with O_EXCL and holds the pid.
 * A lock whose process is gone is stale and taken over. (LMDB serialises write transactions across
 * processes by itself, so even a mistaken second writer could not corrupt the file; the lock keeps
 * the engine's in-process state — catalog cache, sequence reservations — the only writer's.)
 * Returns the release function.
 */
export function acquireWriterLock(dir: string): () => void {
  const file = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => {
        if (readPid(file) === process.pid) unlinkSync(file);
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const pid = readPid(file);
    if (Number.isFinite(pid) && alive(pid)) throw new Error(`data directory ${dir} is locked by another writer (pid ${pid})`);
    // Stale: move it aside under a unique name (only one taker succeeds), then try again.
    const aside = `${file}.stale-${process.pid}`;
    try {
      renameSync(file, aside);
    } catch {
      continue;
    }
    const moved = readPid(aside);
    if (moved !== pid) {
      // Another process took over between our read and our rename; put its lock back.
      renameSync(aside, file);
      continue;
    }
    unlinkSync(aside);
  }
  throw new Error(`data directory ${dir}: could not take the writer lock ${file}`);
}
