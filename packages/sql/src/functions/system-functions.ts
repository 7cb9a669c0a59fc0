/** System information functions and the SQL value functions (CURRENT_DATE, CURRENT_USER, ...). */
import { randomUUID } from 'node:crypto';
import { PgTimestamp, T } from '@heliosdb/types';
import { systemType } from '../analyzer/sql-type.js';
import { typeOidOf } from '../system-catalog/type-info.js';
import { existingSearchPath } from '../system-catalog/catalog-functions.js';
import type { EvalContext, Expr, SequenceAccess } from '../expressions/expr.js';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import { microsToDate, microsToTime, timestamptzToLocal } from '../values/temporal.js';
import { type FunctionDef, fixed } from './function-def.js';

export const SERVER_VERSION = '15.0';
export const VERSION_STRING = `PostgreSQL ${SERVER_VERSION} (HeliosDB Nano) on Node.js ${process.versions.node}`;

function sequences(ctx: EvalContext): SequenceAccess {
  if (!ctx.sequences) throw new SqlError(SqlState.featureNotSupported, 'sequence functions need a database (Database.open)');
  return ctx.sequences;
}

export const SYSTEM_FUNCTIONS: readonly FunctionDef[] = [
  { name: 'nextval', args: [T.text], result: T.int8, volatile: true, impl: fixed(([n], ctx) => sequences(ctx).nextval(n as string)) },
  { name: 'currval', args: [T.text], result: T.int8, volatile: true, impl: fixed(([n], ctx) => sequences(ctx).currval(n as string)) },
  { name: 'setval', args: [T.text, T.int8], result: T.int8, volatile: true, impl: fixed(([n, v], ctx) => sequences(ctx).setval(n as string, v as bigint, true)) },
  { name: 'setval', args: [T.text, T.int8, T.bool], result: T.int8, volatile: true, impl: fixed(([n, v, c], ctx) => sequences(ctx).setval(n as string, v as bigint, c as boolean)) },
  { name: 'gen_random_uuid', args: [], result: T.uuid, volatile: true, impl: fixed(() => randomUUID()) },
  { name: 'version', args: [], result: T.text, impl: fixed(() => VERSION_STRING) },
  { name: 'num_nulls', args: [], variadic: 'any', result: T.int4, strict: false, impl: fixed((a) => a.filter((v) => v === null).length) },
  { name: 'num_nonnulls', args: [], variadic: 'any', result: T.int4, strict: false, impl: fixed((a) => a.filter((v) => v !== null).length) },
  { name: 'current_database', args: [], result: systemType('name'), volatile: true, impl: fixed((_a, ctx) => ctx.database) },
  {
    name: 'pg_typeof',
    args: ['any'],
    result: systemType('regtype'),
    strict: false,
    impl: (call) => {
      const oid = typeOidOf(call.argTypes[0]!);
      return () => oid;
    },
  },
];

/** CURRENT_DATE, CURRENT_TIMESTAMP, LOCALTIMESTAMP, CURRENT_USER, ...: transaction-stable values. */
export function sqlValueFunction(op: string, _typmod: number): Omit<Expr, 'position'> | undefined {
  switch (op) {
    case 'SVFOP_CURRENT_DATE':
      return { type: T.date, label: 'current_date', evaluate: (_r, ctx) => microsToDate(timestamptzToLocal(ctx.transactionStart, ctx.timeZone).micros) };
    case 'SVFOP_CURRENT_TIMESTAMP':
    case 'SVFOP_CURRENT_TIMESTAMP_N':
      return { type: T.timestamptz, label: 'current_timestamp', evaluate: (_r, ctx) => ctx.transactionStart };
    case 'SVFOP_LOCALTIMESTAMP':
    case 'SVFOP_LOCALTIMESTAMP_N':
      return { type: T.timestamp, label: 'localtimestamp', evaluate: (_r, ctx) => new PgTimestamp(timestamptzToLocal(ctx.transactionStart, ctx.timeZone).micros) };
    case 'SVFOP_LOCALTIME':
    case 'SVFOP_LOCALTIME_N':
      return { type: T.time, label: 'localtime', evaluate: (_r, ctx) => microsToTime(timestamptzToLocal(ctx.transactionStart, ctx.timeZone).micros) };
    case 'SVFOP_CURRENT_USER':
    case 'SVFOP_USER':
    case 'SVFOP_SESSION_USER':
    case 'SVFOP_CURRENT_ROLE':
      return { type: systemType('name'), label: op === 'SVFOP_SESSION_USER' ? 'session_user' : op === 'SVFOP_CURRENT_ROLE' ? 'current_role' : op === 'SVFOP_USER' ? 'current_user' : 'current_user', evaluate: (_r, ctx) => ctx.user };
    case 'SVFOP_CURRENT_CATALOG':
      return { type: systemType('name'), label: 'current_catalog', evaluate: (_r, ctx) => ctx.database };
    case 'SVFOP_CURRENT_SCHEMA':
      return { type: systemType('name'), label: 'current_schema', evaluate: (_r, ctx) => existingSearchPath(ctx)[0] ?? null };
    default:
      return undefined;
  }
}
