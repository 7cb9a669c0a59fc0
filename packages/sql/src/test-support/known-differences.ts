/**
 * conformance/known-differences.md lists statements whose difference from PostgreSQL is accepted, each
 * with its reason, as list items: "- `<statement on one line>` — <reason>". Whitespace in the statement
 * is compared collapsed.
 */
import { readFileSync } from 'node:fs';

export const normalizeSql = (sql: string) => sql.replace(/\s+/g, ' ').trim();

export function readKnownDifferences(path: string): Map<string, string> {
  const known = new Map<string, string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^- `(.+)` — (.+)$/.exec(line);
    if (m) known.set(normalizeSql(m[1]!), m[2]!.trim());
  }
  return known;
}
