import type { ConversionReport, TableReport } from '@heliosdb/sqlite-convert';
import { CliError } from '../cli-error.js';
import { count, duration, json, table } from '../format.js';
import { ProgressBar } from '../progress-bar.js';
import type { CliCommand } from './command.js';

const list = (v: unknown): string[] | undefined =>
  v === undefined ? undefined : String(v).split(',').map((s) => s.trim()).filter(Boolean);

export const convertSqliteCommand: CliCommand = {
  command: 'convert-sqlite',
  describe: 'Convert a SQLite file into a new data directory (validated, type-mapped, verified)',
  builder: (y) =>
    y
      .option('sqlite', { type: 'string', demandOption: true, describe: 'The SQLite database file (opened read-only)' })
      .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'The data directory to create (must not exist, or be empty)' })
      .option('tables', { type: 'string', describe: 'Only these tables (comma-separated)' })
      .option('exclude', { type: 'string', describe: 'Leave out these tables (comma-separated)' })
      .option('on-mixed-types', { choices: ['widen', 'fail'] as const, default: 'widen', describe: 'A value of another type than its column: make the column text, or stop' })
      .option('check', { choices: ['quick', 'full'] as const, default: 'quick', describe: 'PRAGMA quick_check, or the full integrity_check' })
      .option('verbose', { type: 'boolean', default: false, describe: 'Per table: rows, time, type decisions, warnings; then what was skipped' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the report as JSON' })
      .example('$0 convert-sqlite --sqlite ./legacy_app.sqlite --output ./heliosdb-data --verbose', 'convert and explain every decision'),
  async handler(args) {
    const { convertSqlite, SqliteConvertError } = await import('@heliosdb/sqlite-convert');
    const bar = new ProgressBar();
    const verbose = args.verbose as boolean;
    let report: ConversionReport;
    try {
      report = await convertSqlite({
        sqlite: args.sqlite as string,
        output: args.output as string,
        tables: list(args.tables),
        exclude: list(args.exclude),
        onMixedTypes: args['on-mixed-types'] as 'widen' | 'fail',
        check: args.check as 'quick' | 'full',
        onProgress: (e) => {
          if (e.kind === 'phase') bar.update(null, e.phase);
          else if (e.kind === 'table') bar.update(e.total ? e.done / e.total : null, `${e.table}: ${count(e.done)}/${count(e.total)} rows`);
          else if (verbose && !args.json) {
            bar.done();
            process.stdout.write(formatTable(e.table));
          }
        },
      });
    } catch (e) {
      bar.done();
      if (e instanceof SqliteConvertError) {
        throw new CliError(e.detail ? `${e.message}\n${e.detail}` : e.message, { ...(e.hint && { hint: e.hint }) });
      }
      throw e;
    }
    bar.done();
    if (args.json) process.stdout.write(json(report));
    else process.stdout.write(formatSummary(report, verbose));
    return 0;
  },
};

function formatTable(t: TableReport): string {
  const lines = [`table ${t.name}: ${count(t.rows)} rows in ${duration(t.ms)}${t.withoutRowid ? ' (WITHOUT ROWID)' : ''}, checksum ${t.checksum}`];
  for (const c of t.columns) {
    lines.push(`  ${c.name}: ${c.decision}`);
    for (const n of c.notes) lines.push(`    note: ${n}`);
  }
  for (const w of t.warnings) lines.push(`  warning: ${w}`);
  return `${lines.join('\n')}\n`;
}

function formatSummary(r: ConversionReport, verbose: boolean): string {
  const bySkip = new Map<string, number>();
  for (const s of r.skipped) bySkip.set(s.kind, (bySkip.get(s.kind) ?? 0) + 1);
  let out = `converted ${r.source} -> ${r.output}\n`;
  out += table([
    ['tables', count(r.tables.length)],
    ['rows', `${count(r.totalRows)} (row counts and checksums verified)`],
    ['indexes', count(r.indexes.length)],
    ['foreign keys', count(r.foreignKeys)],
    ['checks', count(r.checks)],
    ['views', count(r.views.length)],
    ['skipped', bySkip.size ? [...bySkip].map(([k, n]) => `${n} ${k}`).join(', ') : 'nothing'],
    ['warnings', count(r.warnings.length)],
    ['integrity', `${r.validation.check.mode}_check ok (${r.validation.journalMode} journal)`],
    ['time', duration(r.elapsedMs)],
  ]);
  if (verbose) {
    for (const s of r.skipped) out += `skipped ${s.kind} ${s.name}${s.table ? ` on ${s.table}` : ''}: ${s.reason}\n    ${s.sql.replace(/\s+/g, ' ').slice(0, 300)}\n`;
  } else if (r.warnings.length) {
    out += `${r.warnings.length} warning(s), e.g. ${r.warnings[0]}; see --verbose\n`;
  }
  return out;
}
