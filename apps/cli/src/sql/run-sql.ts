import type { Database, QueryResult } from '@heliosdb/sql';
import { formatResult } from '@heliosdb/sql';
import { commandTag } from './command-tag.js';
import { formatSqlError, type ErrorLike } from './print-error.js';
import { splitScript } from './split-script.js';

export interface OutputOptions {
  readonly format: 'aligned' | 'unaligned' | 'csv';
  readonly tuplesOnly: boolean;
  readonly fieldSeparator: string | undefined;
  readonly quiet: boolean;
}

/** One psql `-c` string: every statement's result in order; on error print it and return false. */
export async function runQuery(db: Database, sql: string, out: OutputOptions): Promise<boolean> {
  try {
    for (const r of await db.queryAll(sql)) printResult(r, out);
    return true;
  } catch (e) {
    process.stderr.write(formatSqlError(e as ErrorLike, sql));
    return false;
  }
}

/** A script, statement by statement; stops at the first error (psql -v ON_ERROR_STOP=1). */
export async function runScript(db: Database, script: string, out: OutputOptions, prefix: string): Promise<boolean> {
  let statements;
  try {
    statements = splitScript(script);
  } catch (e) {
    process.stderr.write(formatSqlError(e as ErrorLike, script, prefix ? `${prefix}1: ` : ''));
    return false;
  }
  for (const s of statements) {
    try {
      for (const r of await db.queryAll(s.text)) printResult(r, out);
    } catch (e) {
      process.stderr.write(formatSqlError(e as ErrorLike, s.text, prefix ? `${prefix}${s.line}: ` : ''));
      return false;
    }
  }
  return true;
}

function printResult(r: QueryResult, out: OutputOptions): void {
  if (r.fields.length > 0) {
    process.stdout.write(
      formatResult(r, {
        format: out.format,
        tuplesOnly: out.tuplesOnly,
        ...(out.fieldSeparator !== undefined ? { fieldSeparator: out.fieldSeparator } : {}),
      }),
    );
  }
  // psql prints the status tag for every command except a plain SELECT's (and not in quiet or csv/unaligned tuples).
  if (!out.quiet && r.command !== 'SELECT' && r.command !== '') process.stdout.write(`${commandTag(r.command, r.rowCount)}\n`);
}
