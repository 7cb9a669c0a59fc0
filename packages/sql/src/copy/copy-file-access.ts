/**
 * Which files server-side `COPY ... TO/FROM 'file'` may touch. An embedded database (no policy) reads and
 * writes wherever its process may, as the local user it runs as. A server confines COPY to the directories its
 * operator allows (`--copy-dir`), the role PostgreSQL's pg_read_server_files / pg_write_server_files play: with
 * none, every file COPY is refused; otherwise the path must be absolute and resolve, symlinks and `..` followed
 * as the kernel follows them, to a place inside one of the directories. Client-side `\copy` (COPY FROM STDIN /
 * TO STDOUT) is not a file on the server and is never refused.
 */
import { lstat, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { SqlError } from '../errors/sql-error.js';

const INSUFFICIENT_PRIVILEGE = '42501';

export interface CopyFilePolicy {
  /** Real paths (symlinks resolved) of the directories COPY may read and write under; empty refuses every file. */
  readonly allowedDirs: readonly string[];
}

/**
 * The path to use for `file`, resolved, when the policy allows it; a SqlError (42501, or 42602 for a relative
 * path) naming the file and the allowed directories otherwise. `what` names the use in messages.
 */
export async function confineCopyFile(file: string, mode: 'read' | 'write', policy: CopyFilePolicy | undefined, what = mode === 'read' ? 'COPY FROM' : 'COPY TO'): Promise<string> {
  if (policy === undefined) return file;
  const dirs = policy.allowedDirs;
  const hint = "Anyone can COPY to stdout or from stdin; psql's \\copy command also works for anyone.";
  if (dirs.length === 0) {
    const role = mode === 'read' ? 'pg_read_server_files' : 'pg_write_server_files';
    throw new SqlError(INSUFFICIENT_PRIVILEGE, `${what} a file on the server is not allowed: the server allows no directory for it (the ${role} rule)`, {
      hint: `${hint} The operator can allow directories with --copy-dir.`,
    });
  }
  const allowed = `(allowed: ${dirs.join(', ')})`;
  if (!isAbsolute(file)) throw new SqlError('42602', `${what} file "${file}": relative paths are not allowed on the server ${allowed}`, { hint: 'Give an absolute path under an allowed directory.' });
  // Containment is decided before existence, so a refused path tells nothing about what is outside.
  const { path: resolved, exists } = await resolveReal(file);
  if (!dirs.some((d) => resolved === d || resolved.startsWith(d.endsWith(sep) ? d : d + sep))) {
    throw new SqlError(INSUFFICIENT_PRIVILEGE, `${what} file "${file}" is refused: it is outside the directories the server allows ${allowed}`, {
      hint: `Use a path under ${dirs.length === 1 ? 'that directory' : 'one of them'}, or COPY to stdout / from stdin (psql's \\copy works for anyone).`,
    });
  }
  if (exists === 'no' || (mode === 'read' && exists === 'maybe')) throw new SqlError('58P01', `${what}: could not open file "${file}" for ${mode === 'read' ? 'reading' : 'writing'}: No such file or directory`);
  return resolved;
}

/**
 * The file's real path: its own when it exists (a symlink followed), else its directory's real path and its
 * name (`exists` 'maybe': a file to create), else, when the directory is missing too, the path made absolute
 * without symlinks (which cannot exist then; `exists` 'no').
 */
async function resolveReal(file: string): Promise<{ path: string; exists: 'yes' | 'maybe' | 'no' }> {
  try {
    await lstat(file);
    return { path: await realpath(file), exists: 'yes' };
  } catch {
    // missing, or a dangling symlink (resolved below through its directory, so it can only name a new file there)
  }
  const name = basename(file);
  try {
    const dir = await realpath(dirname(file));
    if (name === '' || name === '.' || name === '..') return { path: dir, exists: 'yes' };
    const at = join(dir, name);
    const dangling = await lstat(at).then(
      () => true,
      () => false,
    );
    return { path: at, exists: dangling ? 'no' : 'maybe' };
  } catch {
    return { path: resolve(file), exists: 'no' };
  }
}

/** The policy for directories an operator named: each must exist and be a directory; kept as real paths. */
export async function copyFilePolicy(dirs: readonly string[]): Promise<CopyFilePolicy> {
  const real: string[] = [];
  for (const d of dirs) {
    let r: string;
    try {
      r = await realpath(d);
    } catch {
      throw new Error(`--copy-dir ${d}: no such directory`);
    }
    if (!(await lstat(r)).isDirectory()) throw new Error(`--copy-dir ${d}: not a directory`);
    real.push(r);
  }
  return { allowedDirs: real };
}
