export { convertSqlite, MARKER_FILE, type ConvertOptions } from './convert.js';
export { validateSqliteDatabase, readHeader, type ValidationResult, type SqliteHeader, type CheckMode, type OpenSourceOptions } from './source/open-source.js';
export { connectWithAutoConversion, type AutoConversionOptions, type AutoConnection } from './auto-connect.js';
export { SqliteConvertError, LOCKED_MESSAGE, type SqliteConvertErrorCode } from './errors.js';
export type { ConversionReport, TableReport, ColumnReport, SkippedObject, ProgressEvent } from './report.js';
export type { MixedTypesPolicy } from './data/scan-table.js';
