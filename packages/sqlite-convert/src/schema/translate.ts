/**
 * SQLite expression and SELECT text -> PostgreSQL text, token by token. Only constructs whose meaning is the
 * same in both are translated; anything else (GLOB, typeof(), strftime(), 0x literals, ...) is reported with
 * the reason, and the caller lists the object as skipped. The result is then parsed by libpg-query.
 */
import { type Token, isOp, isWord, matchParen, pgIdent, tokenize } from './sql-tokens.js';

export type Translation = { readonly ok: true; readonly sql: string } | { readonly ok: false; readonly reason: string };

/** Words that mean the same in both dialects and are emitted as they are. */
const KEYWORDS = new Set(
  (
    'AND OR NOT IN IS NULL BETWEEN LIKE CASE WHEN THEN ELSE END TRUE FALSE AS DISTINCT EXISTS SELECT FROM WHERE GROUP BY ' +
    'ORDER HAVING LIMIT OFFSET JOIN LEFT INNER OUTER CROSS ON USING UNION ALL INTERSECT EXCEPT ASC DESC NULLS FIRST LAST ' +
    'CURRENT_TIMESTAMP CURRENT_DATE CURRENT_TIME ESCAPE ISNULL NOTNULL WITH RECURSIVE VALUES COLLATE'
  ).split(' '),
);

/** Functions with the same name, arguments and result in PostgreSQL (for the argument types SQLite allows). */
const SAME_FUNCTIONS = new Set(['length', 'lower', 'upper', 'abs', 'coalesce', 'nullif', 'substr', 'trim', 'ltrim', 'rtrim', 'replace', 'count', 'sum', 'avg']);
const RENAMED_FUNCTIONS = new Map([
  ['ifnull', 'coalesce'],
  ['instr', 'strpos'],
]);
const UNTRANSLATABLE_WORDS = new Set(['GLOB', 'REGEXP', 'MATCH', 'RAISE', 'INDEXED', 'NATURAL', 'CAST', 'FILTER', 'OVER', 'WINDOW']);

export interface TranslateContext {
  /** Lower-cased name -> the exact name, for bare identifiers (SQLite is case-insensitive, PostgreSQL folds). */
  readonly names: ReadonlyMap<string, string>;
}

export function translateTokens(tokens: readonly Token[], ctx: TranslateContext): Translation {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    switch (t.kind) {
      case 'string':
        out.push(`'${t.text.replace(/'/g, "''")}'`);
        break;
      case 'blob':
        out.push(`'\\x${t.text.toLowerCase()}'::bytea`);
        break;
      case 'number':
        if (/^0x/i.test(t.text)) return { ok: false, reason: `hexadecimal literal ${t.text}` };
        out.push(t.text);
        break;
      case 'param':
        return { ok: false, reason: `parameter ${t.text}` };
      case 'ident':
        out.push(pgIdent(t.text));
        break;
      case 'op':
        if (t.text === '==') out.push('=');
        else if (t.text === '->') return { ok: false, reason: 'JSON operator ->' };
        else out.push(t.text);
        break;
      case 'word': {
        const upper = t.text.toUpperCase();
        const lower = t.text.toLowerCase();
        if (isOp(next, '(') && !KEYWORDS.has(upper)) {
          const fn = translateCall(tokens, i, lower, ctx);
          if (!fn.ok) return fn;
          out.push(fn.sql);
          i = fn.end;
          break;
        }
        if (UNTRANSLATABLE_WORDS.has(upper)) return { ok: false, reason: `${upper} has no PostgreSQL equivalent here` };
        if (upper === 'COLLATE') return { ok: false, reason: 'COLLATE (SQLite collations differ from PostgreSQL)' };
        if (KEYWORDS.has(upper)) out.push(upper);
        else if (ctx.names.has(lower)) out.push(pgIdent(ctx.names.get(lower)!));
        else out.push(lower);
        break;
      }
    }
  }
  return { ok: true, sql: out.join(' ').replace(/ \( /g, ' (').replace(/\( /g, '(').replace(/ \)/g, ')').replace(/ ,/g, ',').replace(/ \. /g, '.') };
}

function translateCall(
  tokens: readonly Token[],
  at: number,
  name: string,
  ctx: TranslateContext,
): { ok: true; sql: string; end: number } | { ok: false; reason: string } {
  const close = matchParen(tokens, at + 1);
  if (close < 0) return { ok: false, reason: 'unbalanced parentheses' };
  const args = tokens.slice(at + 2, close);
  // datetime('now') / date('now') / time('now') are UTC text in SQLite; PostgreSQL's CURRENT_* run in the session zone (UTC by default).
  if (args.length === 1 && args[0]!.kind === 'string' && args[0]!.text.toLowerCase() === 'now') {
    const mapped = { datetime: 'CURRENT_TIMESTAMP', date: 'CURRENT_DATE', time: 'CURRENT_TIME' }[name];
    if (mapped) return { ok: true, sql: mapped, end: close };
  }
  let pgName: string | undefined;
  if (SAME_FUNCTIONS.has(name)) pgName = name;
  else if (RENAMED_FUNCTIONS.has(name)) pgName = RENAMED_FUNCTIONS.get(name);
  else if ((name === 'max' || name === 'min') && !hasTopLevelComma(args)) pgName = name;
  else if (name === 'max' || name === 'min') pgName = name === 'max' ? 'greatest' : 'least';
  if (!pgName) return { ok: false, reason: `function ${name}() is not translated` };
  if (isWord(args[0], 'DISTINCT') && pgName !== 'count' && pgName !== 'sum' && pgName !== 'avg') return { ok: false, reason: `${name}(DISTINCT ...)` };
  const inner = args.length === 1 && isOp(args[0], '*') ? { ok: true as const, sql: '*' } : translateTokens(args, ctx);
  if (!inner.ok) return inner;
  return { ok: true, sql: `${pgName}(${inner.sql})`, end: close };
}

function hasTopLevelComma(tokens: readonly Token[]): boolean {
  let depth = 0;
  for (const t of tokens) {
    if (isOp(t, '(')) depth++;
    else if (isOp(t, ')')) depth--;
    else if (depth === 0 && isOp(t, ',')) return true;
  }
  return false;
}

export function translateSql(text: string, ctx: TranslateContext): Translation {
  return translateTokens(tokenize(text), ctx);
}

/** Names (exact spelling) of the bare or quoted identifiers an expression mentions, lower-cased. */
export function mentionedNames(tokens: readonly Token[]): Set<string> {
  const s = new Set<string>();
  for (const t of tokens) if (t.kind === 'word' || t.kind === 'ident') s.add(t.text.toLowerCase());
  return s;
}
