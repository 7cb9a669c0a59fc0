import { describe, expect, it } from 'vitest';
import { FormatError } from './errors.js';
import { formatFromExtension, resolveFormat } from './formats.js';

describe('formatFromExtension / resolveFormat', () => {
  it('maps every documented extension, case-insensitively', () => {
    expect(['a.CSV', 'b.json', 'c.JsonL', 'd.ndjson', 'e.parquet', 'f.PQ', 'g.arrow', 'h.ipc', 'i.arrows', 'j.sql'].map(formatFromExtension)).toEqual([
      'csv', 'json', 'jsonl', 'jsonl', 'parquet', 'parquet', 'arrow', 'arrow', 'arrows', 'sql',
    ]);
  });
  it('FORMAT overrides the extension', () => {
    expect(resolveFormat('/tmp/x.txt', 'CSV')).toBe('csv');
    expect(resolveFormat('/tmp/x.csv', 'parquet')).toBe('parquet');
  });
  it('an unknown extension without FORMAT is an error listing the formats', () => {
    expect(() => resolveFormat('/tmp/x.txt')).toThrow(FormatError);
    expect(() => resolveFormat('/tmp/x.txt')).toThrow(/"\.txt".*csv \(\.csv\).*parquet \(\.parquet, \.pq\).*sql \(\.sql\)/);
  });
});
