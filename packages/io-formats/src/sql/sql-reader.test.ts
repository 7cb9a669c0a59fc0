import { PgDate, T, type Value } from '@heliosdb/types';
import { describe, expect, it } from 'vitest';
import { createReader, type ReaderOptions } from '../create.js';
import { FormatError } from '../errors.js';
import { SqlSplitter, type SqlStatement } from './sql-splitter.js';

function read(text: string, options: ReaderOptions = {}) {
  return createReader(Buffer.from(text, 'utf8'), { format: 'sql', ...options });
}

async function readAll(text: string, options: ReaderOptions = {}): Promise<Value[][]> {
  const rows: Value[][] = [];
  for await (const b of read(text, options).rows()) rows.push(...b);
  return rows;
}

async function failure(text: string, options: ReaderOptions = {}): Promise<{ error: FormatError; rows: Value[][] }> {
  const rows: Value[][] = [];
  try {
    for await (const b of read(text, options).rows()) rows.push(...b);
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return { error: e as FormatError, rows };
  }
  throw new Error('expected a FormatError');
}

function split(chunks: string[]): SqlStatement[] {
  const s = new SqlSplitter();
  const out: SqlStatement[] = [];
  let off = 0;
  for (const c of chunks) {
    s.feed(c, off, out);
    off += Buffer.byteLength(c);
  }
  s.end(out);
  return out;
}

const TRICKY = `-- a ; in a comment
SET x = 'a;b';
/* nested /* ; */ still ; comment */ INSERT INTO "t;" VALUES (E'it\\'s;', $q$ ; $q$, $$;$$);
\\connect db
SELECT 'é🎉;'
;tail`;

describe('SqlSplitter', () => {
  const whole = split([TRICKY]);
  // A statement's line is where its text starts: right after the previous statement's end.
  it('splits at top-level semicolons only; meta-commands end at the line end', () => {
    expect(whole.map((s) => [s.text.trim(), s.line, s.meta])).toEqual([
      ["-- a ; in a comment\nSET x = 'a;b'", 1, false],
      [`/* nested /* ; */ still ; comment */ INSERT INTO "t;" VALUES (E'it\\'s;', $q$ ; $q$, $$;$$)`, 2, false],
      ['\\connect db', 3, true],
      ["SELECT 'é🎉;'", 5, false],
      ['tail', 6, false],
    ]);
    expect(whole[4]!.byteOffset).toBe(Buffer.byteLength(TRICKY) - 4);
  });
  it('gives the same statements when the text is split at every position', () => {
    for (let i = 0; i <= TRICKY.length; i++) expect(split([TRICKY.slice(0, i), TRICKY.slice(i)])).toEqual(whole);
  });
  it('an unterminated string at the end names the line where its statement starts', () => {
    expect(() => split(["SELECT 1;\nINSERT INTO t VALUES ('open);\n"])).toThrow(/^sql: line 1, byte 9: unterminated string literal/);
  });
});

const DUMP = `--
-- hand-written in the shape of pg_dump --inserts
--
SET statement_timeout = 0;
SELECT pg_catalog.set_config('search_path', '', false);
CREATE TABLE public.people (
    id integer NOT NULL,
    name character varying(20),
    born date,
    score numeric(6,2) CHECK (score > 0),
    tags text[],
    CONSTRAINT people_pkey PRIMARY KEY (id)
);
ALTER TABLE public.people OWNER TO postgres;
CREATE TABLE public.other (x integer);
INSERT INTO public.other VALUES (99);
INSERT INTO public.people VALUES (1, 'O''Brien; --', '2024-02-29', 12.5, '{a,"b c"}');
INSERT INTO public.people (name, id) VALUES (E'tab\\there\\n', 2), ('$x$', -3);
INSERT INTO public.people VALUES (4, NULL, CAST('2000-01-01' AS date), '-0.5'::numeric, NULL),
  (5, $$dollar 'quoted'$$, '1999-12-31'::date, -1e2, '{}'::text[]);
CREATE INDEX people_name ON public.people USING btree (name);
`;

describe('.sql reader, hand-written files', () => {
  it('takes the schema from CREATE TABLE and rows from INSERT ... VALUES, skipping other statements and tables', async () => {
    const r = read(DUMP);
    expect(await r.schema).toEqual([
      { name: 'id', type: T.int4, nullable: false },
      { name: 'name', type: T.varchar(20) },
      { name: 'born', type: T.date },
      { name: 'score', type: T.numeric(6, 2) },
      { name: 'tags', type: { name: 'text', array: true } },
    ]);
    const rows: Value[][] = [];
    for await (const b of r.rows()) rows.push(...b);
    expect(rows).toEqual([
      [1, "O'Brien; --", new PgDate(19782), '12.50', ['a', 'b c']],
      [2, 'tab\there\n', null, null, null],
      [-3, '$x$', null, null, null],
      [4, null, new PgDate(10957), '-0.50', null],
      [5, "dollar 'quoted'", new PgDate(10956), '-100.00', []],
    ]);
  });

  it('the table option picks another table', async () => {
    expect(await readAll(DUMP, { table: 'other' })).toEqual([[99]]);
    expect(await readAll(DUMP, { table: ['public', 'other'] })).toEqual([[99]]);
  });

  it('INSERTs without CREATE TABLE need a schema; with one they are read', async () => {
    const text = 'INSERT INTO t VALUES (1, true);\nINSERT INTO t VALUES (2, false);\n';
    await expect(read(text).schema).rejects.toThrow(/^sql: line 1, byte 0: INSERT into "t" before any CREATE TABLE for it; pass schema$/);
    const schema = [{ name: 'a', type: T.int8 }, { name: 'b', type: T.bool }];
    expect(await readAll(text, { schema })).toEqual([[1n, true], [2n, false]]);
  });

  it('a value that does not fit its column names line, row and column', async () => {
    const text = 'CREATE TABLE t (a int2, b text);\nINSERT INTO t VALUES (1, \'x\'),\n (70000, \'y\');\n';
    const { error } = await failure(text);
    expect(error.message).toBe('sql: line 3, row 2, column "a", byte 66: value "70000" is out of range for type smallint');
  });

  it('statements that put data in a table another way are errors naming the line and the way out', async () => {
    const head = 'CREATE TABLE t (a int4, b timestamptz DEFAULT now());\n';
    for (const [stmt, what] of <[string, string][]>[
      ['UPDATE t SET a = 2', 'UPDATE statement'],
      ['INSERT INTO t SELECT 1, now()', 'INSERT ... SELECT'],
      ['INSERT INTO t VALUES (1, now())', 'the expression starting "now"'],
      ['INSERT INTO t VALUES (1 + 1, NULL)', 'the operator "+" in VALUES'],
      ['INSERT INTO t (a) VALUES (1)', 'INSERT leaves out column "b", which has a DEFAULT'],
      ['COPY t FROM stdin', 'COPY statement'],
    ]) {
      const { error } = await failure(`${head}\n${stmt};\n`);
      expect(error.line).toBe(3);
      expect(error.message).toContain(what);
      if (!what.startsWith('INSERT leaves')) expect(error.message).toContain('run the file through the SQL engine');
    }
  });

  it('a syntax error at line 900 names line 900 and yields no row past it', async () => {
    const lines = ['CREATE TABLE t (id int4, s text);'];
    for (let i = 2; i <= 1000; i++) lines.push(i === 900 ? `INSERT INTO t VALUES (${i}, 'x',);` : `INSERT INTO t VALUES (${i}, 'row; ${i}');`);
    const { error, rows } = await failure(lines.join('\n') + '\n', { batchRows: 100 });
    expect(error.line).toBe(900);
    expect(error.message).toMatch(/^sql: line 900, byte \d+: syntax error at or near "\)"$/);
    expect(error.byteOffset).toBe(Buffer.byteLength(lines.slice(0, 899).join('\n') + '\n') + `INSERT INTO t VALUES (900, 'x',`.length);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => (r[0] as number) < 900)).toBe(true);
  });
});
