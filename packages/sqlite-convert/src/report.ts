import type { ValidationResult } from './source/open-source.js';

export interface ColumnReport {
  readonly name: string;
  /** As declared in SQLite ('' when none). */
  readonly declared: string;
  /** PostgreSQL type, format_type() spelling. */
  readonly type: string;
  readonly decision: string;
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
}

export interface TableReport {
  readonly name: string;
  readonly rows: number;
  readonly ms: number;
  readonly withoutRowid: boolean;
  readonly primaryKey: readonly string[];
  readonly columns: readonly ColumnReport[];
  readonly warnings: readonly string[];
  /** The content checksum computed from the SQLite rows and, after the copy, from the stored rows (equal, or the conversion fails). */
  readonly checksum: string;
}

export interface SkippedObject {
  readonly kind: 'trigger' | 'view' | 'index' | 'check' | 'default' | 'foreign key' | 'table';
  readonly name: string;
  readonly table?: string;
  readonly reason: string;
  readonly sql: string;
}

export interface ConversionReport {
  readonly source: string;
  readonly output: string;
  readonly validation: ValidationResult;
  readonly tables: readonly TableReport[];
  readonly indexes: readonly { readonly name: string; readonly table: string; readonly columns: readonly string[]; readonly unique: boolean }[];
  readonly views: readonly { readonly name: string; readonly definition: string }[];
  readonly foreignKeys: number;
  readonly checks: number;
  readonly skipped: readonly SkippedObject[];
  readonly warnings: readonly string[];
  readonly totalRows: number;
  readonly elapsedMs: number;
  /** Every table's row count and checksum matched after the copy. */
  readonly verified: true;
}

export type ProgressEvent =
  | { readonly kind: 'phase'; readonly phase: 'validate' | 'scan' | 'schema' | 'copy' | 'indexes' | 'constraints' | 'views' | 'verify' | 'finish' }
  | { readonly kind: 'table'; readonly table: string; readonly done: number; readonly total: number }
  | { readonly kind: 'table-done'; readonly table: TableReport };
