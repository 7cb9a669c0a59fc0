/**
 * What `export` and `import` share: table names and file names as SQL text for the COPY statement they run,
 * format resolution, and stdout as a COPY sink that is flushed but never closed.
 */
import { Writable } from 'node:stream';
import { CliError } from '../cli-error.js';

/** The format names --format takes (aliases as COPY's FORMAT accepts them). */
export const FORMAT_CHOICES = ['csv', 'json', 'jsonl', 'ndjson', 'parquet', 'arrow', 'ipc', 'feather', 'arrows', 'sql'] as const;

const IDENT = String.raw`(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*|"(?:[^"]|"")+")`;
const TABLE_NAME = new RegExp(`^${IDENT}(?:\\.${IDENT})?$`);

/**
 * A --table argument as SQL text: `name` or `schema.name`, unquoted names folded to lower case and quoted ones
 * kept, as pg_dump -t and psql read them. Anything else is refused rather than pasted into SQL.
 */
export function tableSql(name: string): string {
  if (!TABLE_NAME.test(name)) {
    throw new CliError(`--table ${JSON.stringify(name)}: not a table name (name or schema.name)`, {
      exitCode: 2,
      hint: `names with spaces or capitals are quoted as in SQL: --table '"${name.replace(/"/g, '""')}"'`,
    });
  }
  return name;
}

export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The format a file needs: --format, else its extension; `-` (a stream) needs --format. */
export async function formatFor(path: string, given: string | undefined, flag: '--output' | '--input'): Promise<string> {
  const { resolveFormat, FormatError } = await import('@heliosdb/io-formats');
  if (path === '-' && given === undefined) {
    throw new CliError(`${flag} - (${flag === '--output' ? 'stdout' : 'stdin'}) needs --format`, { exitCode: 2, hint: 'add --format csv (or json, jsonl, parquet, arrow, arrows, sql)' });
  }
  try {
    return resolveFormat(path === '-' ? undefined : path, given);
  } catch (e) {
    throw new CliError(e instanceof FormatError ? e.detail.replace('pass FORMAT', 'pass --format') : String(e), { exitCode: 2 });
  }
}

/** COPY's WITH list from name/value pairs, leaving out undefined ones. */
/** The HEADER, DELIMITER and NULL options of a COPY statement from the flags of the same names (export and import). */
export function textOptions(args: { header?: unknown; delimiter?: unknown; null?: unknown }, csv: boolean): [string, string | undefined][] {
  return [
    ['HEADER', csv ? String(args.header) : undefined],
    ['DELIMITER', args.delimiter === undefined ? undefined : literal(args.delimiter as string)],
    ['NULL', args.null === undefined ? undefined : literal(args.null as string)],
  ];
}

export function withList(options: readonly (readonly [string, string | undefined])[]): string {
  const parts = options.filter(([, v]) => v !== undefined).map(([k, v]) => `${k} ${v}`);
  return parts.length ? ` WITH (${parts.join(', ')})` : '';
}

/**
 * process.stdout as a COPY sink: writes go through with back-pressure and ending the sink leaves stdout open
 * (the process closes it), so a report can still follow on stderr.
 */
export function stdoutSink(): Writable {
  return new Writable({
    highWaterMark: 1 << 20,
    write(chunk: Buffer, _encoding, callback) {
      // The callback runs once stdout took the bytes (or with EPIPE when the reader went away).
      process.stdout.write(chunk, (err) => callback(err ?? undefined));
    },
    final(callback) {
      callback();
    },
  });
}

export function isBinary(format: string): boolean {
  return ['parquet', 'arrow', 'arrows'].includes(format);
}
