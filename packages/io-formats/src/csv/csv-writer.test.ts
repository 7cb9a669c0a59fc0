import { T, type Value } from '@heliosdb/types';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createWriter } from '../create.js';

async function csv(schema: { name: string; type: typeof T.int4 }[], rows: Value[][], options = {}): Promise<string> {
  const parts: Buffer[] = [];
  const sink = new Writable({ write: (c: Buffer, _e, cb) => (parts.push(c), cb()) });
  const w = await createWriter(sink, schema, { format: 'csv', header: false, ...options });
  await w.writeRows(rows);
  await w.finish();
  return Buffer.concat(parts).toString('utf8');
}

describe('csv writer fast paths (integers digit by digit, plain ASCII text copied)', () => {
  it('integers: the text String() gives, at the edges and at random', async () => {
    const ints = [0, -0, 1, -1, 9, 10, -10, 99, 100, 32767, -32768, 2147483647, -2147483648];
    for (let i = 0; i < 5000; i++) ints.push(Math.floor((Math.random() - 0.5) * 2 ** (1 + (i % 32))));
    const bigs = [0n, -1n, 9007199254740991n, -9007199254740991n, 9007199254740992n, -9007199254740992n,
      9223372036854775807n, -9223372036854775808n];
    for (let i = 0; i < 5000; i++) bigs.push(BigInt(Math.floor((Math.random() - 0.5) * 2 ** (1 + (i % 54)))));
    const rows = ints.map((v, i) => [v, bigs[i % bigs.length]!, i % 7 === 0 ? null : v] as Value[]);
    const got = await csv([{ name: 'a', type: T.int4 }, { name: 'b', type: T.int8 }, { name: 'c', type: T.int2 }], rows);
    expect(got).toBe(rows.map((r) => r.map((v) => (v === null ? '' : String(v))).join(',') + '\n').join(''));
  });

  it('a NULL string that looks like a number still quotes the number equal to it', async () => {
    const got = await csv([{ name: 'a', type: T.int4 }], [[1], [null], [12]], { null: '1' });
    expect(got).toBe('"1"\n1\n12\n');
  });

  it('text: plain values as they are; delimiter, quote, line ends, empty string and non-ASCII take the quoting path', async () => {
    const texts = ['plain', '', 'a,b', 'say "hi"', 'line\nbreak', 'cr\r', 'ü', 'tab\there', ' spaced '];
    const got = await csv([{ name: 's', type: T.text }], texts.map((t) => [t]));
    expect(got).toBe('plain\n""\n"a,b"\n"say ""hi"""\n"line\nbreak"\n"cr\r"\nü\ntab\there\n spaced \n');
    expect(await csv([{ name: 's', type: T.text }], [['a;b'], ['a,b']], { delimiter: ';' })).toBe('"a;b"\na,b\n');
  });
});
