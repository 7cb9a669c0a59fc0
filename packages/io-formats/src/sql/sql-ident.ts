/** A double-quoted identifier (always quoted, so case, keywords and odd characters survive). */
export function quoteIdent(name: string): string {
  if (name.includes('\0')) throw new Error(`identifier ${JSON.stringify(name)} contains a NUL character`);
  return '"' + name.replace(/"/g, '""') + '"';
}
