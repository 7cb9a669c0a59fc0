import { formatTypeName, type Value } from '@heliosdb/types';
import { FormatError, errorMessage } from '../errors.js';
import type { Source } from '../io/byte-source.js';
import { byteOffsetAt, textChunks } from '../io/text-chunks.js';
import { DEFAULT_BATCH_ROWS, DEFAULT_SAMPLE_ROWS, type ReadOptions } from '../read-options.js';
import type { ColumnSchema, RowReader } from '../schema.js';
import { jsonToValue } from './json-convert.js';
import { JsonParser, JsonSyntaxError, NEED_MORE } from './json-parser.js';
import { JsonTypeSniffer } from './json-sniff.js';
import type { JsonValue } from './json-value.js';

interface JsonRecord {
  readonly value: Map<string, JsonValue>;
  readonly line: number;
}

/**
 * Reads a JSON array of objects (`lines: false`) or JSONL. Objects are parsed one at a time from streamed text,
 * so memory holds one batch, not the file. Keys become columns (first-seen order in the sample).
 */
export function createJsonReader(source: Source, lines: boolean, options: ReadOptions = {}): RowReader {
  const format = lines ? 'jsonl' : 'json';
  const chunks = textChunks(source, options.onBytes);
  let buf = '';
  let bufByte = 0;
  let bufLine = 1;
  let state: 'start' | 'items' | 'done' = lines ? 'items' : 'start';
  let first = true;
  let ended = false;
  const pending: JsonRecord[] = [];

  const place = (pos: number) => {
    let line = bufLine;
    for (let i = buf.indexOf('\n'); i !== -1 && i < pos; i = buf.indexOf('\n', i + 1)) line++;
    return { line, byteOffset: byteOffsetAt(buf, pos, bufByte) };
  };
  const consume = (pos: number) => {
    for (let i = buf.indexOf('\n'); i !== -1 && i < pos; i = buf.indexOf('\n', i + 1)) bufLine++;
    bufByte = byteOffsetAt(buf, pos, bufByte);
    buf = buf.slice(pos);
  };

  /** Parses complete records out of buf; returns when it needs more text. */
  function drain(final: boolean): void {
    for (;;) {
      const p = new JsonParser(buf, final);
      try {
        p.skipWs();
        if (state === 'done') {
          if (!p.atEnd()) p.fail('expected end of input after "]"');
          consume(p.pos);
          return;
        }
        if (state === 'start') {
          if (p.atEnd() && final) p.fail('expected "[" (a JSON file holds one array of objects)');
          p.expect('[');
          state = 'items';
          consume(p.pos);
          continue;
        }
        if (p.atEnd()) {
          if (final && !lines) p.fail('expected "]"');
          consume(p.pos);
          return;
        }
        if (!lines) {
          if (first && p.peek() === 0x5d) {
            p.pos++;
            state = 'done';
            consume(p.pos);
            continue;
          }
          if (!first) {
            const c = p.peek();
            if (c === 0x5d) {
              p.pos++;
              state = 'done';
              consume(p.pos);
              continue;
            }
            p.expect(',');
            p.skipWs();
          }
        }
        const start = p.pos;
        const v = p.value();
        if (!(v instanceof Map)) {
          p.pos = start;
          p.fail(`expected an object for row ${rowsSeen + 1}`);
        }
        if (lines) {
          // the rest of the line must be blank
          while (p.pos < buf.length && (buf[p.pos] === ' ' || buf[p.pos] === '\t' || buf[p.pos] === '\r')) p.pos++;
          if (p.pos >= buf.length && !final) throw NEED_MORE;
          if (p.pos < buf.length && buf[p.pos] !== '\n') p.fail('expected a line end after the object');
        }
        first = false;
        rowsSeen++;
        pending.push({ value: v as Map<string, JsonValue>, line: place(start).line });
        consume(p.pos);
      } catch (e) {
        if (e === NEED_MORE) return;
        if (e instanceof JsonSyntaxError) {
          fault = new FormatError(format, e.message, place(e.pos));
          if (pending.length === 0) throw fault;
          return;
        }
        throw e;
      }
    }
  }
  let rowsSeen = 0;

  // A syntax error is raised once the rows parsed before it have been handed out, so a caller gets every good row.
  let fault: FormatError | undefined;
  async function more(): Promise<boolean> {
    if (fault) throw fault;
    if (ended) return false;
    const next = await chunks.next();
    if (next.done) {
      ended = true;
      drain(true);
      return true;
    }
    if (buf.length === 0) bufByte = next.value.byteOffset;
    buf += next.value.text;
    drain(false);
    return true;
  }

  const sampleRows = options.sampleRows ?? DEFAULT_SAMPLE_ROWS;
  const prepared = (async () => {
    if (options.schema) return [...options.schema];
    while (pending.length < sampleRows && (await more()));
    const sniffers = new Map<string, JsonTypeSniffer>();
    for (const r of pending.slice(0, sampleRows))
      for (const [k, v] of r.value) {
        let s = sniffers.get(k);
        if (!s) sniffers.set(k, (s = new JsonTypeSniffer()));
        s.add(v);
      }
    return [...sniffers].map(([name, s]): ColumnSchema => ({ name, type: options.types?.[name] ?? s.result() }));
  })();

  async function* rows(): AsyncGenerator<Value[][]> {
    const schema = await prepared;
    const sniffed = options.schema === undefined;
    const names = new Set(schema.map((c) => c.name));
    const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
    let row = 0;
    for (;;) {
      while (pending.length < batchRows && (await more()));
      if (pending.length === 0) return;
      const recs = pending.splice(0, batchRows);
      const batch: Value[][] = [];
      for (const r of recs) {
        row++;
        if (options.onBadRow) {
          try {
            batch.push(convert(r, row));
          } catch (e) {
            if (!(e instanceof FormatError)) throw e;
            options.onBadRow(e);
          }
        } else batch.push(convert(r, row));
      }
      if (batch.length > 0) yield batch;
    }

    function convert(r: JsonRecord, row: number): Value[] {
      for (const k of r.value.keys())
        if (!names.has(k)) throw new FormatError(format, `key ${JSON.stringify(k)} is not a column (${[...names].join(', ')})`, { line: r.line, row });
      return schema.map((c) => {
        try {
          return jsonToValue(c.type, r.value.get(c.name) ?? null);
        } catch (e) {
          const hint = sniffed && options.types?.[c.name] === undefined
            ? `; ${c.name} was sniffed as ${formatTypeName(c.type)} from the first ${sampleRows} rows: ` +
              `pass types: { ${JSON.stringify(c.name)}: ... } or a larger sampleRows`
            : '';
          throw new FormatError(format, errorMessage(e) + hint, { line: r.line, row, column: c.name }, { cause: e });
        }
      });
    }
  }
  prepared.catch(() => undefined);
  return { schema: prepared, rows };
}
