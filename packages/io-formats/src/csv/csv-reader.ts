import { formatTypeName, type PgType, type Value } from '@heliosdb/types';
import { FormatError, errorMessage } from '../errors.js';
import type { Source } from '../io/byte-source.js';
import { textChunks } from '../io/text-chunks.js';
import { DEFAULT_BATCH_ROWS, DEFAULT_SAMPLE_ROWS, type ReadOptions } from '../read-options.js';
import type { ColumnSchema, RowReader } from '../schema.js';
import { fitsSniffed } from '../sniff/infer-type.js';
import { textParser, type TextParser } from '../values/text-parse.js';
import { csvDialect, type CsvOptions } from './csv-options.js';
import { sniffColumns, sniffDelimiter } from './csv-sniff.js';
import { CsvTokenizer, type CsvRecord } from './csv-tokenizer.js';

export type CsvReadOptions = CsvOptions & ReadOptions;

/**
 * Reads CSV as PostgreSQL's COPY ... FROM (FORMAT csv) does: an unquoted field equal to NULL is NULL, a quoted one
 * never is. Without a target schema the header, delimiter and column types are sniffed from the first rows.
 */
export function createCsvReader(source: Source, options: CsvReadOptions = {}): RowReader {
  const nullText = options.null ?? '';
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  const onBadRow = options.onBadRow;
  const sampleRows = options.sampleRows ?? DEFAULT_SAMPLE_ROWS;
  const chunks = textChunks(source, options.onBytes);
  let tokenizer: CsvTokenizer | undefined;
  const pending: CsvRecord[] = [];
  let ended = false;
  let sniffed = false;

  async function more(): Promise<boolean> {
    if (ended) return false;
    const next = await chunks.next();
    if (next.done) {
      ended = true;
      tokenizer!.end(pending);
      return true;
    }
    if (!tokenizer) {
      const dialect0 = csvDialect(options, options.delimiter ?? ',');
      const delimiter = options.delimiter ?? sniffDelimiter(next.value.text.slice(0, 65536), dialect0.quote, dialect0.escape);
      tokenizer = new CsvTokenizer(csvDialect(options, delimiter));
    }
    tokenizer.feed(next.value.text, next.value.byteOffset, pending);
    return true;
  }

  const prepared = (async () => {
    const explicit = options.schema;
    const want = explicit ? 2 : sampleRows + 1;
    while (pending.length < want && (await more()));
    const hasHeader = explicit ? (options.header ?? false) : undefined;
    // Only the sample decides the types; a later value that does not fit fails with its line (see castRecord).
    const sniff = sniffColumns(pending.slice(0, want), nullText, options.header ?? hasHeader);
    const first = pending[0];
    let schema: ColumnSchema[];
    if (explicit) {
      schema = [...explicit];
    } else {
      sniffed = true;
      const names = sniff.header && first ? first.fields : sniff.types.map((_, i) => `column${i + 1}`);
      schema = names.map((name, i) => ({ name, type: options.types?.[name] ?? sniff.types[i]! }));
    }
    if (sniff.header) pending.shift();
    return schema;
  })();

  async function* rows(): AsyncGenerator<Value[][]> {
    const schema = await prepared;
    const overridden = schema.map((c) => !sniffed || options.types?.[c.name] !== undefined);
    const parsers = schema.map((c) => textParser(c.type));
    let row = 0;
    for (;;) {
      while (pending.length < batchRows && (await more()));
      if (pending.length === 0) return;
      const recs = pending.splice(0, batchRows);
      const batch: Value[][] = [];
      for (let k = 0; k < recs.length; k++) {
        row++;
        if (!onBadRow) {
          batch.push(castRecord(recs[k]!, schema, parsers, nullText, row, overridden));
          continue;
        }
        try {
          batch.push(castRecord(recs[k]!, schema, parsers, nullText, row, overridden));
        } catch (e) {
          if (!(e instanceof FormatError)) throw e;
          onBadRow(e);
        }
      }
      if (batch.length > 0) yield batch;
    }
  }

  prepared.catch(() => undefined);
  return { schema: prepared, rows };
}

function castRecord(rec: CsvRecord, schema: readonly ColumnSchema[], parsers: readonly TextParser[], nullText: string, row: number, exact: boolean[]): Value[] {
  if (rec.fields.length !== schema.length) {
    if (rec.fields.length === 1 && rec.fields[0] === '' && !rec.quoted[0] && schema.length > 1) {
      throw new FormatError('csv', `empty line; expected ${schema.length} fields`, { line: rec.line, row });
    }
    throw new FormatError('csv', `${rec.fields.length} fields; expected ${schema.length} (${schema.map((c) => c.name).join(', ')})`, {
      line: rec.line,
      row,
    });
  }
  const out: Value[] = new Array(schema.length);
  for (let i = 0; i < schema.length; i++) {
    const text = rec.fields[i]!;
    if (!rec.quoted[i] && text === nullText) {
      out[i] = null;
      continue;
    }
    const col = schema[i]!;
    if (!exact[i] && !fitsSniffed(col.type, text)) throw notFitting(col, text, rec.line, row);
    try {
      out[i] = parsers[i]!(text);
    } catch (e) {
      throw new FormatError('csv', `${errorMessage(e)}`, { line: rec.line, row, column: col.name }, { cause: e });
    }
  }
  return out;
}

function notFitting(col: ColumnSchema, text: string, line: number, row: number): FormatError {
  const shown = text.length > 40 ? text.slice(0, 40) + '...' : text;
  return new FormatError(
    'csv',
    `value ${JSON.stringify(shown)} does not fit the sniffed type ${typeLabel(col.type)}; ` +
      `pass types: { ${JSON.stringify(col.name)}: ... } or a larger sampleRows`,
    { line, row, column: col.name },
  );
}

export function typeLabel(t: PgType): string {
  return formatTypeName(t);
}
