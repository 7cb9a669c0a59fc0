/** Worker thread: storedSums of the tables in workerData, posted back as { sums } or { error }. */
import { parentPort, workerData } from 'node:worker_threads';
import { storedSums } from './data/stored-sums.js';

const { dir, tables } = workerData as { dir: string; tables: string[] };
try {
  parentPort!.postMessage({ sums: storedSums(dir, tables) });
} catch (e) {
  parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) });
}
