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

/** The format a file name's extension selects, case-insensitively; undefined when the extension is unknown. */
export function formatFromExtension(path: string): FormatName | undefined {
  return BY_EXTENSION.get(extname(path).toLowerCase());
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
