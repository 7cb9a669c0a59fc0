import type { DumpReport } from '@heliosdb/storage';
import { CliError } from '../cli-error.js';
import { dumpFailure } from '../dump-errors.js';
import { bytes, count, duration, json, table } from '../format.js';
import { ProgressBar } from '../progress-bar.js';
import { toolVersion } from '../version.js';
import type { CliCommand } from './command.js';

const CODECS = ['zstd', 'gzip', 'brotli', 'lz4', 'none'] as const;

export const dumpCommand: CliCommand = {
  command: 'dump',
  describe: 'Dump a database to a .heliodump file (full, or --append an incremental segment)',
  builder: (y) =>
    y
      .option('data-dir', { type: 'string', describe: 'The data directory to dump (read from one snapshot; a running server may keep writing)' })
      .option('connection', { type: 'string', describe: 'Reserved for server-side dumps (not available yet)' })
      .option('memory', { type: 'boolean', hidden: true })
      .option('output', { alias: 'o', type: 'string', nargs: 1, demandOption: true, describe: 'The dump file, or - for stdout' })
      .option('compression', { alias: 'c', choices: CODECS, default: 'zstd', describe: 'Block compression' })
      .option('level', { type: 'number', describe: 'Compression level (zstd 1-22, gzip 1-9, brotli 0-11, lz4 1)' })
      .option('append', { type: 'boolean', default: false, describe: 'Add the changes since the file\'s last segment (a full dump if the file is missing)' })
      .option('verbose', { type: 'boolean', default: false, describe: 'Print the report: tables, rows, sizes, ratio, CRC32, time' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the report as JSON' })
      .example('$0 dump --data-dir ./mydata --output backup.heliodump', 'full dump, zstd')
      .example('$0 dump --data-dir ./mydata --output rolling.heliodump --append', 'incremental'),
  async handler(args) {
    if (args.memory)
      throw new CliError('Cannot dump from in-memory database without data directory', { hint: 'run start --memory --dump-on-shutdown instead' });
    if (args.connection !== undefined)
      throw new CliError('--connection is reserved until server-side dumps exist; dump a data directory with --data-dir', {
        hint: 'point --data-dir at the directory the server serves; dump reads a consistent snapshot while it runs',
      });
    const dir = args['data-dir'] as string | undefined;
    if (!dir) throw new CliError('Either --data-dir or --connection must be specified', { hint: 'add --data-dir <directory> (server-mode --connection is reserved for future use)' });
    const output = args.output as string;
    const toStdout = output === '-';
    if (toStdout && args.append) throw new CliError('--append needs a file, not stdout', { hint: 'write incremental dumps to a file' });
    if (toStdout && process.stdout.isTTY) throw new CliError('refusing to write a binary dump to a terminal', { hint: 'redirect stdout to a file, or pass --output <file>' });
    const { Storage, dumpDatabase } = await import('@heliosdb/storage');
    const db = Storage.open({ dir, readOnly: true });
    const bar = new ProgressBar();
    let report: DumpReport;
    try {
      report = await dumpDatabase(db, toStdout ? process.stdout : output, {
        codec: args.compression as string,
        ...(args.level !== undefined && { level: args.level as number }),
        append: args.append as boolean,
        toolVersion: `heliosdb-nano ${toolVersion()}`,
        onProgress: (p) =>
          bar.update(p.tableCount ? p.tablesDone / p.tableCount : null, () => `${p.tablesDone}/${p.tableCount} tables, ${count(p.rows)} rows  ${p.table}`),
      });
    } catch (e) {
      throw dumpFailure(e, output, args.append ? 'dump --append' : 'dump');
    } finally {
      bar.done();
      db.close();
    }
    // With --output - stdout carries the dump, so reports go to stderr.
    const out = toStdout ? process.stderr : process.stdout;
    if (args.json) out.write(json(report));
    else if (args.verbose) out.write(formatDumpReport(report));
    else if (report.note) process.stderr.write(`heliosdb-nano: ${report.note}\n`);
    return 0;
  },
};

export function formatDumpReport(r: DumpReport): string {
  const rows: [string, string][] = [
    ['tables', count(r.tables)],
    ['rows', count(r.rows)],
  ];
  if (r.dumpType === 'incremental') rows.push(['deleted rows', count(r.tombstones)], ['dropped tables', count(r.droppedTables)], ['LSN range', `${r.baseLsn}..${r.endLsn}`]);
  else rows.push(['LSN', r.endLsn]);
  rows.push(
    ['uncompressed', bytes(r.uncompressedBytes)],
    ['compressed', `${bytes(r.compressedBytes)} (${r.codec}${r.codec === 'none' ? '' : ` level ${r.level}`}, ${count(r.blocks)} blocks)`],
    ['compression ratio', `${r.compressionRatio.toFixed(2)}x`],
    ['CRC32', `0x${r.payloadCrc32} (uncompressed payload)`],
    ['time', duration(r.elapsedMs)],
    ['throughput', `${bytes(r.bytesPerSecond)}/s, ${count(r.rowsPerSecond)} rows/s`],
  );
  let text = `dump: ${r.output}: ${r.dumpType} dump, segment ${r.segment}, database ${r.databaseId}\n` + table(rows);
  if (r.note) text += `note: ${r.note}\n`;
  if (r.repairedTail) text += `note: ${r.repairedTail}\n`;
  return text;
}
