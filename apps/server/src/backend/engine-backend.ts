/**
 * SessionBackend over today's @heliosdb/sql `Engine` (table-free SELECT). The engine has no transactions
 * or settings yet, so this adapter keeps the session state PostgreSQL clients rely on: BEGIN/COMMIT/ROLLBACK
 * with the failed-transaction state, SET/SHOW/RESET of settings, and SET TimeZone by re-creating the engine.
 * Switching to the storage-backed `Database` replaces this one file.
 */
import { Engine, type FieldInfo, type ParsedStatement, parseSql } from '@heliosdb/sql';
import { T, type PgType } from '@heliosdb/types';
import type { NoticeFields } from '../protocol/backend-messages.js';
import { BackendError, queryCanceled, toBackendError } from './backend-error.js';
import type {
  BackendFactory,
  BoundParam,
  ResultField,
  SessionBackend,
  SessionOptions,
  StatementDescription,
  StatementResult,
  TransactionStatus,
} from './session-backend.js';
import { SERVER_VERSION } from './server-version.js';
import { bindLiterals, paramRefs } from './bind-literals.js';
import { typeForOid } from '../values/type-oids.js';

export class EngineBackendFactory implements BackendFactory {
  async openSession(options: SessionOptions): Promise<SessionBackend> {
    const engine = await Engine.create({ user: options.user, database: options.database, timeZone: 'UTC' });
    return new EngineSession(engine, options);
  }

  async close(): Promise<void> {}
}

/** Settings SHOW knows, with their PostgreSQL names and defaults. */
function defaultSettings(options: SessionOptions): Map<string, string> {
  return new Map([
    ['server_version', SERVER_VERSION],
    ['server_encoding', 'UTF8'],
    ['client_encoding', 'UTF8'],
    ['DateStyle', 'ISO, MDY'],
    ['IntervalStyle', 'postgres'],
    ['TimeZone', 'UTC'],
    ['integer_datetimes', 'on'],
    ['standard_conforming_strings', 'on'],
    ['application_name', options.applicationName],
    ['is_superuser', 'on'],
    ['session_authorization', options.user],
    ['transaction_isolation', 'read committed'],
    ['default_transaction_isolation', 'read committed'],
    ['transaction_read_only', 'off'],
    ['extra_float_digits', '1'],
    ['search_path', '"$user", public'],
    ['bytea_output', 'hex'],
    ['max_identifier_length', '63'],
    ['lc_collate', 'C'],
    ['lc_ctype', 'C'],
  ]);
}

/** Settings whose changes are reported with ParameterStatus (PostgreSQL's GUC_REPORT). */
const REPORTED = new Set(['application_name', 'client_encoding', 'DateStyle', 'IntervalStyle', 'TimeZone', 'is_superuser', 'session_authorization', 'standard_conforming_strings']);
/** Settings that are fixed: SET to any other value is an error. */
const FIXED: Record<string, (v: string) => boolean> = {
  client_encoding: (v) => /^(utf-?8|unicode)$/i.test(v),
  DateStyle: (v) => /^\s*iso\s*(,\s*(mdy|us|default)\s*)?$/i.test(v),
  IntervalStyle: (v) => v.toLowerCase() === 'postgres',
  standard_conforming_strings: (v) => /^(on|true|1|yes)$/i.test(v),
  server_version: () => false,
  server_encoding: () => false,
  integer_datetimes: () => false,
  is_superuser: () => false,
};

class EngineSession implements SessionBackend {
  transactionStatus: TransactionStatus = 'I';

  get timeZone(): string {
    return this.settings.get('TimeZone') ?? 'UTC';
  }
  private readonly settings: Map<string, string>;
  /** Lower-case name -> canonical name. */
  private readonly names = new Map<string, string>();

  constructor(
    private engine: Engine,
    private readonly options: SessionOptions,
  ) {
    this.settings = defaultSettings(options);
    for (const k of this.settings.keys()) this.names.set(k.toLowerCase(), k);
  }

  async *simpleQuery(sql: string, signal: AbortSignal): AsyncIterable<StatementResult | 'empty'> {
    const statements = this.parse(sql);
    if (statements.length === 0) {
      yield 'empty';
      return;
    }
    let from = 0;
    for (const s of statements) {
      if (signal.aborted) throw this.fail(queryCanceled());
      const at = sql.indexOf(s.text, from);
      from = at < 0 ? from : at + s.text.length;
      yield await this.run(s, codePoints(sql, at < 0 ? 0 : at));
      // Let a CancelRequest (or a shutdown) in between statements.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async prepare(sql: string, paramTypes: readonly number[]): Promise<StatementDescription> {
    const statements = this.parse(sql);
    if (statements.length > 1) throw new BackendError('42601', 'cannot insert multiple commands into a prepared statement');
    if (statements.length === 0) return { paramTypes: [...paramTypes], fields: undefined };
    const s = statements[0]!;
    const count = Math.max(paramTypes.length, ...paramRefs(s.node).map((r) => r.number));
    // Unspecified parameters are text, as PostgreSQL resolves a bare $n.
    const types = Array.from({ length: count }, (_, i) => (paramTypes[i] ? paramTypes[i]! : 25));
    const kind = tagOf(s.node);
    if (kind === 'VariableShowStmt') return { paramTypes: types, fields: [textField(showName(s.node))] };
    if (kind !== 'SelectStmt') return { paramTypes: types, fields: undefined };
    try {
      // Planned with NULL of each parameter's type: the columns do not depend on the values.
      const placeholders = types.map((oid, i) => ({ type: paramTypes[i] ? typeForOid(oid) : undefined, value: null }));
      const [planned] = parseSql(bindLiterals(sql, s.node, placeholders));
      return { paramTypes: types, fields: this.engine.prepare(planned!).fields.map(resultField) };
    } catch (e) {
      throw toBackendError(e);
    }
  }

  async execute(sql: string, params: readonly BoundParam[], signal: AbortSignal): Promise<StatementResult | 'empty'> {
    const statements = this.parse(sql);
    if (statements.length === 0) return 'empty';
    if (signal.aborted) throw this.fail(queryCanceled());
    const s = statements[0]!;
    if (params.length === 0) return this.run(s, 0);
    return this.run(this.parse(bindLiterals(sql, s.node, params))[0]!, 0);
  }

  async close(): Promise<void> {
    this.transactionStatus = 'I';
  }

  private parse(sql: string): ParsedStatement[] {
    if (sql.trim() === '') return [];
    try {
      return parseSql(sql);
    } catch (e) {
      throw this.fail(toBackendError(e));
    }
  }

  /** Moves an open transaction block to the failed state and returns the error to throw. */
  private fail(e: BackendError): BackendError {
    if (this.transactionStatus === 'T') this.transactionStatus = 'E';
    return e;
  }

  private async run(s: ParsedStatement, positionOffset: number): Promise<StatementResult> {
    const kind = tagOf(s.node);
    if (kind === 'TransactionStmt') return this.transaction(s.node);
    if (this.transactionStatus === 'E') {
      throw new BackendError('25P02', 'current transaction is aborted, commands ignored until end of transaction block');
    }
    try {
      if (kind === 'VariableSetStmt') return await this.set(s.node);
      if (kind === 'VariableShowStmt') return this.show(showName(s.node));
      const [r] = this.engine.query(s.text);
      if (!r) throw new BackendError('XX000', 'sql engine returned no result for a statement');
      return { command: r.command, rowCount: r.rowCount, fields: r.fields.map(resultField), rows: r.rows };
    } catch (e) {
      throw this.fail(toBackendError(e, positionOffset));
    }
  }

  private transaction(node: unknown): StatementResult {
    const body = (node as { TransactionStmt: { kind: string } }).TransactionStmt;
    const notices: NoticeFields[] = [];
    const warn = (code: string, message: string): void => {
      notices.push({ severity: 'WARNING', code, message });
    };
    let command: string;
    switch (body.kind) {
      case 'TRANS_STMT_BEGIN':
      case 'TRANS_STMT_START':
        command = body.kind === 'TRANS_STMT_BEGIN' ? 'BEGIN' : 'START TRANSACTION';
        if (this.transactionStatus === 'E') {
          throw new BackendError('25P02', 'current transaction is aborted, commands ignored until end of transaction block');
        }
        if (this.transactionStatus === 'T') warn('25001', 'there is already a transaction in progress');
        this.transactionStatus = 'T';
        break;
      case 'TRANS_STMT_COMMIT':
        command = this.transactionStatus === 'E' ? 'ROLLBACK' : 'COMMIT';
        if (this.transactionStatus === 'I') warn('25P01', 'there is no transaction in progress');
        this.transactionStatus = 'I';
        break;
      case 'TRANS_STMT_ROLLBACK':
        command = 'ROLLBACK';
        if (this.transactionStatus === 'I') warn('25P01', 'there is no transaction in progress');
        this.transactionStatus = 'I';
        break;
      default:
        throw this.fail(new BackendError('0A000', `${body.kind.replace('TRANS_STMT_', '').toLowerCase()} is not supported yet`));
    }
    return { command, rowCount: 0, rows: [], notices };
  }

  private async set(node: unknown): Promise<StatementResult> {
    const body = (node as { VariableSetStmt: { kind: string; name?: string; args?: unknown[] } }).VariableSetStmt;
    const changes: [string, string][] = [];
    const defaults = defaultSettings(this.options);
    const assign = async (name: string, value: string): Promise<void> => {
      const fixed = FIXED[name];
      if (fixed && !fixed(value)) throw new BackendError('22023', `invalid value for parameter "${name}": "${value}"`);
      if (name === 'TimeZone') await this.setTimeZone(value);
      this.settings.set(name, value);
      if (REPORTED.has(name)) changes.push([name, value]);
    };
    if (body.kind === 'VAR_RESET_ALL') {
      for (const [k, v] of defaults) if (this.settings.get(k) !== v) await assign(k, v);
      return { command: 'RESET', rowCount: 0, rows: [], parameterChanges: changes };
    }
    const name = this.canonical(body.name ?? '');
    if (body.kind === 'VAR_RESET' || body.kind === 'VAR_SET_DEFAULT') {
      await assign(name, defaults.get(name) ?? '');
      return { command: body.kind === 'VAR_RESET' ? 'RESET' : 'SET', rowCount: 0, rows: [], parameterChanges: changes };
    }
    if (body.kind !== 'VAR_SET_VALUE') throw new BackendError('0A000', `SET ${body.kind} is not supported yet`);
    const value = (body.args ?? []).map(constText).join(', ');
    await assign(name, name === 'TimeZone' && /^utc$/i.test(value) ? 'UTC' : value);
    return { command: 'SET', rowCount: 0, rows: [], parameterChanges: changes };
  }

  /** The engine takes its zone at creation; creating one is cheap once the parser is loaded. */
  private async setTimeZone(zone: string): Promise<void> {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
    } catch {
      throw new BackendError('22023', `invalid value for parameter "TimeZone": "${zone}"`);
    }
    this.engine = await Engine.create({ user: this.options.user, database: this.options.database, timeZone: zone });
  }

  private show(name: string): StatementResult {
    const canonical = this.canonical(name);
    const value = this.settings.get(canonical);
    if (value === undefined) throw new BackendError('42704', `unrecognized configuration parameter "${name}"`);
    return { command: 'SHOW', rowCount: 1, fields: [textField(name)], rows: [[value]] };
  }

  private canonical(name: string): string {
    if (name === 'transaction_isolation') return name;
    const lower = name.toLowerCase();
    const known = this.names.get(lower);
    if (known) return known;
    this.names.set(lower, lower);
    return lower;
  }
}

function tagOf(node: unknown): string {
  return Object.keys(node as object)[0] ?? '';
}

function showName(node: unknown): string {
  return (node as { VariableShowStmt: { name: string } }).VariableShowStmt.name;
}

function constText(arg: unknown): string {
  const c = (arg as { A_Const?: Record<string, Record<string, unknown>> }).A_Const;
  if (!c) throw new BackendError('0A000', 'SET accepts constant values only');
  const v = c.sval?.sval ?? c.ival?.ival ?? c.fval?.fval ?? c.boolval?.boolval ?? (c.ival ? 0 : undefined);
  if (v === undefined) throw new BackendError('0A000', 'SET accepts constant values only');
  return String(v);
}

function resultField(f: FieldInfo): ResultField {
  // An unresolved literal column (`SELECT 'x'`) is text, as PostgreSQL resolves it on output.
  const type = f.type.name === 'unknown' ? T.text : (f.type as PgType);
  return { name: f.name, dataTypeID: f.type.name === 'unknown' ? 25 : f.dataTypeID, typmod: f.typmod, type };
}

function textField(name: string): ResultField {
  return { name, dataTypeID: 25, typmod: -1, type: T.text };
}

/** PostgreSQL's error positions count characters (code points); `offset` is a UTF-16 index into the full query. */
function codePoints(full: string, utf16Offset: number): number {
  let n = 0;
  for (const _ of full.slice(0, utf16Offset)) n++;
  return n;
}
