import { extname } from 'node:path';
import { FormatError } from './errors.js';

export type FormatName = 'csv' | 'json' | 'jsonl' | 'parquet' | 'arrow' | 'arrows' | 'sql';

/** Every format, with the file extensions that select it (lower case, with the dot). */
export const FORMATS: Readonly<Record<FormatName, readonly string[]>> = {
  csv: ['.csv'],
  json: ['.json'],
  jsonl: ['.jsonl', '.ndjson'],
  parquet: ['.parquet', '.pq'],
  arrow: ['.arrow', '.ipc', '.feather'],
  arrows: ['.arrows'],
  sql: ['.sql'],
};

const ALIASES: Readonly<Record<string, FormatName>> = {
  ndjson: 'jsonl',
  ipc: 'arrow',
  feather: 'arrow',
  arrow_stream: 'arrows',
  'arrow-stream': 'arrows',
};

const BY_EXTENSION = new Map<string, FormatName>(
  Object.entries(FORMATS).flatMap(([name, exts]) => exts.map((e) => [e, name as FormatName] as const)),
);

export function formatList(): string {
  return Object.entries(FORMATS)
    .map(([name, exts]) => `${name} (${exts.join(', ')})`)
    .join(', ');
}

/** Whole-file compression of the text formats (CSV, JSON, JSONL), as DuckDB's COPY: `.csv.gz`, `.csv.zst`. */
export type TextCompression = 'gzip' | 'zstd';

const COMPRESSION_EXTENSIONS: Readonly<Record<string, TextCompression>> = { '.gz': 'gzip', '.gzip': 'gzip', '.zst': 'zstd', '.zstd': 'zstd' };
const TEXT_FORMATS: ReadonlySet<FormatName> = new Set(['csv', 'json', 'jsonl']);

/** The compression a path's last extension names (case-insensitive), or undefined. */
export function compressionFromExtension(path: string): TextCompression | undefined {
  return COMPRESSION_EXTENSIONS[extname(path).toLowerCase()];
}

/** The path without its compression extension (`t.csv.gz` -> `t.csv`). */
export function withoutCompressionExtension(path: string): string {
  return compressionFromExtension(path) ? path.slice(0, path.length - extname(path).length) : path;
}

/**
 * The format a file name's extension selects, case-insensitively; undefined when the extension is unknown. A text
 * format may be followed by a compression extension (`.csv.gz`, `.jsonl.zst`).
 */
export function formatFromExtension(path: string): FormatName | undefined {
  const direct = BY_EXTENSION.get(extname(path).toLowerCase());
  if (direct || !compressionFromExtension(path)) return direct;
  const inner = BY_EXTENSION.get(extname(withoutCompressionExtension(path)).toLowerCase());
  return inner && TEXT_FORMATS.has(inner) ? inner : undefined;
}

/** A FORMAT option's value (`csv`, `NDJSON`, ...) as a format name, or an error listing the formats. */
export function parseFormatName(name: string): FormatName {
  const lower = name.toLowerCase();
  if (lower in FORMATS) return lower as FormatName;
  const alias = ALIASES[lower];
  if (alias) return alias;
  throw new FormatError('unknown', `unknown format "${name}"; the formats are ${formatList()}`);
}

/**
 * The format to use for a path: an explicit FORMAT wins (as in `WITH (FORMAT csv)`), else the extension.
 * An unknown extension without FORMAT is an error that lists the formats.
 */
export function resolveFormat(path: string | undefined, format?: string): FormatName {
  if (format !== undefined) return parseFormatName(format);
  const byExt = path === undefined ? undefined : formatFromExtension(path);
  if (byExt) return byExt;
  const ext = path === undefined ? '' : extname(path);
  throw new FormatError(
    'unknown',
    `cannot tell the format of ${path === undefined ? 'a stream' : `"${path}"`}` +
      `${ext ? ` from its extension "${ext}"` : ' (no extension)'}; pass FORMAT, one of ${formatList()}`,
  );
}
