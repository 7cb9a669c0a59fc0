#!/usr/bin/env node
/**
 * heliosdb-nano: one binary for the database and its backup, restore and conversion pipeline.
 * Commands are modules under ./commands; each handler returns an exit code and this file is the one
 * place that sets process.exitCode. Heavy modules load inside handlers so `--help` stays instant.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { commands } from './commands/index.js';
import { CliError, reportError } from './cli-error.js';
import { toolVersion } from './version.js';

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const parser = yargs(argv)
    .scriptName('heliosdb-nano')
    .usage('$0 <command> [options]')
    .version(toolVersion())
    .alias('v', 'version')
    .help()
    .alias('h', 'help')
    .strict()
    .strictCommands()
    .demandCommand(1, 'Name a command; see heliosdb-nano --help')
    .recommendCommands()
    .wrap(Math.min(110, process.stderr.columns ?? 100))
    .fail((msg, err) => {
      throw err ?? new CliError(msg, { exitCode: 2, hint: 'see heliosdb-nano --help' });
    });
  skipEagerHelp(parser);
  for (const c of commands) {
    parser.command({
      command: c.command,
      describe: c.describe,
      builder: c.builder,
      handler: async (args) => {
        exitCode = await c.handler(args);
      },
    });
  }
  try {
    await parser.parseAsync();
  } catch (err) {
    return reportError(err);
  }
  return exitCode;
}

/**
 * yargs renders the whole help text before every command handler runs (usage.cacheHelpMessage, so a
 * handler could call showHelp later), measuring every line with string-width: 20-50 ms of each
 * dump, restore or append, for a text nobody reads. No handler here shows help, so that step is
 * skipped; --help and the usage printed on a wrong command are rendered as before (main.test.ts).
 */
function skipEagerHelp(parser: unknown): void {
  const internal = (parser as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } }).getInternalMethods?.();
  const usage = internal?.getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
}

main(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.exitCode = reportError(err);
  },
);
