/**
 * Errors in psql's form on stderr: `ERROR:  message`, then `LINE n: ...` with a caret under the
 * cursor position when the error has one, then `DETAIL:` and `HINT:` lines.
 */
export interface ErrorLike {
  message: string;
  severity?: string;
  detail?: string;
  hint?: string;
  position?: number;
}

export function formatSqlError(err: ErrorLike, query: string, prefix = ''): string {
  let out = `${prefix}${err.severity ?? 'ERROR'}:  ${err.message}\n`;
  if (err.position !== undefined && err.position > 0) out += cursorLines(query, err.position);
  if (err.detail) out += `DETAIL:  ${err.detail}\n`;
  if (err.hint) out += `HINT:  ${err.hint}\n`;
  return out;
}

/** psql's `LINE n: <text>` and the caret line (position is a 1-based character offset). */
function cursorLines(query: string, position: number): string {
  const chars = Array.from(query);
  const at = Math.min(position - 1, chars.length);
  let lineNo = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    if (chars[i] === '\n') {
      lineNo++;
      lineStart = i + 1;
    }
  }
  let lineEnd = chars.indexOf('\n', lineStart);
  if (lineEnd < 0) lineEnd = chars.length;
  const label = `LINE ${lineNo}: `;
  const text = chars.slice(lineStart, lineEnd).join('').replace(/\t/g, ' ');
  return `${label}${text}\n${' '.repeat(label.length + (at - lineStart))}^\n`;
}
