import type { CliCommand } from './command.js';
import { CliError } from '../cli-error.js';

/**
 * `heliosdb-nano sql`: psql's non-interactive surface over an embedded database. Results print
 * exactly as psql prints them; errors go to stderr in psql's form. Each -c string runs as one query
 * (several statements allowed, every result printed, as psql 15 does); -f and stdin scripts run
 * statement by statement and stop at the first error with exit code 3 (psql's ON_ERROR_STOP=1).
 */
export const sqlCommand: CliCommand = {
  command: 'sql',
  describe: 'Run SQL against a data directory and print results as psql does',
  builder: (y) =>
    y
      .option('data-dir', { type: 'string', describe: 'The data directory' })
      .option('memory', { type: 'boolean', default: false, describe: 'Use a fresh in-memory database' })
      .option('command', { alias: 'c', type: 'string', array: true, describe: 'SQL to run (repeatable)' })
      .option('file', { alias: 'f', type: 'string', describe: 'A script file to run ("-" for stdin)' })
      .option('no-align', { alias: 'A', type: 'boolean', default: false, describe: 'Unaligned output' })
      .option('tuples-only', { alias: 't', type: 'boolean', default: false, describe: 'Print rows only' })
      .option('field-separator', { alias: 'F', type: 'string', describe: 'Field separator for unaligned output' })
      .option('csv', { type: 'boolean', default: false, describe: 'CSV output' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Do not print command tags' })
      .option('create', { type: 'boolean', default: false, describe: 'Create the data directory if it does not exist' }),
  handler: async (args) => {
    const dataDir = args['data-dir'] as string | undefined;
    if (!dataDir && !args.memory) {
      throw new CliError('Either --data-dir or --memory must be specified', { exitCode: 2 });
    }
    const { readFileSync } = await import('node:fs');
    const { Database } = await import('@heliosdb/sql');
    const { runQuery, runScript } = await import('../sql/run-sql.js');
    const output = {
      format: args.csv ? 'csv' : args['no-align'] ? 'unaligned' : 'aligned',
      tuplesOnly: args['tuples-only'] as boolean,
      fieldSeparator: args['field-separator'] as string | undefined,
      quiet: args.quiet as boolean,
    } as const;
    const db = dataDir
      ? await Database.open({ dataDir, create: args.create as boolean })
      : await Database.open({ memory: true });
    try {
      const commands = (args.command as string[] | undefined) ?? [];
      for (const sql of commands) {
        if (!(await runQuery(db, sql, output))) return 1;
      }
      if (args.file !== undefined || commands.length === 0) {
        const file = (args.file as string | undefined) ?? '-';
        const script = readFileSync(file === '-' ? 0 : file, 'utf8');
        const prefix = file === '-' ? '' : `heliosdb-nano:${file}:`;
        if (!(await runScript(db, script, output, prefix))) return 3;
      }
      return 0;
    } finally {
      await db.close();
    }
  },
};
