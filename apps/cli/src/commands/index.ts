import type { CliCommand } from './command.js';
import { demoCommand } from './demo.js';

/** Every command the binary offers, in --help order. */
export const commands: readonly CliCommand[] = [
  demoCommand,
];
