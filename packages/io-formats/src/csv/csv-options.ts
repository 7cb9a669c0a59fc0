import { FormatError } from '../errors.js';
import type { CsvDialect } from './csv-tokenizer.js';

/** COPY-style CSV options (PostgreSQL's names). */
export interface CsvOptions {
  /** First line holds column names. Writer default true; reader default: sniffed. */
  readonly header?: boolean;
  /** One character; default ','. Reader default: sniffed among , ; TAB |. */
  readonly delimiter?: string;
  /** One character; default '"'. */
  readonly quote?: string;
  /** One character; default the quote (doubling). */
  readonly escape?: string;
  /** The text of NULL; default '' (an unquoted empty field). A quoted field is never NULL. */
  readonly null?: string;
  /** Quote every non-NULL value (true) or those of the named columns. */
  readonly forceQuote?: boolean | readonly string[];
  /** Only 'utf8' (a leading BOM is skipped on read). */
  readonly encoding?: string;
}

export function csvDialect(o: CsvOptions, delimiter = o.delimiter ?? ','): CsvDialect {
  const quote = o.quote ?? '"';
  const escape = o.escape ?? quote;
  for (const [name, v] of [
    ['DELIMITER', delimiter],
    ['QUOTE', quote],
    ['ESCAPE', escape],
  ] as const) {
    if (v.length !== 1) throw new FormatError('csv', `${name} must be a single character, got ${JSON.stringify(v)}`);
    if (v === '\n' || v === '\r') throw new FormatError('csv', `${name} cannot be a line end`);
  }
  if (delimiter === quote) throw new FormatError('csv', 'DELIMITER and QUOTE must differ');
  const enc = (o.encoding ?? 'utf8').toLowerCase().replace('-', '');
  if (enc !== 'utf8') throw new FormatError('csv', `ENCODING ${o.encoding} is not supported; only UTF8`);
  return { delimiter, quote, escape };
}
