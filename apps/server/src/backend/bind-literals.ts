/**
 * Binds parameters by rewriting each `$n` into a SQL literal of the same meaning: an unspecified
 * parameter becomes an untyped string literal ('...', resolved from context like PostgreSQL's unknown
 * parameter), a typed one `'...'::type`, NULL `NULL` (or `NULL::type`). Quoting follows
 * standard_conforming_strings = on: only the single quote is doubled. Text never contains NUL.
 * The engine's own parameter support is in flux; this keeps binding exact while it settles.
 */
import { type PgType, type Value, formatTypeName, textOut } from '@heliosdb/types';

export interface LiteralParam {
  readonly type: PgType | undefined;
  readonly value: Value;
}

/** Byte offsets (libpg-query locations) and numbers of every ParamRef in an AST. */
export function paramRefs(node: unknown): { location: number; number: number }[] {
  const out: { location: number; number: number }[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) for (const x of n) walk(x);
    else if (n && typeof n === 'object') {
      for (const [k, v] of Object.entries(n)) {
        if (k === 'ParamRef') {
          const p = v as { number?: number; location?: number };
          out.push({ location: p.location ?? -1, number: p.number ?? 0 });
        }
        walk(v);
      }
    }
  };
  walk(node);
  return out;
}

export function literalFor(p: LiteralParam): string {
  const cast = p.type ? `::${formatTypeName(p.type)}` : '';
  if (p.value === null) return `NULL${cast}`;
  const text = typeof p.value === 'string' ? p.value : textOut(p.type!, p.value);
  return `'${text.replace(/'/g, "''")}'${cast}`;
}

/** Rewrites `sql` (whose AST is `node`) with each $n replaced by the literal for params[n-1]. */
export function bindLiterals(sql: string, node: unknown, params: readonly LiteralParam[]): string {
  const refs = paramRefs(node).sort((a, b) => b.location - a.location);
  if (refs.length === 0) return sql;
  let bytes = Buffer.from(sql, 'utf8');
  for (const r of refs) {
    const token = `$${r.number}`;
    if (r.location < 0 || bytes.toString('latin1', r.location, r.location + token.length) !== token) {
      throw new Error(`parameter binding: $${r.number} not found at byte ${r.location}`);
    }
    const p = params[r.number - 1];
    if (!p) continue; // the engine reports "there is no parameter $n" with its position
    // Parenthesised, so `-$1` or `$1::int` keep their meaning whatever the literal is.
    const lit = Buffer.from(`(${literalFor(p)})`, 'utf8');
    bytes = Buffer.concat([bytes.subarray(0, r.location), lit, bytes.subarray(r.location + token.length)]);
  }
  return bytes.toString('utf8');
}
