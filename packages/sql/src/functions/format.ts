/** format(): %s, %I, %L, %% with optional argument positions (n$) and widths, like PostgreSQL's text_format. */
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import { quoteIdent, quoteLiteral } from './string-functions.js';

export function formatString(fmt: string, args: readonly (string | null)[]): string {
  let out = '';
  let next = 0;
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    const m = /^(?:(\d+)\$)?(-)?(\d+)?([sIL%])/.exec(fmt.slice(i + 1));
    if (!m) {
      if (i + 1 >= fmt.length) throw new SqlError(SqlState.invalidParameterValue, 'unterminated format() type specifier', { hint: 'For a single "%" use "%%".' });
      throw new SqlError(SqlState.invalidParameterValue, `unrecognized format() type specifier "${fmt[i + 1]}"`, { hint: 'For a single "%" use "%%".' });
    }
    i += m[0].length;
    const [, posArg, minus, width, kind] = m;
    if (kind === '%') {
      out += '%';
      continue;
    }
    const index = posArg !== undefined ? Number(posArg) - 1 : next;
    next = index + 1;
    if (index >= args.length) throw new SqlError(SqlState.invalidParameterValue, 'too few arguments for format()');
    const v = args[index]!;
    let s: string;
    if (kind === 's') s = v ?? '';
    else if (kind === 'I') {
      if (v === null) throw new SqlError(SqlState.nullValueNotAllowed, 'null values cannot be formatted as an SQL identifier');
      s = quoteIdent(v);
    } else s = v === null ? 'NULL' : quoteLiteral(v);
    if (width !== undefined) s = minus ? s.padEnd(Number(width)) : s.padStart(Number(width));
    out += s;
  }
  return out;
}
