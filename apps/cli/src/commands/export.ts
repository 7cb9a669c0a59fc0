import type { CopyResult } from '@heliosdb/sql';
import { CliError } from '../cli-error.js';
import { bytes, count, duration, json } from '../format.js';
import { ProgressBar } from '../progress-bar.js';
import type { CliCommand } from './command.js';
import { FORMAT_CHOICES, formatFor, isBinary, literal, stdoutSink, tableSql, textOptions, withList } from './transfer.js';

/**
 * `heliosdb-nano export`: a table or a query to a file through COPY ... TO, so the rows, the formats and the
 * atomic write (temporary sibling, fsync, rename) are COPY's own. Reads one snapshot and takes no writer lock.
 */
export const exportCommand: CliCommand = {
  command: 'export',
  describe: 'Export a table or a query to CSV, JSON, JSONL, Parquet, Arrow or SQL (format from the extension or --format)',
  builder: (y) =>
    y
      .option('data-dir', { type: 'string', demandOption: true, describe: 'The data directory' })
      .option('table', { type: 'string', describe: 'The table: name or schema.name (quote capitals as in SQL: \'"Orders"\')' })
      .option('query', { type: 'string', describe: 'A SELECT whose rows to export instead of a table' })
      .conflicts('table', 'query')
      .option('output', { alias: 'o', type: 'string', nargs: 1, demandOption: true, describe: 'The file to write, or - for stdout' })
      .option('format', { choices: FORMAT_CHOICES, describe: 'The format (default: from the extension; needed with -)' })
      .option('compression', { choices: ['snappy', 'zstd', 'gzip', 'uncompressed', 'none'], describe: 'Parquet: page compression (default snappy); CSV/JSON/JSONL: gzip or zstd for the whole file (default: none, or by a .gz/.zst extension)' })
      .option('header', { type: 'boolean', default: true, describe: 'CSV: write a header line (--no-header: none)' })
      .option('delimiter', { type: 'string', nargs: 1, describe: 'CSV: the field delimiter (default ,)' })
      .option('null', { type: 'string', nargs: 1, describe: 'CSV: the text of NULL (default: an empty field)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the report as JSON' })
      .example('$0 export --data-dir ./mydata --table products --output products.parquet', '')
      .example("$0 export --data-dir ./mydata --query \"SELECT * FROM orders WHERE total > 100\" --output - --format csv | head", ''),
  async handler(args) {
    const dataDir = args['data-dir'] as string;
    const table = args.table as string | undefined;
    const query = args.query as string | undefined;
    const output = args.output as string;
    if (table === undefined && query === undefined) throw new CliError('name what to export: --table <name> or --query <SELECT ...>', { exitCode: 2 });
    const format = await formatFor(output, args.format as string | undefined, '--output');
    const toStdout = output === '-';
    const compressed = (format === 'csv' || format === 'json' || format === 'jsonl') && (args.compression === 'gzip' || args.compression === 'zstd');
    if (toStdout && process.stdout.isTTY && (isBinary(format) || compressed)) {
      throw new CliError(`refusing to write ${format} to a terminal`, { hint: 'redirect stdout to a file, or pass --output <file>' });
    }
    const compression = args.compression as string | undefined;
    const text = format === 'csv' || format === 'json' || format === 'jsonl';
    if (compression !== undefined && format !== 'parquet' && !text) throw new CliError(`--compression is for Parquet, CSV, JSON and JSONL, not ${format}`, { exitCode: 2 });
    if (compression === 'snappy' && text) throw new CliError(`--compression for ${format} is gzip, zstd or none, not snappy`, { exitCode: 2 });
    const csv = format === 'csv';
    for (const flag of ['delimiter', 'null'] as const) {
      if (args[flag] !== undefined && !csv) throw new CliError(`--${flag} is for CSV, not ${format}`, { exitCode: 2 });
    }

    const { Database, parseSql, loadParser } = await import('@heliosdb/sql');
    await loadParser();
    let source: string;
    if (table !== undefined) source = tableSql(table);
    else {
      const text = query!.trim().replace(/;\s*$/, '');
      let statements;
      try {
        statements = parseSql(text);
      } catch (e) {
        throw new CliError(`--query: ${(e as Error).message}`, { exitCode: 2 });
      }
      if (statements.length !== 1 || !('SelectStmt' in statements[0]!.node)) throw new CliError('--query takes one SELECT statement', { exitCode: 2 });
      // On lines of its own, so a trailing -- comment cannot swallow the rest of the COPY statement.
      source = `(\n${text}\n)`;
    }
    const sql =
      `COPY ${source} TO ${toStdout ? 'STDOUT' : literal(output)}` +
      withList([
        ['FORMAT', literal(format)],
        ...textOptions(args, csv),
        ['COMPRESSION', args.compression as string | undefined],
      ]);

    const db = await Database.open({ dataDir });
    const bar = new ProgressBar();
    const started = performance.now();
    let r: CopyResult;
    try {
      r = await db.copy(sql, {
        ...(toStdout ? { stdout: stdoutSink() } : {}),
        onProgress: (p) => bar.update(null, () => `exporting: ${count(p.rows)} rows, ${bytes(p.bytes)}`),
      });
    } finally {
      bar.done();
      await db.close();
    }
    const elapsedMs = performance.now() - started;
    const report = {
      command: 'export',
      ...(table !== undefined ? { table } : { query }),
      output,
      format: r.format,
      rows: r.rowCount,
      bytes: r.bytes,
      elapsedMs: Math.round(elapsedMs),
      rowsPerSecond: Math.round(r.rowCount / Math.max(elapsedMs / 1000, 1e-3)),
    };
    // With --output - stdout carries the data, so the report goes to stderr.
    const out = toStdout ? process.stderr : process.stdout;
    if (args.json) out.write(json(report));
    else
      out.write(
        `export: ${count(r.rowCount)} rows, ${bytes(r.bytes)} (${r.format}) from ${table ?? 'query'} to ${toStdout ? 'stdout' : output} in ${duration(elapsedMs)}\n`,
      );
    return 0;
  },
};
