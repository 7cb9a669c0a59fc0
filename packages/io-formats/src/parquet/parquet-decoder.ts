import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Decodes Parquet row groups into Arrow IPC streams (one per record batch) with parquet-wasm (arrow-rs), in a worker thread. Two
 * reasons for the thread: arrow-rs panics on some damaged pages, and a panic in its async reader surfaces as an
 * uncaught WebAssembly "unreachable" trap that would end the whole process (a server included) and leave the
 * instance unusable; in a worker it ends only the worker, and we report it as the row group's error. And the
 * decoding of group g + 1 overlaps with the conversion of group g on the caller's thread.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { openAsBlob } = require('node:fs');
const P = require(workerData.wasm);
const opened = (async () => {
  const blob = typeof workerData.source === 'string' ? await openAsBlob(workerData.source) : new Blob([workerData.source]);
  return P.ParquetFile.fromFile(blob);
})();
parentPort.on('message', async (g) => {
  try {
    const pf = await opened;
    // Record batch by record batch (not the whole group as one table): less WebAssembly memory and no group-sized copy.
    const stream = await pf.stream({ rowGroups: [g], batchSize: 8192 });
    const ipcs = [];
    for await (const batch of stream) ipcs.push(batch.intoIPCStream());
    parentPort.postMessage({ g, ipcs }, ipcs.map((b) => b.buffer));
  } catch (e) {
    parentPort.postMessage({ g, error: String(e && e.message ? e.message : e) });
  }
});
`;

let wasmPath: string | undefined;

export class RowGroupDecoder {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (ipcs: Uint8Array[]) => void; reject: (e: Error) => void }>();
  private readonly started = new Map<number, Promise<Uint8Array[]>>();
  private failed: Error | undefined;

  /** `source`: a file path (read range by range) or the file's bytes. */
  constructor(source: string | Uint8Array) {
    wasmPath ??= createRequire(import.meta.url).resolve('parquet-wasm');
    this.worker = new Worker(WORKER, { eval: true, workerData: { wasm: wasmPath, source } });
    // The worker keeps the process alive only while a row group is being decoded: a reader abandoned without
    // return() (a consumer that stopped at an error) must not keep a CLI from exiting.
    this.worker.unref();
    this.worker.on('message', (m: { g: number; ipcs?: Uint8Array[]; error?: string }) => {
      const p = this.pending.get(m.g);
      this.pending.delete(m.g);
      if (this.pending.size === 0) this.worker.unref();
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve(m.ipcs!);
    });
    const fail = (e: Error) => {
      this.failed ??= e;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    this.worker.on('error', (e) => fail(new Error(`parquet-wasm stopped decoding: ${e.message} (arrow-rs panicked: a damaged page?)`)));
    this.worker.on('exit', () => fail(new Error('parquet-wasm worker exited')));
  }

  /** Starts decoding row group `g`, so that it is ready when decode(g) asks. */
  prefetch(g: number): void {
    if (this.started.has(g)) return;
    const p = this.failed
      ? Promise.reject(this.failed)
      : new Promise<Uint8Array[]>((resolve, reject) => {
          this.pending.set(g, { resolve, reject });
          this.worker.ref();
          this.worker.postMessage(g);
        });
    p.catch(() => undefined); // a prefetch nobody awaits must not be reported as unhandled
    this.started.set(g, p);
  }

  /** Row group `g` as Arrow IPC streams, one per record batch of up to 8,192 rows. */
  decode(g: number): Promise<Uint8Array[]> {
    this.prefetch(g);
    const p = this.started.get(g)!;
    this.started.delete(g);
    return p;
  }

  close(): Promise<number> {
    this.failed ??= new Error('closed');
    return this.worker.terminate();
  }
}
