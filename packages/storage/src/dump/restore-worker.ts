/**
 * The restore's writer thread (see restore-apply.ts): applies the batches the reading thread posts,
 * in order, acknowledging each, and reports the first error, after which it applies nothing more.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type FromWorker, LocalApplier, serializeError, type ToWorker } from './restore-apply.js';

const port = parentPort!;
const { lmdbDir, tables } = workerData as { lmdbDir: string; tables: string[] | null };
let applier: LocalApplier | null = null;
let failed = false;

const send = (m: FromWorker): void => port.postMessage(m);

port.on('message', (m: ToWorker) => {
  if (failed) return;
  void handle(m).catch((e: unknown) => {
    failed = true;
    try {
      applier?.abort();
    } catch {
      // the error being reported matters more
    }
    send({ t: 'error', error: serializeError(e) });
  });
});

async function handle(m: ToWorker): Promise<void> {
  applier ??= new LocalApplier(lmdbDir, tables ?? undefined);
  switch (m.t) {
    case 'batch':
      applier.applySync(m.segment, m.records);
      send({ t: 'ack', rows: applier.rows, tombstones: applier.tombstones });
      return;
    case 'settle':
      send({ t: 'settled', ...(await applier.settle()) });
      return;
    case 'finish':
      await applier.finish();
      send({ t: 'done' });
      return;
  }
}
