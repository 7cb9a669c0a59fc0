import { T, type Value } from '@heliosdb/types';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createReader } from '../create.js';

// Chunk boundaries: a streamed file may be cut anywhere, inside a number, a string escape or a multi-byte character.
const SCHEMA = [{ name: 'n', type: T.numeric() }, { name: 's', type: T.text }, { name: 'i', type: T.int8 }];
const JSON_TEXT = '[\n{"n": -12.5e-3, "s": "a\\"b\\\\c\\u00e9\\ud83c\\udf89 é🎉", "i": -9223372036854775808},\n' +
  '{"n": 1E+2, "s": "", "i": 9223372036854775807}, {"n": 0.000001, "s": null, "i": null}\n]\n';
const WANT: Value[][] = [
  ['-0.0125', 'a"b\\cé🎉 é🎉', -9223372036854775808n],
  ['100', '', 9223372036854775807n],
  ['0.000001', null, null],
];

async function readChunks(chunks: Buffer[], format: 'json' | 'jsonl'): Promise<Value[][]> {
  const rows: Value[][] = [];
  for await (const b of createReader(Readable.from(chunks), { format, schema: SCHEMA }).rows()) rows.push(...b);
  return rows;
}

describe('json reader over chunks', () => {
  it('reads the same rows whatever byte the file is split at', async () => {
    const bytes = Buffer.from(JSON_TEXT, 'utf8');
    expect(await readChunks([bytes], 'json')).toEqual(WANT);
    for (let i = 1; i < bytes.length; i++) expect(await readChunks([bytes.subarray(0, i), bytes.subarray(i)], 'json')).toEqual(WANT);
  });

  it('jsonl likewise', async () => {
    const bytes = Buffer.from(JSON_TEXT.replace(/^\[\n|\n\]\n$/g, '').replace('}, {', '}\n{').replace(/},\n/g, '}\n') + '\n', 'utf8');
    expect(await readChunks([bytes], 'jsonl')).toEqual(WANT);
    for (let i = 1; i < bytes.length; i++) expect(await readChunks([bytes.subarray(0, i), bytes.subarray(i)], 'jsonl')).toEqual(WANT);
  });
});
