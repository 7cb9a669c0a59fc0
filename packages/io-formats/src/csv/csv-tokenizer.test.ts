import { describe, expect, it } from 'vitest';
import { FormatError } from '../errors.js';
import { CsvTokenizer, type CsvRecord } from './csv-tokenizer.js';

const dialect = { delimiter: ',', quote: '"', escape: '"' };
const text = 'a,"b ""q"", c",\r\n"multi\nline",,""\n"\u00e9🎉",x\n';

function tokenize(chunks: string[]): CsvRecord[] {
  const t = new CsvTokenizer(dialect);
  const out: CsvRecord[] = [];
  for (const c of chunks) t.feed(c, 0, out);
  t.end(out);
  return out;
}

describe('CsvTokenizer', () => {
  const whole = tokenize([text]);
  it('splits fields, unescapes doubled quotes, keeps quoted line ends, tells quoted from unquoted empties', () => {
    expect(whole.map((r) => r.fields)).toEqual([['a', 'b "q", c', ''], ['multi\nline', '', ''], ['é🎉', 'x']]);
    expect(whole.map((r) => r.quoted)).toEqual([[false, true, false], [true, false, true], [true, false]]);
    expect(whole.map((r) => r.line)).toEqual([1, 2, 4]);
  });
  it('gives the same records when the text is split at every position', () => {
    for (let i = 0; i <= text.length; i++) expect(tokenize([text.slice(0, i), text.slice(i)])).toEqual(whole);
  });
  it('reports an unclosed quote with the line where its record starts', () => {
    const t = new CsvTokenizer(dialect);
    const out: CsvRecord[] = [];
    t.feed('x\ny\n"open,\nmore\n', 0, out);
    const err = (() => {
      try {
        t.end(out);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(FormatError);
    expect((err as FormatError).line).toBe(3);
    expect((err as FormatError).byteOffset).toBe(4);
  });
});
