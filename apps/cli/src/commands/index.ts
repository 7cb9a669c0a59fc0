import type { CliCommand } from './command.js';

/** Every command the binary offers, in --help order. */
export const commands: readonly CliCommand[] = [];
