/** SET / SET LOCAL / RESET / SHOW statements over the session's settings. */
import { T } from '@heliosdb/types';
import { oidOf, typmodOf } from '../analyzer/sql-type.js';
import type { QueryResult } from '../engine/query-result.js';
import { notSupported } from '../errors/analysis-errors.js';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import { type NodeBody, nodeAs } from '../parser/ast.js';
import { zoneOffsetSeconds } from '../values/temporal.js';
import { type SessionSettings, flattenSetArgs } from './settings.js';

/** A TimeZone value the engine can use, or 22023 as PostgreSQL words it. */
export function checkTimeZone(zone: string): string {
  try {
    zoneOffsetSeconds(zone);
  } catch {
    throw new SqlError(SqlState.invalidParameterValue, `invalid value for parameter "TimeZone": "${zone}"`);
  }
  return zone;
}

function argText(node: unknown): { text: string; quoted: boolean } {
  const c = nodeAs(node as never, 'A_Const');
  if (c?.sval) return { text: c.sval.sval ?? '', quoted: true };
  if (c?.ival) return { text: String(c.ival.ival ?? 0), quoted: false };
  if (c?.fval) return { text: c.fval.fval ?? '0', quoted: false };
  if (c?.boolval) return { text: c.boolval.boolval ? 'true' : 'false', quoted: false };
  if (nodeAs(node as never, 'TypeCast')) throw new SqlError(SqlState.featureNotSupported, 'SET TIME ZONE with an interval is not supported');
  throw notSupported('this SET value');
}

/** Runs SET/RESET; returns the command tag. */
export function setStatement(settings: SessionSettings, v: NodeBody<'VariableSetStmt'>): string {
  const local = v.is_local === true;
  switch (v.kind) {
    case 'VAR_SET_VALUE': {
      const name = v.name ?? '';
      const args = (v.args ?? []).map(argText);
      settings.set(name, flattenSetArgs(name, args), local);
      return 'SET';
    }
    case 'VAR_SET_DEFAULT':
      settings.set(v.name ?? '', undefined, local);
      return 'SET';
    case 'VAR_RESET':
      settings.set(v.name ?? '', undefined, false);
      return 'RESET';
    case 'VAR_RESET_ALL':
      settings.resetAll();
      return 'RESET';
    case 'VAR_SET_MULTI': {
      // SET TRANSACTION / SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL ...
      const target = v.name === 'TRANSACTION' ? 'transaction_isolation' : 'default_transaction_isolation';
      for (const a of v.args ?? []) {
        const d = nodeAs(a, 'DefElem');
        if (d?.defname === 'transaction_isolation') settings.set(target, argText(d.arg).text, local);
        else if (d?.defname === 'transaction_read_only') settings.set(v.name === 'TRANSACTION' ? 'transaction_read_only' : 'default_transaction_read_only', argText(d.arg).text === '1' || argText(d.arg).text === 'true' ? 'on' : 'off', local);
        else throw notSupported(`SET ${v.name} ${d?.defname ?? ''}`);
      }
      return 'SET';
    }
    default:
      throw notSupported(`SET ${v.kind ?? ''}`);
  }
}

export function showStatement(settings: SessionSettings, name: string): QueryResult {
  const field = (n: string) => ({ name: n, dataTypeID: oidOf(T.text), typmod: typmodOf(T.text), type: T.text });
  if (name.toLowerCase() === 'all') {
    const rows = settings.showAll();
    return { command: 'SHOW', rowCount: rows.length, fields: [field('name'), field('setting'), field('description')], rows };
  }
  const value = settings.get(name);
  if (value === undefined) throw new SqlError(SqlState.undefinedObject, `unrecognized configuration parameter "${name}"`);
  return { command: 'SHOW', rowCount: 1, fields: [field(settings.canonicalName(name))], rows: [[value]] };
}
