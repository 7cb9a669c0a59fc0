/** Range checks of date and timestamp results (PostgreSQL: 4713 BC .. 5874897 AD for dates, 294276 AD for timestamps). */
import { PgDate } from '@heliosdb/types';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import { isInfiniteMicros } from './temporal.js';

const MIN_DATE_DAYS = -2451545; // 4714-11-24 BC, Julian day 0
const MAX_DATE_DAYS = 2147483494 - 2440588; // Julian day limit of date
const MIN_TS = -211813488000000000n;
const MAX_TS = 9223371331200000000n;

export function checkDate(days: number): PgDate {
  if (!Number.isFinite(days)) return days > 0 ? PgDate.INFINITY : PgDate.NEG_INFINITY;
  if (days < MIN_DATE_DAYS || days > MAX_DATE_DAYS) throw new SqlError(SqlState.datetimeFieldOverflow, 'date out of range');
  return new PgDate(days);
}

export function checkTimestamp(micros: bigint): bigint {
  if (isInfiniteMicros(micros)) return micros;
  if (micros < MIN_TS || micros >= MAX_TS) throw new SqlError(SqlState.datetimeFieldOverflow, 'timestamp out of range');
  return micros;
}
