import type { CliCommand } from './command.js';
import { demoCommand } from './demo.js';
import { sqlCommand } from './sql.js';
import { dumpCommand } from './dump.js';
import { inspectCommand } from './inspect.js';
import { restoreCommand } from './restore.js';
import { startCommand } from './start.js';
import { verifyCommand } from './verify.js';
import { convertSqliteCommand } from './convert-sqlite.js';
import { exportCommand } from './export.js';
import { importCommand } from './import.js';

/** Every command the binary offers, in --help order. */
export const commands: readonly CliCommand[] = [
  dumpCommand,
  restoreCommand,
  inspectCommand,
  verifyCommand,
  exportCommand,
  importCommand,
  startCommand,
  convertSqliteCommand,
  sqlCommand,
  demoCommand,
];
