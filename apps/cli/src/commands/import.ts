import { stat } from 'node:fs/promises';
import type { CopyResult } from '@heliosdb/sql';
import { CliError } from '../cli-error.js';
import { bytes, count, duration, json } from '../format.js';
import { ProgressBar } from '../progress-bar.js';
import type { CliCommand } from './command.js';
import { FORMAT_CHOICES, formatFor, literal, tableSql, textOptions, withList } from './transfer.js';

/**
 * `heliosdb-nano import`: a file into a table through COPY ... FROM, in one transaction: the first bad row
 * (or, with --on-error ignore, the first malformed record) rolls everything back, a created table included.
 */
export const importCommand: CliCommand = {
  command: 'import',
  describe: 'Import a CSV, JSON, JSONL, Parquet, Arrow or SQL file into a table (all or nothing)',
  builder: (y) =>
    y
      .option('data-dir', { type: 'string', demandOption: true, describe: 'The data directory' })
      .option('table', { type: 'string', demandOption: true, describe: 'The table: name or schema.name (quote capitals as in SQL: \'"Orders"\')' })
      .option('input', { alias: 'i', type: 'string', nargs: 1, demandOption: true, describe: 'The file to read, or - for stdin' })
      .option('format', { choices: FORMAT_CHOICES, describe: 'The format (default: from the extension; needed with -)' })
      .option('create', { type: 'boolean', default: false, describe: "Create the table from the file's columns when it does not exist" })
      .option('header', { type: 'boolean', default: true, describe: 'CSV: the first line holds column names (--no-header: it does not)' })
      .option('delimiter', { type: 'string', nargs: 1, describe: 'CSV: the field delimiter (default ,)' })
      .option('null', { type: 'string', nargs: 1, describe: 'CSV: the text of NULL (default: an empty field)' })
      .option('on-error', { choices: ['stop', 'ignore'], default: 'stop', describe: 'ignore: skip rows whose values do not convert (COPY ON_ERROR)' })
      .option('rejects', { type: 'string', nargs: 1, describe: 'With --on-error ignore: write the skipped rows (line, row, column, error) to this CSV file' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the report as JSON' })
      .example('$0 import --data-dir ./mydata --table products --input products.parquet', '')
      .example('$0 import --data-dir ./mydata --table events --input events.csv --create --on-error ignore --rejects bad.csv', ''),
  async handler(args) {
    const dataDir = args['data-dir'] as string;
    const table = tableSql(args.table as string);
    const input = args.input as string;
    const format = await formatFor(input, args.format as string | undefined, '--input');
    const fromStdin = input === '-';
    const csv = format === 'csv';
    for (const flag of ['delimiter', 'null'] as const) {
      if (args[flag] !== undefined && !csv) throw new CliError(`--${flag} is for CSV, not ${format}`, { exitCode: 2 });
    }
    const ignore = args['on-error'] === 'ignore';
    if (args.rejects !== undefined && !ignore) throw new CliError('--rejects needs --on-error ignore', { exitCode: 2 });
    let size: number | undefined;
    if (!fromStdin) {
      try {
        size = (await stat(input)).size;
      } catch {
        throw new CliError(`${input}: no such file`);
      }
    }
    const sql =
      `COPY ${table} FROM ${fromStdin ? 'STDIN' : literal(input)}` +
      withList([
        ['FORMAT', literal(format)],
        ...textOptions(args, csv),
        ['ON_ERROR', ignore ? 'ignore' : undefined],
        ['REJECTS', args.rejects === undefined ? undefined : literal(args.rejects as string)],
      ]);

    const { Database } = await import('@heliosdb/sql');
    const db = await Database.open({ dataDir });
    const bar = new ProgressBar();
    const started = performance.now();
    let r: CopyResult;
    try {
      r = await db.copy(sql, {
        ...(fromStdin ? { stdin: process.stdin } : {}),
        createMissing: args.create as boolean,
        onProgress: (p) =>
          bar.update(size && p.bytes ? p.bytes / size : null, () => `importing: ${count(p.rows)} rows${p.bytes ? `, ${bytes(p.bytes)}` : ''}`),
      });
    } catch (e) {
      const err = e as { code?: string; message?: string };
      if (err.code === '42P01' && !args.create) {
        throw new CliError(`${err.message ?? 'the table does not exist'}; nothing was imported`, {
          hint: "pass --create to create it from the file's columns",
        });
      }
      throw e;
    } finally {
      bar.done();
      await db.close();
    }
    const elapsedMs = performance.now() - started;
    for (const n of r.notices) process.stderr.write(`${n.severity}:  ${n.message}\n`);
    const report = {
      command: 'import',
      table: args.table as string,
      input,
      format: r.format,
      rows: r.rowCount,
      bytes: r.bytes || size || 0,
      created: r.created,
      skipped: r.skipped,
      ...(args.rejects !== undefined ? { rejects: args.rejects as string } : {}),
      elapsedMs: Math.round(elapsedMs),
      rowsPerSecond: Math.round(r.rowCount / Math.max(elapsedMs / 1000, 1e-3)),
    };
    if (args.json) process.stdout.write(json(report));
    else {
      const skipped = r.skipped ? `, ${count(r.skipped)} skipped${args.rejects ? ` (listed in ${args.rejects as string})` : ''}` : '';
      process.stdout.write(
        `import: ${count(r.rowCount)} rows, ${bytes(report.bytes)} (${r.format}) from ${fromStdin ? 'stdin' : input} into ${args.table as string}` +
          `${r.created ? ' (created)' : ''}${skipped} in ${duration(elapsedMs)}\n`,
      );
    }
    return 0;
  },
};
