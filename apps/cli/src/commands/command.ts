import type { Argv } from 'yargs';

/** One CLI command: yargs metadata plus a handler that returns the process exit code. */
export interface CliCommand {
  readonly command: string | readonly string[];
  readonly describe: string;
  readonly builder: (y: Argv) => Argv<any>;
  readonly handler: (args: Record<string, any>) => Promise<number>;
}
