/** to_char(timestamp, format) for the common template patterns (PostgreSQL's formatting.c). */
import { fieldsOf, daysFromCivil } from '../values/temporal.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const PATTERNS = [
  'YYYY', 'YYY', 'YY', 'HH24', 'HH12', 'HH', 'MI', 'SS', 'MS', 'US', 'AM', 'PM', 'am', 'pm', 'A.M.', 'P.M.', 'a.m.', 'p.m.',
  'MONTH', 'Month', 'month', 'MON', 'Mon', 'mon', 'MM', 'DAY', 'Day', 'day', 'DY', 'Dy', 'dy', 'DDD', 'DD', 'D', 'ID', 'Q', 'WW', 'IW', 'J', 'TZ', 'tz', 'SSSS',
];

function capitalise(s: string, as: string): string {
  if (as === as.toUpperCase()) return s.toUpperCase();
  if (as === as.toLowerCase()) return s.toLowerCase();
  return s;
}

export function toChar(micros: bigint, format: string, interval = false): string {
  const x = fieldsOf(micros);
  const days = daysFromCivil(x.year, x.month, x.day);
  const dow = (((days + 4) % 7) + 7) % 7;
  let out = '';
  let i = 0;
  while (i < format.length) {
    if (format[i] === '"') {
      const end = format.indexOf('"', i + 1);
      out += format.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? format.length : end + 1;
      continue;
    }
    if (format[i] === '\\' && i + 1 < format.length) {
      out += format[i + 1];
      i += 2;
      continue;
    }
    let fm = false;
    if (format.startsWith('FM', i)) {
      fm = true;
      i += 2;
    }
    const p = PATTERNS.find((pat) => format.startsWith(pat, i));
    if (!p) {
      out += format[i];
      i++;
      continue;
    }
    i += p.length;
    const num = (v: number, width: number) => (fm ? String(v) : String(v).padStart(width, '0'));
    const word = (w: string) => (fm ? w : w.padEnd(9, ' '));
    const hour = interval ? Math.floor(Number(micros) / 3_600_000_000) : x.hour;
    switch (p) {
      case 'YYYY': out += num(x.year, 4); break;
      case 'YYY': out += num(x.year % 1000, 3); break;
      case 'YY': out += num(x.year % 100, 2); break;
      case 'HH24': out += num(hour, 2); break;
      case 'HH12': case 'HH': out += num(x.hour % 12 === 0 ? 12 : x.hour % 12, 2); break;
      case 'MI': out += num(x.minute, 2); break;
      case 'SS': out += num(x.second, 2); break;
      case 'SSSS': out += String(x.hour * 3600 + x.minute * 60 + x.second); break;
      case 'MS': out += num(Math.floor(x.micro / 1000), 3); break;
      case 'US': out += num(x.micro, 6); break;
      case 'AM': case 'PM': out += x.hour < 12 ? 'AM' : 'PM'; break;
      case 'am': case 'pm': out += x.hour < 12 ? 'am' : 'pm'; break;
      case 'A.M.': case 'P.M.': out += x.hour < 12 ? 'A.M.' : 'P.M.'; break;
      case 'a.m.': case 'p.m.': out += x.hour < 12 ? 'a.m.' : 'p.m.'; break;
      case 'MONTH': case 'Month': case 'month': out += word(capitalise(MONTHS[x.month - 1]!, p)); break;
      case 'MON': case 'Mon': case 'mon': out += capitalise(MONTHS[x.month - 1]!.slice(0, 3), p); break;
      case 'MM': out += num(x.month, 2); break;
      case 'DAY': case 'Day': case 'day': out += word(capitalise(DAYS[dow]!, p)); break;
      case 'DY': case 'Dy': case 'dy': out += capitalise(DAYS[dow]!.slice(0, 3), p); break;
      case 'DDD': out += num(days - daysFromCivil(x.year, 1, 1) + 1, 3); break;
      case 'DD': out += num(x.day, 2); break;
      case 'D': out += String(dow + 1); break;
      case 'ID': out += String(dow === 0 ? 7 : dow); break;
      case 'Q': out += String(Math.floor((x.month - 1) / 3) + 1); break;
      case 'WW': out += num(Math.floor((days - daysFromCivil(x.year, 1, 1)) / 7) + 1, 2); break;
      case 'J': out += String(days + 2440588); break;
      case 'TZ': out += 'UTC'; break;
      case 'tz': out += 'utc'; break;
      default: out += p;
    }
  }
  return out;
}
