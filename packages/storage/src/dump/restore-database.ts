import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { inspectDump, readDump, verifyDump, type VerifyReport } from '@heliosdb/dump-format';
import { writeIdentity } from '../dir/data-dir.js';
import { KEY_SPACES } from '../keyspace.js';
import { LmdbKv } from '../kv/lmdb-kv.js';
import { DatabaseDumpError } from './dump-error.js';
import { KeyspaceLoader, RESTORED_LSN } from './keyspace-loader.js';

export interface RestoreOptions {
  /** Check every CRC32 in the whole file before creating anything. */
  readonly verify?: boolean;
  /** Replay segments 1..N only (the state as of segment N). */
  readonly untilSegment?: number;
  /** Restore only these tables (`name` or `schema.name`), with their indexes and owned sequences. */
  readonly tables?: readonly string[];
  /** Called after each applied batch with rows applied so far and the file's total. */
  readonly onProgress?: (p: { rows: number; totalRows: number; segment: number; segments: number }) => void;
}

export interface RestoreReport {
  readonly input: string;
  readonly target: string;
  /** The restored directory's own, new database id. */
  readonly databaseId: string;
  readonly sourceDatabaseId: string;
  readonly segments: number;
  /** The source LSN the restored state is consistent at (the last replayed segment's end LSN). */
  readonly sourceLsn: string;
  readonly tables: number;
  readonly rows: number;
  readonly tombstones: number;
  readonly verified: VerifyReport | null;
  /** An incomplete last segment (an interrupted append) that was left out. */
  readonly tornTail: { readonly segment: number; readonly offset: number; readonly bytes: number; readonly reason: string } | null;
  readonly elapsedMs: number;
  readonly rowsPerSecond: number;
}

/**
 * Restores a dump into a new data directory `target`, which must not exist or be empty. The
 * database is built in a temporary sibling and renamed to `target` only when complete, so a failed
 * or killed restore leaves no `target`. The restored directory gets a NEW database id (as
 * pg_restore into a new database): it is a new database, and appending to the source's dump chain
 * from it is refused rather than silently mixing two histories.
 */
export async function restoreDatabase(input: string, target: string, options: RestoreOptions = {}): Promise<RestoreReport> {
  const started = performance.now();
  const dest = resolve(target);
  assertTargetFree(dest);
  let verified: VerifyReport | null = null;
  if (options.verify) verified = await verifyDump(input, { allowTornTail: true });
  const toc = await inspectDump(input);
  const available = toc.segments.length;
  if (available === 0)
    throw new DatabaseDumpError(
      'ERR_RESTORE_ARGUMENT',
      `${input} has no complete segment${toc.tornTail ? ` (${toc.tornTail.error.message})` : ''}`,
      'the file is cut short or damaged; restore an earlier copy',
    );
  // A torn last segment is an interrupted append (FORMAT.md section 8): the complete segments before it are restored.
  const tornTail = toc.tornTail && { segment: toc.tornTail.segment, offset: toc.tornTail.offset, bytes: toc.tornTail.bytes, reason: toc.tornTail.error.message };
  const until = options.untilSegment ?? available;
  if (!Number.isInteger(until) || until < 1 || until > available)
    throw new DatabaseDumpError('ERR_RESTORE_ARGUMENT', `--until-segment ${until}: ${input} has ${available} complete segment(s) (1..${available})`);
  const totalRows = toc.segments.slice(0, until).reduce((a, s) => a + s.trailer.totalRows + s.trailer.totalTombstones, 0);
  const keep = tableFilter(options.tables);

  cleanStaleTemps(dest);
  const temp = join(dirname(dest), `.${basename(dest)}.restore-tmp-${process.pid}`);
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp, { recursive: true });
  let kv: LmdbKv | null = null;
  try {
    kv = new LmdbKv(join(temp, 'lmdb'), false, KEY_SPACES, true);
    const loader = new KeyspaceLoader(kv, keep?.fn ?? null);
    let segments = 0;
    let sourceDatabaseId = '';
    let sourceLsn = 0n;
    for await (const segment of readDump(input, { untilSegment: until, allowTornTail: true, packRows: true })) {
      segments = segment.index;
      sourceDatabaseId = segment.metadata.databaseId;
      sourceLsn = segment.metadata.endLsn;
      // One write per block's records: the records die young (cheap for the GC), and without a
      // per-write fsync (bulk load) small writes cost little.
      for await (const batch of segment.batches()) {
        loader.apply(segment.index, batch);
        kv.releasePages();
        options.onProgress?.({ rows: loader.rows + loader.tombstones, totalRows, segment: segment.index, segments: until });
      }
    }
    const catalog = loader.currentCatalog;
    if (keep) {
      const missing = keep.names.filter((n) => !catalog?.tables.some((t) => keep.matches(n, t.schema, t.name)));
      if (missing.length > 0)
        throw new DatabaseDumpError(
          'ERR_RESTORE_ARGUMENT',
          `--tables: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in ${input} (as of segment ${segments})`,
          `its tables: ${catalog?.tables.map((t) => (t.schema === 'public' ? t.name : `${t.schema}.${t.name}`)).join(', ') || '(none)'}`,
        );
    }
    loader.finish();
    await kv.sync();
    kv.close();
    kv = null;
    const identity = writeIdentity(temp);
    assertTargetFree(dest);
    renameSync(temp, dest);
    fsyncDir(dirname(dest));
    const elapsedMs = performance.now() - started;
    return {
      input,
      target,
      databaseId: identity.databaseId,
      sourceDatabaseId,
      segments,
      sourceLsn: sourceLsn.toString(),
      tables: catalog?.tables.length ?? 0,
      rows: loader.rows,
      tombstones: loader.tombstones,
      verified,
      tornTail: until === available ? tornTail : null,
      elapsedMs,
      rowsPerSecond: (loader.rows + loader.tombstones) / (Math.max(elapsedMs, 1) / 1000),
    };
  } catch (e) {
    kv?.close();
    rmSync(temp, { recursive: true, force: true });
    throw e;
  }
}

export { RESTORED_LSN };

function assertTargetFree(dest: string): void {
  if (!existsSync(dest)) return;
  const st = statSync(dest);
  if (!st.isDirectory() || readdirSync(dest).length > 0)
    throw new DatabaseDumpError(
      'ERR_RESTORE_TARGET_EXISTS',
      `restore target ${dest} already exists and is not empty; restore never overwrites`,
      'restore into a new directory (or remove this one first)',
    );
}

/** Removes temporary siblings of `dest` left by restores that were killed (their process is gone). */
function cleanStaleTemps(dest: string): void {
  const parent = dirname(dest);
  const prefix = `.${basename(dest)}.restore-tmp-`;
  if (!existsSync(parent)) return;
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (!Number.isInteger(pid) || pid === process.pid || alive(pid)) continue;
    rmSync(join(parent, name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function tableFilter(tables: readonly string[] | undefined) {
  if (!tables || tables.length === 0) return null;
  const names = [...new Set(tables.map((t) => t.trim()).filter((t) => t.length > 0))];
  const matches = (n: string, schema: string, name: string): boolean => (n.includes('.') ? n === `${schema}.${name}` : schema === 'public' && n === name);
  return { names, matches, fn: (schema: string, name: string) => names.some((n) => matches(n, schema, name)) };
}
