export { startPostgres, hasPostgres, findPostgresBinDir, runCommand } from './postgres.js';
export type { PgCluster, StartOptions, CommandResult } from './postgres.js';
export { tempDir } from './temp-dir.js';
