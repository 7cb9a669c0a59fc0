import type { FormatName } from './formats.js';

/** Where in a file a problem is. Every field is optional: formats know different things (a CSV line, a Parquet row group). */
export interface FormatErrorPlace {
  /** 1-based physical line (CSV, JSON, JSONL, SQL). */
  readonly line?: number;
  /** 1-based data row (header excluded); for Parquet/Arrow the row index within the file, 0-based. */
  readonly row?: number;
  /** 1-based column number or the column's name. */
  readonly column?: number | string;
  /** Byte offset from the start of the file. */
  readonly byteOffset?: number;
  /** Parquet row group or Arrow record batch, 0-based. */
  readonly batch?: number;
}

/** An error reading or writing a file, naming the format and the place. */
export class FormatError extends Error {
  override readonly name = 'FormatError';
  readonly format: FormatName | 'unknown';
  readonly line: number | undefined;
  readonly row: number | undefined;
  readonly column: number | string | undefined;
  readonly byteOffset: number | undefined;
  readonly batch: number | undefined;
  readonly detail: string;

  constructor(format: FormatName | 'unknown', detail: string, place: FormatErrorPlace = {}, options?: { cause?: unknown }) {
    super(`${format}: ${describePlace(place)}${detail}`, options);
    this.format = format;
    this.detail = detail;
    this.line = place.line;
    this.row = place.row;
    this.column = place.column;
    this.byteOffset = place.byteOffset;
    this.batch = place.batch;
  }
}

function describePlace(p: FormatErrorPlace): string {
  const parts: string[] = [];
  if (p.line !== undefined) parts.push(`line ${p.line}`);
  if (p.batch !== undefined) parts.push(`batch ${p.batch}`);
  if (p.row !== undefined) parts.push(`row ${p.row}`);
  if (p.column !== undefined) parts.push(typeof p.column === 'number' ? `column ${p.column}` : `column "${p.column}"`);
  if (p.byteOffset !== undefined) parts.push(`byte ${p.byteOffset}`);
  return parts.length ? parts.join(', ') + ': ' : '';
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
