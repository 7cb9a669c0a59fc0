import { parseTypeName, type PgType } from '@heliosdb/types';
import { errorMessage } from '../errors.js';
import type { ColumnSchema } from '../schema.js';
import { SqlLexer, type SqlToken } from './sql-lexer.js';
import type { SqlStatement } from './sql-splitter.js';

/** A qualified table name as written ([schema, table] or [table]), identifiers folded as PostgreSQL folds them. */
export type TableName = readonly string[];

export interface CreateTable {
  readonly kind: 'create';
  readonly table: TableName;
  readonly columns: (ColumnSchema & { readonly hasDefault: boolean })[];
}

/** A literal of a VALUES list: its text (null for NULL), the type of any cast, and where it is. */
export interface SqlLiteral {
  readonly text: string | null;
  readonly cast: PgType | undefined;
  readonly at: number;
}

export interface Insert {
  readonly kind: 'insert';
  readonly table: TableName;
  readonly columns: string[] | undefined;
  readonly tuples: SqlLiteral[][];
  readonly lexer: SqlLexer;
  /** Where the INSERT keyword is in the statement text. */
  readonly at: number;
}

export type Parsed = CreateTable | Insert | { readonly kind: 'skip' };

/** Statements that do not change table data: skipped (session settings, ownership, indexes, sequences...). */
const SKIP = new Set(['set', 'reset', 'select', 'alter', 'comment', 'grant', 'revoke', 'begin', 'commit', 'start', 'end',
  'drop', 'analyze', 'vacuum', 'lock', 'savepoint', 'release', 'checkpoint', 'discard', 'security']);

/** The rest of .sql: anything that puts data in a table some other way needs the SQL engine. */
function boundary(lexer: SqlLexer, tok: SqlToken, what: string): never {
  return lexer.fail(
    tok.at,
    `${what} is outside what the .sql reader understands (CREATE TABLE and INSERT ... VALUES with literal values); ` +
      'run the file through the SQL engine instead (heliosdb-nano sql -f FILE)',
  );
}

class Parser {
  tok: SqlToken;
  constructor(readonly lexer: SqlLexer) {
    this.tok = lexer.next();
  }
  advance(): SqlToken {
    const t = this.tok;
    this.tok = this.lexer.next();
    return t;
  }
  isWord(w: string): boolean {
    return this.tok.kind === 'ident' && this.tok.value === w;
  }
  isOp(o: string): boolean {
    return this.tok.kind === 'op' && this.tok.value === o;
  }
  syntax(): never {
    const t = this.tok;
    const near = t.kind === 'end' ? 'end of statement' : `"${this.lexer.stmt.text.slice(t.at, t.at + Math.max(1, t.value.length)).slice(0, 40)}"`;
    return this.lexer.fail(t.at, `syntax error at or near ${near}`);
  }
  expectOp(o: string): void {
    if (!this.isOp(o)) this.syntax();
    this.advance();
  }
  expectWord(w: string): void {
    if (!this.isWord(w)) this.syntax();
    this.advance();
  }
  ident(): string {
    if (this.tok.kind !== 'ident' && this.tok.kind !== 'qident') this.syntax();
    return this.advance().value;
  }
  qualifiedName(): string[] {
    const parts = [this.ident()];
    while (this.isOp('.')) {
      this.advance();
      parts.push(this.ident());
    }
    return parts;
  }
  /** Type-name tokens up to a stop word or a top-level `,` / `)`: `character varying(20)`, `integer[]`. */
  typeName(stop: ReadonlySet<string>): { type: PgType; at: number } {
    const at = this.tok.at;
    let text = '';
    let depth = 0;
    for (;;) {
      const t = this.tok;
      if (t.kind === 'end') break;
      if (depth === 0 && t.kind === 'op' && (t.value === ',' || t.value === ')' || t.value === '::')) break;
      if (depth === 0 && t.kind === 'ident' && stop.has(t.value)) break;
      if (t.kind === 'op' && t.value === '(') depth++;
      if (t.kind === 'op' && t.value === ')') depth--;
      text += t.kind === 'op' || text === '' || text.endsWith('(') ? t.value : ' ' + t.value;
      this.advance();
    }
    try {
      return { type: parseTypeName(text), at };
    } catch (e) {
      return this.lexer.fail(at, `type ${JSON.stringify(text)}: ${errorMessage(e)}`);
    }
  }
}

const COLUMN_STOP = new Set(['not', 'null', 'default', 'primary', 'unique', 'check', 'references', 'constraint', 'collate', 'generated']);
const TABLE_CONSTRAINT = new Set(['constraint', 'primary', 'unique', 'check', 'foreign', 'exclude', 'like']);

/** Parses one statement as far as the reader needs it. */
export function parseStatement(stmt: SqlStatement): Parsed {
  if (stmt.meta) return { kind: 'skip' };
  const lexer = new SqlLexer(stmt);
  const p = new Parser(lexer);
  if (p.tok.kind === 'end') return { kind: 'skip' };
  const first = p.tok;
  if (first.kind !== 'ident') p.syntax();
  if (first.value === 'create') return parseCreate(p);
  if (first.value === 'insert') return parseInsert(p);
  if (SKIP.has(first.value)) return { kind: 'skip' };
  return boundary(lexer, first, `${first.value.toUpperCase()} statement`);
}

function parseCreate(p: Parser): Parsed {
  p.advance();
  if (p.isWord('or')) return { kind: 'skip' }; // CREATE OR REPLACE FUNCTION/VIEW ...
  while (['unlogged', 'temp', 'temporary', 'global', 'local'].some((w) => p.isWord(w))) p.advance();
  if (!p.isWord('table')) return { kind: 'skip' }; // CREATE INDEX / SEQUENCE / SCHEMA / TYPE ...
  p.advance();
  if (p.isWord('if')) {
    p.advance();
    p.expectWord('not');
    p.expectWord('exists');
  }
  const table = p.qualifiedName();
  if (p.isWord('as') || p.isWord('partition') || p.isWord('of')) boundary(p.lexer, p.tok, `CREATE TABLE ... ${p.tok.value.toUpperCase()}`);
  p.expectOp('(');
  const columns: CreateTable['columns'] = [];
  for (;;) {
    if (p.tok.kind === 'ident' && TABLE_CONSTRAINT.has(p.tok.value)) {
      skipBalanced(p);
    } else {
      const name = p.ident();
      const { type } = p.typeName(COLUMN_STOP);
      let nullable = true;
      let hasDefault = false;
      while (!(p.isOp(',') || p.isOp(')') || p.tok.kind === 'end')) {
        if (p.isWord('not')) {
          p.advance();
          if (p.isWord('null')) nullable = false;
        } else if (p.isWord('default') || p.isWord('generated')) hasDefault = true;
        if (p.isOp('(')) skipParens(p);
        else p.advance();
      }
      columns.push({ name, type, nullable, hasDefault });
    }
    if (p.isOp(',')) {
      p.advance();
      continue;
    }
    p.expectOp(')');
    break;
  }
  return { kind: 'create', table, columns };
}

function skipParens(p: Parser): void {
  let depth = 0;
  do {
    if (p.tok.kind === 'end') p.syntax();
    if (p.isOp('(')) depth++;
    if (p.isOp(')')) depth--;
    p.advance();
  } while (depth > 0);
}

/** Skips a table constraint up to its top-level `,` or the closing `)`. */
function skipBalanced(p: Parser): void {
  while (!(p.isOp(',') || p.isOp(')'))) {
    if (p.tok.kind === 'end') p.syntax();
    if (p.isOp('(')) skipParens(p);
    else p.advance();
  }
}

function parseInsert(p: Parser): Insert {
  const at = p.advance().at;
  p.expectWord('into');
  const table = p.qualifiedName();
  if (p.isWord('as')) {
    p.advance();
    p.ident();
  }
  let columns: string[] | undefined;
  if (p.isOp('(')) {
    p.advance();
    columns = [p.ident()];
    while (p.isOp(',')) {
      p.advance();
      columns.push(p.ident());
    }
    p.expectOp(')');
  }
  if (p.isWord('overriding')) {
    p.advance();
    p.advance();
    p.expectWord('value');
  }
  if (!p.isWord('values')) {
    if (p.isWord('select') || p.isWord('with') || p.isWord('default') || p.isWord('table')) boundary(p.lexer, p.tok, `INSERT ... ${p.tok.value.toUpperCase()}`);
    p.syntax();
  }
  p.advance();
  const tuples: SqlLiteral[][] = [];
  for (;;) {
    p.expectOp('(');
    const tuple: SqlLiteral[] = [literal(p)];
    while (p.isOp(',')) {
      p.advance();
      tuple.push(literal(p));
    }
    p.expectOp(')');
    tuples.push(tuple);
    if (!p.isOp(',')) break;
    p.advance();
  }
  if (p.tok.kind !== 'end') {
    if (p.isWord('on') || p.isWord('returning')) boundary(p.lexer, p.tok, `INSERT ... ${p.tok.value.toUpperCase()}`);
    p.syntax();
  }
  return { kind: 'insert', table, columns, tuples, lexer: p.lexer, at };
}

const CAST_STOP = new Set<string>();

/** NULL, TRUE/FALSE, a signed number, or a string, optionally with `::type` casts; CAST(literal AS type). */
function literal(p: Parser, nested = false): SqlLiteral {
  const at = p.tok.at;
  let text: string | null;
  let cast: PgType | undefined;
  if (p.isWord('cast')) {
    p.advance();
    p.expectOp('(');
    const inner = literal(p, true);
    p.expectWord('as');
    const t = p.typeName(CAST_STOP);
    p.expectOp(')');
    text = inner.text;
    cast = t.type;
  } else if (p.isWord('null')) {
    p.advance();
    text = null;
  } else if (p.isWord('true') || p.isWord('false')) {
    text = p.advance().value;
  } else if (p.isOp('-') || p.isOp('+')) {
    const sign = p.advance().value;
    if (p.tok.kind !== 'number') p.syntax();
    text = (sign === '-' ? '-' : '') + p.advance().value;
  } else if (p.tok.kind === 'number' || p.tok.kind === 'string') {
    text = p.advance().value;
  } else if (p.isWord('default') || p.isWord('array') || p.tok.kind === 'ident') {
    if (p.isWord('default')) boundary(p.lexer, p.tok, 'DEFAULT in VALUES');
    return boundary(p.lexer, p.tok, `the expression starting "${p.tok.value}"`);
  } else {
    return p.syntax();
  }
  while (p.isOp('::')) {
    p.advance();
    cast = p.typeName(CAST_STOP).type;
  }
  if (!nested && !(p.isOp(',') || p.isOp(')'))) {
    if (p.tok.kind === 'op' && p.tok.value !== '(' && p.tok.value !== ';') boundary(p.lexer, p.tok, `the operator "${p.tok.value}" in VALUES`);
    p.syntax();
  }
  return { text, cast, at };
}

/** Whether a statement's table name (as written) is the one asked for; an unqualified request matches any schema. */
export function sameTable(written: TableName, wanted: TableName): boolean {
  if (wanted.length === 1) return written[written.length - 1] === wanted[0];
  return written.length === wanted.length && written.every((w, i) => w === wanted[i]);
}

export function tableLabel(t: TableName): string {
  return t.map((x) => JSON.stringify(x)).join('.');
}

