import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createDumpWriter, readDump } from './index.js';

async function streamThrough(mib: number): Promise<{ baseline: number; peak: number; rows: number; payload: number }> {
    const pipe = new PassThrough({ highWaterMark: 1 << 20 });
    const value = new Uint8Array(1000);
    for (let i = 0; i < value.length; i++) value[i] = (i * 7) & 0xff;
    const key = new Uint8Array(8);
    const target = mib * 1024 * 1024;
    const rowsToWrite = Math.ceil(target / (key.length + value.length));
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    };

    const writing = (async () => {
      const w = await createDumpWriter(pipe, { codec: 'lz4', blockSize: 1 << 20, concurrency: 4 });
      w.beginSegment({ dumpType: 'full', databaseId: '22222222-3333-4444-8555-666666666666', baseLsn: 0n, endLsn: 9n, rowFormatVersion: 1 });
      w.beginTable({ tableId: 1, schema: 'public', name: 'big', mode: 'full' });
      for (let i = 0; i < rowsToWrite; i++) {
        new DataView(key.buffer).setUint32(4, i);
        value[0] = i & 0xff;
        const p = w.writeRow(key, value);
        if (p) await p;
        if ((i & 4095) === 0) sample();
      }
      w.endTable();
      const summary = await w.endSegment();
      await w.close();
      return summary;
    })();

    let rows = 0;
    let bytes = 0;
    for await (const seg of readDump(pipe, { readAhead: 4 })) {
      for await (const batch of seg.batches()) {
        for (const r of batch) {
          if (r.kind !== 'row') continue;
          if (r.value[0] !== (rows & 0xff)) throw new Error(`row ${rows} came back wrong`);
          rows++;
          bytes += r.key.length + r.value.length;
        }
        sample();
      }
    }
    const summary = await writing;
    expect(rows).toBe(rowsToWrite);
    expect(bytes).toBeGreaterThanOrEqual(target);
    return { baseline, peak, rows, payload: summary.trailer.uncompressedSize };
}

describe('bounded memory', () => {
  // The first pass lifts RSS to a plateau that the allocator and V8 keep (freed 1 MiB buffers,
  // native codec and thread-pool arenas; heap and ArrayBuffers stay near 10-40 MiB). Bounded means
  // the plateau does not scale with the data: a second 200 MiB pass adds almost nothing to it.
  it('two 200 MiB payloads streamed through writer and reader: the second adds little to the peak RSS', async () => {
    const first = await streamThrough(200);
    const second = await streamThrough(200);
    const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;
    console.log(
      `bounded memory: ${second.rows} rows, ${mb(second.payload)} payload per pass; RSS ${mb(first.baseline)} before, ` +
        `peak ${mb(first.peak)} in pass 1 (+${mb(first.peak - first.baseline)}), peak ${mb(second.peak)} in pass 2 (+${mb(second.peak - first.peak)} over pass 1)`,
    );
    expect(second.peak - first.peak).toBeLessThan(64 * 2 ** 20);
    expect(first.peak - first.baseline).toBeLessThan(200 * 2 ** 20);
  });
});
