/**
 * Parsing with the real PostgreSQL grammar (libpg-query, WASM). The module is loaded once per process;
 * `parseSql` splits a string into its statements and maps parse errors to SqlError with PG's position.
 */
import { loadModule, parseSync } from 'libpg-query';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import type { Node } from './ast.js';
import { SourceText } from './source-text.js';

let loading: Promise<void> | undefined;
let loaded = false;

/** Loads the WASM parser; safe to call many times. */
export function loadParser(): Promise<void> {
  loading ??= loadModule().then(() => {
    loaded = true;
  });
  return loading;
}

export function parserLoaded(): boolean {
  return loaded;
}

export interface ParsedStatement {
  readonly node: Node;
  /** This statement's own text (without the separating semicolon). */
  readonly text: string;
  readonly source: SourceText;
}

/** Parses a string of zero or more statements. Requires `loadParser()` to have resolved. */
export function parseSql(sql: string): ParsedStatement[] {
  if (!loaded) throw new Error('sql parser: call loadParser() (async, once) before parsing');
  const source = new SourceText(sql);
  let result;
  try {
    result = parseSync(sql);
  } catch (e) {
    throw toSyntaxError(e);
  }
  return (result.stmts ?? []).map((raw) => {
    const start = raw.stmt_location ?? 0;
    const end = raw.stmt_len ? start + raw.stmt_len : source.byteLength;
    if (!raw.stmt) throw new Error('sql parser: libpg-query returned a statement without a node');
    return { node: raw.stmt, text: source.slice(start, end).trim(), source };
  });
}

interface LibpgQueryError {
  message: string;
  sqlDetails?: { message: string; cursorPosition: number };
}

function toSyntaxError(e: unknown): SqlError {
  const err = e as LibpgQueryError;
  const message = err.sqlDetails?.message ?? err.message ?? String(e);
  // libpg-query reports PG's cursor position minus one (a 0-based character offset).
  const cursor = err.sqlDetails?.cursorPosition;
  return new SqlError(SqlState.syntaxError, message, cursor !== undefined && cursor >= 0 ? { position: cursor + 1 } : {});
}
