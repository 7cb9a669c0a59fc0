/**
 * SessionBackend over @heliosdb/sql's storage-backed `Session`: one Session per connection over the one
 * Storage the server opened, so tables, DML, transactions (BEGIN/COMMIT/ROLLBACK, savepoints), parameters
 * and settings (SET/SHOW, search_path, ...) are the engine's own. A change of a setting clients track
 * (PostgreSQL's GUC_REPORT ones) is reported with ParameterStatus after the statement.
 *
 * Statements are parsed once: Parse makes a `PreparedStatement` (its SELECT plan is built once and reused
 * by every Execute while the catalog is unchanged), and simple-query strings are remembered by their text
 * (the last RECENT_QUERIES), so a repeated query is neither parsed nor planned again. A simple SELECT
 * whose comparisons have literals (`WHERE aid = 12345`) is remembered with the literals lifted out as
 * parameters (@heliosdb/sql's liftLiterals), so queries differing only in those share one plan.
 */
import { type CopyFilePolicy, type FieldInfo, type ParsedStatement, type PreparedStatement, type QueryResult, PreparedStatement as Prepared, Session, liftLiterals, loadParser, parseSql } from '@heliosdb/sql';
import type { Storage } from '@heliosdb/storage';
import { T, type PgType, type Value, typeOid } from '@heliosdb/types';
import { BackendError, queryCanceled, toBackendError } from './backend-error.js';
import type {
  BackendFactory,
  CopyChannel,
  BoundParam,
  ResultField,
  SessionBackend,
  SessionOptions,
  StatementDescription,
  StatementResult,
  TransactionStatus,
} from './session-backend.js';
import { typeForOid } from '../values/type-oids.js';
import { inferParamTypes } from './param-inference.js';

/** How many distinct simple-query strings a session keeps parsed (and planned). */
const RECENT_QUERIES = 128;

export interface DatabaseBackendOptions {
  /**
   * Which server files COPY TO/FROM 'file' may touch (`--copy-dir`). Default: none, every file COPY is
   * refused (42501); COPY FROM STDIN / TO STDOUT (psql's \copy) always works.
   */
  readonly copyFiles?: CopyFilePolicy;
}

export class DatabaseBackendFactory implements BackendFactory {
  private readonly copyFiles: CopyFilePolicy;

  constructor(
    private readonly storage: Storage,
    options: DatabaseBackendOptions = {},
  ) {
    this.copyFiles = options.copyFiles ?? { allowedDirs: [] };
  }

  async openSession(options: SessionOptions): Promise<SessionBackend> {
    await loadParser();
    const session = new Session(this.storage, { user: options.user, database: options.database, timeZone: 'UTC', copyFiles: this.copyFiles });
    if (options.applicationName !== '') session.settings.set('application_name', options.applicationName, false);
    return new DatabaseSession(session);
  }

  async close(): Promise<void> {}
}

/** A simple-query string, parsed: one prepared statement, or several statements run together. */
type RecentQuery =
  | { readonly kind: 'one'; readonly prepared: PreparedStatement; /** mayChangeSettings */ readonly report: boolean }
  | { readonly kind: 'many'; readonly statements: readonly ParsedStatement[] };

/** Settings whose changes PostgreSQL reports with ParameterStatus (GUC_REPORT), as the connection announced them. */
const REPORTED = ['application_name', 'client_encoding', 'DateStyle', 'default_transaction_read_only', 'IntervalStyle', 'is_superuser', 'standard_conforming_strings', 'TimeZone'];

class DatabaseSession implements SessionBackend {
  /** The Session's own failed flag is private; we mirror it: an error inside a block fails the block. */
  private failed = false;
  private readonly recent = new Map<string, RecentQuery>();
  /** Parse: statements by declared parameter types and text, the most recently used last. */
  private readonly parsed = new Map<string, PreparedStatement>();
  /** The values of the REPORTED settings the client was last told. */
  private readonly reported = new Map<string, string>();
  /** A statement that may change a setting (mayChangeSettings) ran since reportChanges last looked. */
  private settingsTouched = false;

  constructor(private readonly session: Session) {
    for (const name of REPORTED) this.reported.set(name, session.settings.get(name) ?? '');
  }

  get transactionStatus(): TransactionStatus {
    if (!this.session.inTransaction) return 'I';
    return this.failed ? 'E' : 'T';
  }

  get timeZone(): string {
    return this.session.timeZone;
  }

  async *simpleQuery(sql: string, signal: AbortSignal, copy?: CopyChannel): AsyncIterable<StatementResult | 'empty'> {
    const lifted = this.liftedQuery(sql);
    const q = lifted?.query ?? this.recentQuery(sql);
    if (q === undefined) {
      yield 'empty';
      return;
    }
    if (signal.aborted) throw queryCanceled();
    if (q.kind === 'one' && isCopyStream(q.prepared.statement?.node)) {
      if (!copy) throw copyNeedsSimpleQuery();
      const r = await this.guard(() => this.session.runCopy(sql, { wire: copy, createMissing: false }));
      yield { command: 'COPY', rowCount: r.rowCount, rows: [], notices: r.notices.map((n) => ({ severity: n.severity, code: n.code, message: n.message })) };
      return;
    }
    if (q.kind === 'one') {
      if (q.report) this.settingsTouched = true;
      const r = await this.guarded(q.prepared.execute(lifted?.params));
      yield r ? this.result(r) : 'empty';
      return;
    }
    this.settingsTouched = true;
    // One implicit transaction (all or nothing); each result goes out as its statement completes, and a
    // cancel between statements stops the rest (rolling the transaction back).
    const results = this.session.executeEach(q.statements)[Symbol.asyncIterator]();
    try {
      for (;;) {
        if (signal.aborted) throw queryCanceled();
        let next: IteratorResult<QueryResult>;
        try {
          next = await results.next();
        } catch (e) {
          if (this.session.inTransaction) this.failed = true;
          throw toBackendError(e);
        }
        if (next.done) break;
        this.failed = false;
        yield this.result(next.value);
        // Let a CancelRequest in between statements.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      await results.return?.(undefined);
    }
  }

  async prepare(sql: string, paramTypes: readonly number[]): Promise<StatementDescription> {
    if (sql.trim() === '') return { paramTypes: [...paramTypes], fields: undefined, execute: async () => 'empty' };
    // Clients that Parse the unnamed statement for every query (pgbench -M extended, node-postgres without a
    // name) reuse the statement, and its plan, of an earlier Parse of the same text and declared types.
    const key = `${paramTypes.join(',')}\u0000${sql}`;
    let prepared = this.parsed.get(key);
    if (prepared) {
      this.parsed.delete(key);
      this.parsed.set(key, prepared);
    } else {
      prepared = this.check(() => this.session.prepare(sql, paramTypes.map((oid) => (oid ? typeForOid(oid) : undefined))));
      if (this.parsed.size >= RECENT_QUERIES) this.parsed.delete(this.parsed.keys().next().value!);
      this.parsed.set(key, prepared);
    }
    if (!prepared.statement) return { paramTypes: [...paramTypes], fields: undefined, execute: async () => 'empty' };
    const node = prepared.statement.node;
    const undeclared = Array.from({ length: prepared.paramCount }, (_, i) => !paramTypes[i]);
    // Unspecified parameters are reported with the type of the column they meet (param-inference.ts), else as
    // text; their values reach the engine as text either way and take their type from context.
    const inferred = undeclared.some((u) => u) ? this.inferParams(node) : undefined;
    const types = Array.from({ length: prepared.paramCount }, (_, i) => paramTypes[i] || (inferred?.get(i + 1) ? typeOid(inferred.get(i + 1)!) : 25));
    const copyStream = isCopyStream(node);
    const report = mayChangeSettings(node, sql);
    const execute = (params: readonly BoundParam[], signal: AbortSignal): Promise<StatementResult | 'empty'> => {
      if (signal.aborted) return Promise.reject(queryCanceled());
      if (copyStream) return Promise.reject(copyNeedsSimpleQuery());
      const values = new Array<Value>(params.length);
      for (let i = 0; i < params.length; i++) values[i] = params[i]!.value;
      if (report) this.settingsTouched = true;
      return this.guarded(prepared.execute(values)).then((r) => (r ? this.result(r) : 'empty'));
    };
    const show = (node as { VariableShowStmt?: { name: string } }).VariableShowStmt;
    if (show && show.name.toLowerCase() !== 'all') {
      return { paramTypes: types, undeclared, fields: [{ name: this.session.settings.canonicalName(show.name), dataTypeID: 25, typmod: -1, type: T.text }], execute };
    }
    let fields: readonly FieldInfo[] | undefined;
    try {
      // A SELECT's columns come from its plan; statements whose columns are known only by running them
      // (DML ... RETURNING) report them at Describe portal / Execute.
      fields = prepared.describe().fields;
    } catch {
      fields = undefined;
    }
    return { paramTypes: types, undeclared, fields: fields?.map(resultField), execute };
  }

  /** Types of unspecified parameters from the columns they meet, looked up along the search_path. */
  private inferParams(node: unknown): Map<number, PgType> | undefined {
    try {
      const schemas = this.session.searchPath;
      return this.session.reading((tx) =>
        inferParamTypes(node, (name, schema) => {
          if (schema !== undefined) return tx.catalog.findTable(name, schema);
          for (const s of schemas) {
            const t = tx.catalog.findTable(name, s);
            if (t) return t;
          }
          return undefined;
        }),
      );
    } catch {
      return undefined;
    }
  }

  async execute(sql: string, params: readonly BoundParam[], signal: AbortSignal): Promise<StatementResult | 'empty'> {
    const described = await this.prepare(sql, []);
    return described.execute!(params, signal);
  }

  async close(): Promise<void> {
    this.session.close();
  }

  /** A single SELECT with its comparison literals as parameters; undefined when nothing was lifted. */
  private liftedQuery(sql: string): { query: RecentQuery; params: Value[] } | undefined {
    const lifted = liftLiterals(sql);
    if (!lifted) return undefined;
    let query = this.recent.get(lifted.text);
    if (!query) {
      let statements: ParsedStatement[];
      try {
        statements = parseSql(lifted.text);
      } catch {
        return undefined; // reported with the original text
      }
      if (statements.length !== 1) return undefined;
      query = this.remember(lifted.text, { kind: 'one', prepared: new Prepared(this.session, lifted.text, statements[0], []), report: mayChangeSettings(statements[0]!.node, lifted.text) });
    }
    return query.kind === 'one' ? { query, params: lifted.params } : undefined;
  }

  /** The parsed form of a simple-query string, from the recent ones when it was seen before. */
  private recentQuery(sql: string): RecentQuery | undefined {
    const known = this.recent.get(sql);
    if (known) {
      // Most recently used last, so the first key is the one to evict.
      this.recent.delete(sql);
      this.recent.set(sql, known);
      return known;
    }
    if (sql.trim() === '') return undefined;
    const statements = this.check(() => this.session.parse(sql));
    if (statements.length === 0) return undefined;
    const q: RecentQuery =
      statements.length === 1
        ? { kind: 'one', prepared: new Prepared(this.session, sql, statements[0], []), report: mayChangeSettings(statements[0]!.node, sql) }
        : { kind: 'many', statements };
    return this.remember(sql, q);
  }

  private remember(text: string, q: RecentQuery): RecentQuery {
    if (this.recent.size >= RECENT_QUERIES) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(text, q);
    return q;
  }

  /** Parse-time work: an error inside a transaction block fails the block. */
  private check<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (this.session.inTransaction) this.failed = true;
      throw toBackendError(e);
    }
  }

  /** `guard` for a promise already made: one reaction, no async frame. */
  private guarded<T>(p: Promise<T>): Promise<T> {
    return p.then(
      (r) => {
        this.failed = false;
        return r;
      },
      (e: unknown) => {
        if (this.session.inTransaction) this.failed = true;
        throw toBackendError(e);
      },
    );
  }

  private async guard<T>(f: () => Promise<T>): Promise<T> {
    let r: T;
    try {
      r = await f();
    } catch (e) {
      if (this.session.inTransaction) this.failed = true;
      throw toBackendError(e);
    }
    this.failed = false;
    return r;
  }

  private result(r: QueryResult): StatementResult {
    return {
      command: r.command,
      rowCount: r.rowCount,
      ...(returnsRows(r) && { fields: resultFields(r.fields) }),
      rows: r.rows,
      ...(r.notices && r.notices.length > 0 && { notices: r.notices.map((n) => ({ severity: n.severity, code: n.code, message: n.message })) }),
    };
  }

  reportChanges(): readonly (readonly [string, string])[] {
    if (!this.settingsTouched) return NO_CHANGES;
    this.settingsTouched = false;
    return this.settingsChanges();
  }

  private settingsChanges(): [string, string][] {
    const changes: [string, string][] = [];
    for (const name of REPORTED) {
      const v = this.session.settings.get(name) ?? '';
      if (this.reported.get(name) !== v) {
        this.reported.set(name, v);
        changes.push([name, v]);
      }
    }
    return changes;
  }
}

/** COPY ... FROM STDIN / TO STDOUT (not a file, not PROGRAM). */
function isCopyStream(node: unknown): boolean {
  const c = (node as { CopyStmt?: { filename?: string; is_program?: boolean } } | undefined)?.CopyStmt;
  return c !== undefined && c.filename === undefined && !c.is_program;
}

function copyNeedsSimpleQuery(): BackendError {
  return new BackendError('0A000', 'COPY FROM STDIN and COPY TO STDOUT are supported in the simple query protocol only');
}

/** SELECT (even with no columns), SHOW, and DML with RETURNING return rows; other commands NoData. */
function returnsRows(r: QueryResult): boolean {
  return r.fields.length > 0 || r.command === 'SELECT' || r.command === 'SHOW';
}

/**
 * A statement can change a setting clients track (and so needs the ParameterStatus check after it) unless it is
 * a SELECT, INSERT, UPDATE or DELETE that does not call set_config: SET, RESET, COMMIT and ROLLBACK (which end
 * SET LOCAL or undo a block's SETs) and everything else are checked.
 */
function mayChangeSettings(node: unknown, sql: string): boolean {
  const n = node as Record<string, unknown> | undefined;
  const dml = n !== undefined && (n.SelectStmt !== undefined || n.InsertStmt !== undefined || n.UpdateStmt !== undefined || n.DeleteStmt !== undefined);
  return !dml || /set_config/i.test(sql);
}

/**
 * The engine's columns as the protocol describes them. A kept plan answers every run with the same column
 * objects (in a fresh array), so the converted list is kept by its first column and reused while they match:
 * the connection then finds its encoded RowDescription by this list.
 */
const resultFieldLists = new WeakMap<FieldInfo, { readonly from: readonly FieldInfo[]; readonly to: readonly ResultField[] }>();
const NO_FIELDS: readonly ResultField[] = [];
const NO_CHANGES: readonly (readonly [string, string])[] = [];

function resultFields(fields: readonly FieldInfo[]): readonly ResultField[] {
  if (fields.length === 0) return NO_FIELDS;
  const kept = resultFieldLists.get(fields[0]!);
  if (kept && kept.from.length === fields.length && kept.from.every((f, i) => f === fields[i])) return kept.to;
  const to = fields.map(resultField);
  resultFieldLists.set(fields[0]!, { from: fields.slice(), to });
  return to;
}

function resultField(f: FieldInfo): ResultField {
  const unknown = f.type.name === 'unknown';
  return { name: f.name, dataTypeID: unknown ? 25 : f.dataTypeID, typmod: f.typmod, type: unknown ? T.text : (f.type as PgType) };
}
