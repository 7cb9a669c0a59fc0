import { Acc, USECS_PER_DAY, badFormat, overflow, toInt32 } from './interval-accumulator.js';

/** strtod's prefix for ISO 8601 numbers: PostgreSQL accepts what strtod takes, '-' and '.' starts only. */
const ISO_NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;

function isoNumber(s: string, pos: number): { val: number; ipart: bigint; fpart: number; end: number } {
  const c = s[pos];
  if (!(c !== undefined && ((c >= '0' && c <= '9') || c === '-' || c === '.'))) badFormat();
  const m = ISO_NUMBER.exec(s.slice(pos));
  if (m === null) return badFormat();
  const val = Number(m[0]);
  if (Number.isNaN(val) || val < -1e15 || val > 1e15) overflow();
  const ipart = val >= 0 ? Math.floor(val) : -Math.floor(-val);
  return { val, ipart: BigInt(ipart), fpart: val - ipart, end: pos + m[0].length };
}

function integerWidth(s: string, pos: number): number {
  let p = pos;
  if (s[p] === '-' || s[p] === '+') p++;
  let n = 0;
  while (s[p + n] !== undefined && s[p + n]! >= '0' && s[p + n]! <= '9') n++;
  return n;
}

/** DecodeISO8601Interval: designators (P1Y2M3W4DT5H6M7.5S) or the alternative format (P0001-02-03T04:05:06). */
export function decodeIso8601(s: string): Acc {
  if (s.length < 2 || s[0] !== 'P') badFormat();
  const acc = new Acc();
  let pos = 1;
  let datePart = true;
  let haveField = false;
  while (pos < s.length) {
    if (s[pos] === 'T') {
      datePart = false;
      haveField = false;
      pos++;
      continue;
    }
    const fieldStart = pos;
    let n = isoNumber(s, pos);
    pos = n.end;
    const unit = s[pos] ?? '';
    pos++;
    if (datePart) {
      switch (unit) {
        case 'Y':
          acc.addYears(toInt32(n.ipart));
          acc.fractYears(n.fpart, 1);
          break;
        case 'M':
          acc.addMonths(toInt32(n.ipart));
          acc.fractDays(n.fpart, 30);
          break;
        case 'W':
          acc.addDays(toInt32(n.ipart * 7n));
          acc.fractDays(n.fpart, 7);
          break;
        case 'D':
          acc.addDays(toInt32(n.ipart));
          acc.fractUsec(n.fpart, USECS_PER_DAY);
          break;
        case 'T':
        case '':
        case '-': {
          if ((unit === 'T' || unit === '') && integerWidth(s, fieldStart) === 8 && !haveField) {
            const v = n.ipart;
            acc.addYears(toInt32(v / 10000n));
            acc.addMonths(toInt32((v / 100n) % 100n));
            acc.addDays(toInt32(v % 100n));
            acc.fractUsec(n.fpart, USECS_PER_DAY);
            if (unit === '') return acc;
            datePart = false;
            haveField = false;
            continue;
          }
          if (haveField) badFormat();
          acc.addYears(toInt32(n.ipart));
          acc.fractYears(n.fpart, 1);
          if (unit === '') return acc;
          if (unit === 'T') {
            datePart = false;
            haveField = false;
            continue;
          }
          n = isoNumber(s, pos);
          pos = n.end;
          acc.addMonths(toInt32(n.ipart));
          acc.fractDays(n.fpart, 30);
          if (pos >= s.length) return acc;
          if (s[pos] === 'T') {
            datePart = false;
            haveField = false;
            pos++;
            continue;
          }
          if (s[pos] !== '-') badFormat();
          pos++;
          n = isoNumber(s, pos);
          pos = n.end;
          acc.addDays(toInt32(n.ipart));
          acc.fractUsec(n.fpart, USECS_PER_DAY);
          if (pos >= s.length) return acc;
          if (s[pos] === 'T') {
            datePart = false;
            haveField = false;
            pos++;
            continue;
          }
          badFormat();
          break;
        }
        default:
          badFormat();
      }
    } else {
      switch (unit) {
        case 'H':
          acc.addUsec(n.ipart * 3_600_000_000n);
          acc.fractUsec(n.fpart, 3_600_000_000);
          break;
        case 'M':
          acc.addUsec(n.ipart * 60_000_000n);
          acc.fractUsec(n.fpart, 60_000_000);
          break;
        case 'S':
          acc.addUsec(n.ipart * 1_000_000n);
          acc.fractUsec(n.fpart, 1_000_000);
          break;
        case '':
        case ':': {
          if (unit === '' && integerWidth(s, fieldStart) === 6 && !haveField) {
            const v = n.ipart;
            acc.addUsec((v / 10000n) * 3_600_000_000n + ((v / 100n) % 100n) * 60_000_000n + (v % 100n) * 1_000_000n);
            acc.fractUsec(n.fpart, 1_000_000);
            return acc;
          }
          if (haveField) badFormat();
          acc.addUsec(n.ipart * 3_600_000_000n);
          acc.fractUsec(n.fpart, 3_600_000_000);
          if (unit === '') return acc;
          n = isoNumber(s, pos);
          pos = n.end;
          acc.addUsec(n.ipart * 60_000_000n);
          acc.fractUsec(n.fpart, 60_000_000);
          if (pos >= s.length) return acc;
          if (s[pos] !== ':') badFormat();
          pos++;
          n = isoNumber(s, pos);
          pos = n.end;
          acc.addUsec(n.ipart * 1_000_000n);
          acc.fractUsec(n.fpart, 1_000_000);
          if (pos >= s.length) return acc;
          badFormat();
          break;
        }
        default:
          badFormat();
      }
    }
    haveField = true;
  }
  return acc;
}
