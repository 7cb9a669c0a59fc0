import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DumpRecord } from '@heliosdb/dump-format';
import type { CatalogData } from '../catalog/catalog-types.js';
import { KEY_SPACES } from '../keyspace.js';
import { LmdbKv } from '../kv/lmdb-kv.js';
import { DatabaseDumpError } from './dump-error.js';
import { KeyspaceLoader } from './keyspace-loader.js';

/**
 * Where a restore's records go: a KeyspaceLoader over a new LMDB environment (bulk-load mode), run
 * on this thread or on a worker thread. On the worker, reading the file (decompression, CRC32s,
 * record decoding) and writing LMDB (lmdb-js puts, B-tree pages) overlap on two cores instead of
 * taking turns on one: the two halves cost about 0.5 and 1 CPU-second per million rows.
 */
export interface RestoreApplier {
  /** Applies one batch of records of segment `segment` (atomically); resolves when another batch may be sent. */
  apply(segment: number, records: DumpRecord[]): Promise<void>;
  /** Rows and tombstones applied so far (acknowledged, for a worker). */
  readonly rows: number;
  readonly tombstones: number;
  /** Waits for every batch, then: the catalog after the last one, and the final counts. */
  settle(): Promise<{ catalog: CatalogData | null; rows: number; tombstones: number }>;
  /** Writes the final catalog and LSN, fsyncs and closes the environment. */
  finish(): Promise<void>;
  /** Closes without finishing (the caller removes the directory). */
  abort(): Promise<void>;
}

export type TableKeep = ((schema: string, name: string) => boolean) | null;

/** Builds the `--tables` filter: names are `name` (schema public) or `schema.name`. */
export function tableFilter(tables: readonly string[] | undefined) {
  if (!tables || tables.length === 0) return null;
  const names = [...new Set(tables.map((t) => t.trim()).filter((t) => t.length > 0))];
  const matches = (n: string, schema: string, name: string): boolean => (n.includes('.') ? n === `${schema}.${name}` : schema === 'public' && n === name);
  return { names, matches, fn: (schema: string, name: string) => names.some((n) => matches(n, schema, name)) };
}

/** The applier on this thread: also what the worker runs. */
export class LocalApplier implements RestoreApplier {
  private readonly kv: LmdbKv;
  private readonly loader: KeyspaceLoader;
  private closed = false;

  constructor(lmdbDir: string, tables: readonly string[] | undefined) {
    this.kv = new LmdbKv(lmdbDir, false, KEY_SPACES, true);
    this.loader = new KeyspaceLoader(this.kv, tableFilter(tables)?.fn ?? null);
  }

  get rows(): number {
    return this.loader.rows;
  }

  get tombstones(): number {
    return this.loader.tombstones;
  }

  applySync(segment: number, records: readonly DumpRecord[]): void {
    this.loader.apply(segment, records);
    // One write per block's records: the records die young (cheap for the GC), and without a
    // per-write fsync (bulk load) small writes cost little.
    this.kv.releasePages();
  }

  async apply(segment: number, records: DumpRecord[]): Promise<void> {
    this.applySync(segment, records);
  }

  async settle() {
    return { catalog: this.loader.currentCatalog, rows: this.loader.rows, tombstones: this.loader.tombstones };
  }

  async finish(): Promise<void> {
    this.loader.finish();
    await this.kv.sync();
    this.close();
  }

  async abort(): Promise<void> {
    this.close();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.kv.close();
  }
}

/** Messages between WorkerApplier and restore-worker.ts. */
export type ToWorker =
  | { t: 'batch'; segment: number; records: DumpRecord[] }
  | { t: 'settle' }
  | { t: 'finish' };
export type FromWorker =
  | { t: 'ack'; rows: number; tombstones: number }
  | { t: 'settled'; catalog: CatalogData | null; rows: number; tombstones: number }
  | { t: 'done' }
  | { t: 'error'; error: SerializedError };
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  hint?: string;
}

/** Batches sent and not yet applied: bounds the memory a slow writer lets the reader fill. */
const IN_FLIGHT = 3;

/** The compiled worker entry, beside this module in dist/ (absent when running from sources under a test runner). */
const WORKER_FILE = join(fileURLToPath(new URL('.', import.meta.url)), 'restore-worker.js');

export function workerAvailable(): boolean {
  return existsSync(WORKER_FILE);
}

export class WorkerApplier implements RestoreApplier {
  rows = 0;
  tombstones = 0;
  private readonly worker: Worker;
  private inFlight = 0;
  private failure: Error | null = null;
  private waiting: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private reply: { expect: FromWorker['t']; resolve: (m: FromWorker) => void; reject: (e: Error) => void } | null = null;
  private exited = false;

  constructor(lmdbDir: string, tables: readonly string[] | undefined) {
    this.worker = new Worker(WORKER_FILE, { workerData: { lmdbDir, tables: tables ?? null } });
    this.worker.on('message', (m: FromWorker) => this.onMessage(m));
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => {
      this.exited = true;
      if (code !== 0) this.fail(new Error(`restore: the writer thread exited with code ${code}`));
    });
  }

  async apply(segment: number, records: DumpRecord[]): Promise<void> {
    if (this.failure) throw this.failure;
    this.inFlight++;
    this.worker.postMessage({ t: 'batch', segment, records } satisfies ToWorker);
    if (this.inFlight < IN_FLIGHT) return;
    await new Promise<void>((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  async settle() {
    const m = await this.ask({ t: 'settle' }, 'settled');
    if (m.t !== 'settled') throw new Error('restore: unexpected reply from the writer thread');
    return { catalog: m.catalog, rows: m.rows, tombstones: m.tombstones };
  }

  async finish(): Promise<void> {
    await this.ask({ t: 'finish' }, 'done');
    await this.worker.terminate();
  }

  async abort(): Promise<void> {
    if (!this.exited) await this.worker.terminate();
  }

  private ask(message: ToWorker, expect: FromWorker['t']): Promise<FromWorker> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<FromWorker>((resolve, reject) => {
      this.reply = { expect, resolve, reject };
      this.worker.postMessage(message);
    });
  }

  private onMessage(m: FromWorker): void {
    switch (m.t) {
      case 'ack': {
        this.inFlight--;
        this.rows = m.rows;
        this.tombstones = m.tombstones;
        const w = this.waiting;
        this.waiting = null;
        w?.resolve();
        return;
      }
      case 'error':
        this.fail(revive(m.error));
        return;
      default: {
        const r = this.reply;
        if (r && r.expect === m.t) {
          this.reply = null;
          r.resolve(m);
        }
      }
    }
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    const w = this.waiting;
    this.waiting = null;
    w?.reject(e);
    const r = this.reply;
    this.reply = null;
    r?.reject(e);
  }
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof DatabaseDumpError) return { name: e.name, message: e.message, code: e.code, ...(e.hint !== undefined && { hint: e.hint }) };
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return { name: e.name, message: e.message, ...(typeof code === 'string' && { code }) };
  }
  return { name: 'Error', message: String(e) };
}

/** The worker's error, as the same class where it matters (DatabaseDumpError), else an Error with its message and code. */
function revive(s: SerializedError): Error {
  if (s.name === 'DatabaseDumpError' && s.code) return new DatabaseDumpError(s.code as DatabaseDumpError['code'], s.message, s.hint);
  const e = new Error(s.message) as Error & { code?: string };
  if (s.name !== 'Error') e.name = s.name;
  if (s.code) e.code = s.code;
  return e;
}
