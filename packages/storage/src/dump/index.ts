export { dumpDatabase, type DumpOptions } from './dump-database.js';
export { restoreDatabase, RESTORED_LSN, type RestoreOptions, type RestoreReport } from './restore-database.js';
export { restoreIntoMemory, type MemoryRestoreReport } from './restore-memory.js';
export type { DumpReport, DumpProgress } from './dump-report.js';
export { DatabaseDumpError, type DumpErrorCode } from './dump-error.js';
export type { CatalogDocument } from './catalog-document.js';
