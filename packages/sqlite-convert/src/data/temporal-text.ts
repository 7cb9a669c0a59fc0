/**
 * The date and time texts SQLite's own functions write (date(), datetime(), strftime('%Y-%m-%dT%H:%M:%fZ')) and
 * ISO 8601 with an offset. Anything else stays text: a Unix epoch number or 'yesterday' is not guessed at.
 */
export const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = '([01]\\d|2[0-3]):([0-5]\\d)(?::([0-5]\\d)(\\.\\d{1,6})?)?';
export const TIMESTAMP_RE = new RegExp(`^(\\d{4}-\\d{2}-\\d{2})[ T]${TIME}$`);
export const TIMESTAMPTZ_RE = new RegExp(`^(\\d{4}-\\d{2}-\\d{2})[ T]${TIME} ?(Z|[+-](?:[01]\\d|2[0-3])(?::?[0-5]\\d)?)$`);

/** PostgreSQL's output text for a timestamp written in one of the forms above (date-only means midnight). */
export function timestampCanonical(s: string): string | null {
  if (DATE_RE.test(s)) return `${s} 00:00:00`;
  const m = TIMESTAMP_RE.exec(s);
  if (!m) return null;
  const frac = (m[5] ?? '').replace(/0+$/, '');
  return `${m[1]} ${m[2]}:${m[3]}:${m[4] ?? '00'}${frac === '.' ? '' : frac}`;
}
