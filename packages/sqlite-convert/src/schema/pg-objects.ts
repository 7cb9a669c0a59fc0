/** DEFAULT, CHECK and view text: SQLite -> PostgreSQL, accepted only when libpg-query parses the result. */
import type * as Sql from '@heliosdb/sql';
import type { Conversion } from '../data/decide-type.js';
import { isWord, tokenize, type Token } from './sql-tokens.js';
import { type TranslateContext, mentionedNames, translateTokens } from './translate.js';

export type Outcome = { readonly ok: true; readonly sql: string } | { readonly ok: false; readonly reason: string };

let sqlModule: typeof Sql | null = null;

/**
 * Loads the SQL package and its parser (libpg-query), which the translations check their results with. Imported
 * when a conversion has a DEFAULT, CHECK or view to translate: loading it takes longer than converting a small file.
 */
export async function loadTranslationParser(): Promise<void> {
  if (sqlModule) return;
  const m = await import('@heliosdb/sql');
  await m.loadParser();
  sqlModule = m;
}

function parses(sql: string): string | null {
  if (!sqlModule) throw new Error('sqlite convert: loadTranslationParser() must run before a translation');
  try {
    sqlModule.parseSql(sql);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

export function translateDefault(defaultSql: string, conversion: Conversion, ctx: TranslateContext): Outcome {
  const tokens = tokenize(defaultSql);
  if (tokens.length === 1 && tokens[0]!.kind === 'ident') {
    // A double-quoted default names no column, so SQLite reads it as a string literal.
    return { ok: true, sql: `'${tokens[0]!.text.replace(/'/g, "''")}'` };
  }
  const inner = unparen(tokens);
  if (conversion === 'bool' && inner.length === 1) {
    const t = inner[0]!;
    if (t.text === '0' || t.text === "'0'" || (t.kind === 'string' && t.text === '0')) return { ok: true, sql: 'false' };
    if (t.text === '1' || (t.kind === 'string' && t.text === '1')) return { ok: true, sql: 'true' };
  }
  const tr = translateTokens(tokens, ctx);
  if (!tr.ok) return tr;
  const err = parses(`SELECT ${tr.sql}`);
  return err ? { ok: false, reason: `PostgreSQL cannot parse ${tr.sql}: ${err}` } : tr;
}

function unparen(tokens: readonly Token[]): readonly Token[] {
  let t = tokens;
  while (t.length >= 2 && t[0]!.text === '(' && t[t.length - 1]!.text === ')' && t[0]!.kind === 'op') t = t.slice(1, -1);
  return t;
}

/** Column types whose comparisons and literals mean something else after the conversion (0/1 vs boolean, text vs date). */
const CHANGED_MEANING = new Set<Conversion>(['bool', 'date', 'timestamp', 'timestamptz', 'jsonb', 'bytea', 'widen']);

export function translateCheck(
  tokens: readonly Token[],
  conversions: ReadonlyMap<string, Conversion>,
  ctx: TranslateContext,
): Outcome {
  for (const name of mentionedNames(tokens)) {
    const exact = ctx.names.get(name);
    const conv = exact === undefined ? undefined : conversions.get(exact);
    if (conv && CHANGED_MEANING.has(conv)) return { ok: false, reason: `column "${exact}" became ${conv === 'widen' ? 'text' : conv}, so the expression would mean something else` };
  }
  const tr = translateTokens(tokens, ctx);
  if (!tr.ok) return tr;
  const err = parses(`SELECT ${tr.sql}`);
  return err ? { ok: false, reason: `PostgreSQL cannot parse ${tr.sql}: ${err}` } : tr;
}

/** CREATE VIEW name [(cols)] AS select -> the SELECT in PostgreSQL spelling. */
export function translateView(sql: string, ctx: TranslateContext): Outcome {
  const tokens = tokenize(sql);
  const as = tokens.findIndex((t) => isWord(t, 'AS'));
  if (as < 0) return { ok: false, reason: 'no AS in CREATE VIEW' };
  const tr = translateTokens(tokens.slice(as + 1), ctx);
  if (!tr.ok) return tr;
  const err = parses(tr.sql);
  return err ? { ok: false, reason: `PostgreSQL cannot parse the translation: ${err}` } : tr;
}
