/**
 * SessionBackend over @heliosdb/sql's storage-backed `Session`: one Session per connection over the one
 * Storage the server opened, so tables, DML, transactions (BEGIN/COMMIT/ROLLBACK, savepoints) and
 * parameters are the engine's own. Settings the Session does not keep yet (everything but TimeZone:
 * application_name, client_encoding, DateStyle, server_version, ...) are served by the settings of the
 * engine adapter, which the Session never sees.
 */
import { type FieldInfo, type QueryResult, Session, loadParser, parseSql } from '@heliosdb/sql';
import type { Storage } from '@heliosdb/storage';
import { T, type PgType } from '@heliosdb/types';
import { BackendError, queryCanceled, toBackendError } from './backend-error.js';
import { EngineBackendFactory } from './engine-backend.js';
import { paramRefs } from './bind-literals.js';
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

export class DatabaseBackendFactory implements BackendFactory {
  private readonly settings = new EngineBackendFactory();

  constructor(private readonly storage: Storage) {}

  async openSession(options: SessionOptions): Promise<SessionBackend> {
    await loadParser();
    const session = new Session(this.storage, { user: options.user, database: options.database, timeZone: 'UTC' });
    return new DatabaseSession(session, this.storage, options, await this.settings.openSession(options));
  }

  async close(): Promise<void> {}
}

class DatabaseSession implements SessionBackend {
  /** The Session's own failed flag is private; we mirror it: an error inside a block fails the block. */
  private failed = false;

  constructor(
    private readonly session: Session,
    private readonly storage: Storage,
    private readonly options: SessionOptions,
    private readonly settings: SessionBackend,
  ) {}

  get transactionStatus(): TransactionStatus {
    if (!this.session.inTransaction) return 'I';
    return this.failed ? 'E' : 'T';
  }

  get timeZone(): string {
    return this.session.timeZone;
  }

  async *simpleQuery(sql: string, signal: AbortSignal): AsyncIterable<StatementResult | 'empty'> {
    const statements = this.parse(sql);
    if (statements.length === 0) {
      yield 'empty';
      return;
    }
    if (statements.length === 1 && this.isSettingsStatement(statements[0]!.node)) {
      if (this.failed) throw abortedError();
      yield* this.settings.simpleQuery(sql, signal);
      return;
    }
    if (signal.aborted) throw queryCanceled();
    // The Session runs a multi-statement string as one implicit transaction (all or nothing), so results
    // are sent once every statement has succeeded.
    for (const r of await this.run(sql, [])) yield r;
  }

  async prepare(sql: string, paramTypes: readonly number[]): Promise<StatementDescription> {
    const statements = this.parse(sql);
    if (statements.length > 1) throw new BackendError('42601', 'cannot insert multiple commands into a prepared statement');
    if (statements.length === 0) return { paramTypes: [...paramTypes], fields: undefined };
    const s = statements[0]!;
    const count = Math.max(paramTypes.length, ...paramRefs(s.node).map((r) => r.number));
    const types = Array.from({ length: count }, (_, i) => (paramTypes[i] ? paramTypes[i]! : 25));
    const kind = Object.keys(s.node)[0];
    if (kind === 'VariableShowStmt') return { paramTypes: types, fields: [{ name: showName(s.node), dataTypeID: 25, typmod: -1, type: T.text }] };
    if (kind !== 'SelectStmt') return { paramTypes: types, fields: undefined };
    // Columns of a SELECT: run it with NULL parameters in a separate read-only session (no side effects).
    // If that fails (e.g. it reads a table created in this connection's open transaction), the columns are
    // reported at Describe portal / Execute instead.
    try {
      const probe = new Session(this.storage, { user: this.options.user, database: this.options.database, timeZone: this.session.timeZone });
      const [r] = await probe.execute(sql, types.map(() => null));
      probe.close();
      return { paramTypes: types, fields: r ? r.fields.map(resultField) : undefined };
    } catch {
      return { paramTypes: types, fields: undefined };
    }
  }

  async execute(sql: string, params: readonly BoundParam[], signal: AbortSignal): Promise<StatementResult | 'empty'> {
    const statements = this.parse(sql);
    if (statements.length === 0) return 'empty';
    if (signal.aborted) throw queryCanceled();
    if (this.isSettingsStatement(statements[0]!.node)) {
      if (this.failed) throw abortedError();
      for await (const r of this.settings.simpleQuery(sql, signal)) return r;
      return 'empty';
    }
    const [r] = await this.run(sql, params.map((p) => p.value));
    return r ?? 'empty';
  }

  async close(): Promise<void> {
    this.session.close();
    await this.settings.close();
  }

  private async run(sql: string, params: readonly BoundParam['value'][]): Promise<StatementResult[]> {
    const zone = this.session.timeZone;
    let results: QueryResult[];
    try {
      results = await this.session.execute(sql, params);
    } catch (e) {
      if (this.session.inTransaction) this.failed = true;
      throw toBackendError(e);
    }
    this.failed = false;
    const changes: [string, string][] = this.session.timeZone !== zone ? [['TimeZone', this.session.timeZone]] : [];
    return results.map((r, i) => ({
      command: r.command,
      rowCount: r.rowCount,
      ...(returnsRows(r) && { fields: r.fields.map(resultField) }),
      rows: r.rows,
      ...(i === results.length - 1 && changes.length > 0 && { parameterChanges: changes }),
    }));
  }

  private parse(sql: string): ReturnType<typeof parseSql> {
    if (sql.trim() === '') return [];
    try {
      return parseSql(sql);
    } catch (e) {
      if (this.session.inTransaction) this.failed = true;
      throw toBackendError(e);
    }
  }

  /** SET/SHOW/RESET of anything but TimeZone: the Session does not keep those settings yet. */
  private isSettingsStatement(node: unknown): boolean {
    const set = (node as { VariableSetStmt?: { name?: string; kind?: string } }).VariableSetStmt;
    if (set) return set.kind !== 'VAR_RESET_ALL' && (set.name ?? '').toLowerCase() !== 'timezone';
    const show = (node as { VariableShowStmt?: { name: string } }).VariableShowStmt;
    return show !== undefined && show.name.toLowerCase() !== 'timezone';
  }
}

function abortedError(): BackendError {
  return new BackendError('25P02', 'current transaction is aborted, commands ignored until end of transaction block');
}

function showName(node: unknown): string {
  return (node as { VariableShowStmt: { name: string } }).VariableShowStmt.name;
}

/** SELECT (even with no columns), SHOW, and DML with RETURNING return rows; other commands NoData. */
function returnsRows(r: QueryResult): boolean {
  return r.fields.length > 0 || r.command === 'SELECT' || r.command === 'SHOW';
}

function resultField(f: FieldInfo): ResultField {
  const unknown = f.type.name === 'unknown';
  return { name: f.name, dataTypeID: unknown ? 25 : f.dataTypeID, typmod: f.typmod, type: unknown ? T.text : (f.type as PgType) };
}
