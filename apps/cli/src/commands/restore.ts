import type { RestoreReport } from '@heliosdb/storage';
import { CliError } from '../cli-error.js';
import { dumpFailure } from '../dump-errors.js';
import { bytes, count, duration, json, table } from '../format.js';
import { ProgressBar } from '../progress-bar.js';
import type { CliCommand } from './command.js';

export const restoreCommand: CliCommand = {
  command: 'restore',
  describe: 'Restore a .heliodump into a new data directory (never overwrites)',
  builder: (y) =>
    y
      .option('input', { alias: 'i', type: 'string', demandOption: true, describe: 'The dump file' })
      .option('target', { alias: 't', type: 'string', demandOption: true, describe: 'The new data directory (must not exist, or be empty)' })
      .option('verify', { type: 'boolean', default: false, describe: 'Check every CRC32 in the file before creating anything' })
      .option('until-segment', { type: 'number', describe: 'Replay segments 1..N only (the state as of that dump)' })
      .option('tables', { type: 'string', describe: 'Only these tables, comma-separated (name or schema.name)' })
      .option('verbose', { type: 'boolean', default: false, describe: 'Print the report' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the report as JSON' })
      .example('$0 restore --input backup.heliodump --target ./restored-data --verify', ''),
  async handler(args) {
    const input = args.input as string;
    const target = args.target as string;
    const until = args['until-segment'] as number | undefined;
    if (until !== undefined && (!Number.isInteger(until) || until < 1))
      throw new CliError(`--until-segment ${String(until)}: expected a segment number (1, 2, ...)`, { exitCode: 2 });
    const tables = typeof args.tables === 'string' ? (args.tables as string).split(',').map((t) => t.trim()).filter(Boolean) : undefined;
    if (args.tables !== undefined && !tables?.length) throw new CliError('--tables: name at least one table', { exitCode: 2 });
    const { restoreDatabase } = await import('@heliosdb/storage');
    const bar = new ProgressBar();
    let report: RestoreReport;
    try {
      if (args.verify) bar.update(null, () => `verifying ${input}`);
      report = await restoreDatabase(input, target, {
        verify: args.verify as boolean,
        ...(until !== undefined && { untilSegment: until }),
        ...(tables && { tables }),
        onProgress: (p) => bar.update(p.totalRows ? p.rows / p.totalRows : null, () => `segment ${p.segment}/${p.segments}, ${count(p.rows)} of ${count(p.totalRows)} rows`),
      });
    } catch (e) {
      throw dumpFailure(e, input, args.verify ? 'restore aborted, nothing was created' : 'restore failed, no target was created');
    } finally {
      bar.done();
    }
    if (report.tornTail)
      process.stderr.write(
        `heliosdb-nano: warning: ${input}: segment ${report.tornTail.segment} is incomplete (an interrupted append) and was left out; restored segments 1..${report.segments}\n`,
      );
    if (args.json) process.stdout.write(json(report));
    else if (args.verbose) process.stdout.write(formatRestoreReport(report));
    return 0;
  },
};

function formatRestoreReport(r: RestoreReport): string {
  const rows: [string, string][] = [
    ['segments replayed', count(r.segments)],
    ['source database', `${r.sourceDatabaseId} at LSN ${r.sourceLsn}`],
    ['new database id', r.databaseId],
    ['tables', count(r.tables)],
    ['rows applied', count(r.rows)],
    ['deletes applied', count(r.tombstones)],
  ];
  if (r.verified) rows.push(['verified', `${count(r.verified.blocks)} blocks, ${bytes(r.verified.uncompressedBytes)}: every CRC32 matches`]);
  rows.push(['time', duration(r.elapsedMs)], ['throughput', `${count(r.rowsPerSecond)} rows/s`]);
  return `restore: ${r.input} -> ${r.target}\n` + table(rows);
}
