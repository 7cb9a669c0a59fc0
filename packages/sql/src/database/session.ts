/**
 * A session: runs statements against storage with PostgreSQL's transaction behaviour. Outside BEGIN
 * each statement is its own transaction; inside, statements share one, SAVEPOINT/ROLLBACK TO work, and
 * after an error every statement fails with 25P02 until ROLLBACK.
 */
import type { PgType, Value } from '@heliosdb/types';
import { PgTimestampTz } from '@heliosdb/types';
import type { Storage, Transaction } from '@heliosdb/storage';
import { StorageError } from '@heliosdb/storage';
import { oidOf, typmodOf } from '../analyzer/sql-type.js';
import { asSqlError } from '../analyzer/coerce.js';
import type { FieldInfo, QueryResult } from '../engine/query-result.js';
import { notSupported } from '../errors/analysis-errors.js';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import type { EvalContext, Row, SequenceAccess } from '../expressions/expr.js';
import { type Node, type NodeBody, nodeAs, stringOf, tagOf } from '../parser/ast.js';
import { type ParsedStatement, parseSql } from '../parser/parse-sql.js';
import type { OutputColumn, PlanNode } from '../planner/plan-node.js';
import { type PlanEnv, planSelect } from '../planner/plan-select.js';
import { T } from '@heliosdb/types';
import { microsAt } from '../values/temporal.js';
import { alterTable, createIndex, createSequence, createTable, createView, drop, renameStmt, truncate, type DdlContext } from './ddl.js';
import { type DmlContext, deleteRows, insert, update } from './dml.js';
import { storageCatalog } from './storage-catalog.js';
import { SessionSettings } from './settings.js';
import { qualifyStatement } from './search-path.js';
import { createSchema, dropSchema } from './schema-ddl.js';
import { checkTimeZone, setStatement, showStatement } from './set-show.js';
import { catalogAccess } from '../system-catalog/session-access.js';
import type { SettingsAccess } from '../system-catalog/catalog-access.js';
import { presentColumns, presentPlan } from '../system-catalog/present.js';
import { copy, type CopyIo, type CopyResult } from '../copy/copy.js';
import type { CopyFilePolicy } from '../copy/copy-file-access.js';
import { PreparedStatement } from './prepared.js';
import { type CachedDml, dmlCacheable, runCachedDml, selectCacheable } from './prepared-dml.js';
import type { DmlResult } from './dml.js';

export interface SessionOptions {
  readonly user?: string;
  readonly database?: string;
  readonly timeZone?: string;
  /**
   * Server-side COPY TO/FROM 'file' confinement (a server's --copy-dir); undefined lets COPY use any file the
   * process may, as an embedded database's local user does.
   */
  readonly copyFiles?: CopyFilePolicy;
}

/** How many DML statement texts execute() keeps prepared. */
const RECENT_STATEMENTS = 64;
/** Longer statement texts are not kept (multi-row VALUES loads). */
const RECENT_TEXT_LIMIT = 4096;

const READ_ONLY = new Set(['SelectStmt', 'ExplainStmt', 'VariableShowStmt', 'VariableSetStmt']);

/** A storage or value-layer error as the SqlError a client sees. */
export function toSqlError(e: unknown): unknown {
  if (e instanceof StorageError) return new SqlError(e.code, e.message, { ...(e.detail ? { detail: e.detail } : {}), ...(e.hint ? { hint: e.hint } : {}) });
  return asSqlError(e);
}

function fieldsOf(columns: readonly OutputColumn[]): FieldInfo[] {
  return columns.map((c) => ({ name: c.name, dataTypeID: oidOf(c.type), typmod: typmodOf(c.type), type: c.type }));
}

/** An instant read with performance.now(); its timestamptz is made when first asked for. */
class Instant {
  private value: PgTimestampTz | undefined;
  constructor(private readonly at: number) {}
  get timestamp(): PgTimestampTz {
    return (this.value ??= new PgTimestampTz(microsAt(this.at)));
  }
}

/**
 * A statement's evaluation context. Its timestamps are getters (few statements read them; making a timestamptz
 * costs more than the rest of the context): copy it with Object.create, as withOuterRow does, not by spreading.
 */
class StatementContext implements EvalContext {
  outerRows: Row[] = [];
  sequences: EvalContext['sequences'] = undefined;
  catalog: EvalContext['catalog'] = undefined;
  constructor(
    private readonly transaction: Instant | undefined,
    private readonly statement: Instant,
    readonly timeZone: string,
    readonly user: string,
    readonly database: string,
    readonly params: readonly Value[],
    readonly settings: SettingsAccess,
  ) {}
  /** The start of the transaction block, or outside one, of this statement (its implicit transaction). */
  get transactionStart(): PgTimestampTz {
    return (this.transaction ?? this.statement).timestamp;
  }
  get statementStart(): PgTimestampTz {
    return this.statement.timestamp;
  }
}

export class Session {
  private tx: Transaction | undefined;
  private failed = false;
  /** When the open transaction began (performance.now()), as an Instant. */
  private transactionStart: Instant | undefined;
  /** currval(): the last value nextval returned in this session, per sequence id. */
  private readonly lastValues = new Map<number, bigint>();
  timeZone: string;
  readonly user: string;
  readonly database: string;
  private readonly copyFiles: CopyFilePolicy | undefined;

  /** SET/SHOW settings; TimeZone itself stays in `timeZone`. */
  readonly settings: SessionSettings;

  /**
   * @internal Parsed texts that execute() keeps prepared, shared by the sessions of one Database (each transaction()
   * is a session of its own): a text is parsed, and found cacheable, once, not once per transaction.
   */
  keptTexts: Map<string, ParsedStatement[]> | undefined;

  constructor(private readonly storage: Storage, options: SessionOptions = {}) {
    this.timeZone = options.timeZone ?? 'UTC';
    this.user = options.user ?? 'postgres';
    this.database = options.database ?? 'postgres';
    this.copyFiles = options.copyFiles;
    const startZone = this.timeZone;
    this.settings = new SessionSettings({
      getTimeZone: () => this.timeZone,
      setTimeZone: (zone) => (this.timeZone = checkTimeZone(zone ?? startZone)),
      resetTimeZone: () => startZone,
      inTransaction: () => this.tx !== undefined,
    });
  }

  /** The schemas unqualified names resolve in after pg_catalog (search_path, "$user" expanded). */
  get searchPath(): readonly string[] {
    return this.settings.searchPath(this.user);
  }

  get inTransaction(): boolean {
    return this.tx !== undefined;
  }

  /**
   * Runs every statement in `sql` in order; returns one result per statement. A string holding one
   * SELECT or INSERT/UPDATE/DELETE with parameters that prepared-dml.ts admits (selectCacheable,
   * dmlCacheable) is kept prepared (by its text, the last RECENT_STATEMENTS of them), so running it again
   * reuses its parse tree and generic plan.
   */
  async execute(sql: string, params: readonly Value[] = []): Promise<QueryResult[]> {
    const prepared = this.recentPrepared(sql);
    if (prepared) return [(await prepared.execute(params))!];
    // Parameterised texts only (a literal-laden statement rarely recurs), and not bulk loads.
    const candidate = params.length > 0 && sql.length <= RECENT_TEXT_LIMIT;
    // Another session of the same Database may have parsed this text already (Database.transaction's sessions).
    const known = candidate ? this.keptTexts?.get(sql) : undefined;
    const statements = known ?? this.parse(sql);
    if (known || (candidate && statements.length === 1 && (dmlCacheable(statements[0]!.node) || selectCacheable(statements[0]!.node)))) {
      if (!known && this.keptTexts) {
        this.keptTexts.set(sql, statements);
        if (this.keptTexts.size > RECENT_STATEMENTS) this.keptTexts.delete(this.keptTexts.keys().next().value!);
      }
      const p = new PreparedStatement(this, sql, statements[0], []);
      this.recent.set(sql, p);
      this.lastRecent = p;
      if (this.recent.size > RECENT_STATEMENTS) this.recent.delete(this.recent.keys().next().value!);
      return [(await p.execute(params))!];
    }
    return this.executeParsed(statements, params);
  }

  /**
   * `execute`, resolving to the last statement's result (an empty one for no statement): for a kept prepared text,
   * the statement's own promise, without a result array and a turn of awaiting it (Database.query).
   */
  executeLast(sql: string, params: readonly Value[] = []): Promise<QueryResult> {
    const prepared = this.recentPrepared(sql);
    if (prepared) {
      try {
        return prepared.execute(params) as Promise<QueryResult>;
      } catch (e) {
        return Promise.reject(e);
      }
    }
    return this.execute(sql, params).then((rs) => rs[rs.length - 1] ?? { command: '', rowCount: 0, fields: [], rows: [] });
  }

  /** The kept prepared statement for `sql`, made the most recently used; undefined when none is kept. */
  private recentPrepared(sql: string): PreparedStatement | undefined {
    const prepared = this.recent.get(sql);
    // Most recently used last (unless it is already).
    if (prepared && this.lastRecent !== prepared) {
      this.recent.delete(sql);
      this.recent.set(sql, prepared);
      this.lastRecent = prepared;
    }
    return prepared;
  }

  /** Texts of single SELECT and DML statements run by execute(), prepared (see execute). */
  private readonly recent = new Map<string, PreparedStatement>();
  /** The entry last moved to the end of `recent`. */
  private lastRecent: PreparedStatement | undefined;

  /**
   * Parses one statement (or none) once; the PreparedStatement runs it with parameters and keeps a SELECT's
   * plan (see prepared.ts). `paramTypes`: declared types of $1..$n (undefined: untyped).
   */
  prepare(sql: string, paramTypes: readonly (PgType | undefined)[] = []): PreparedStatement {
    const statements = sql.trim() === '' ? [] : this.parse(sql);
    if (statements.length > 1) {
      if (this.tx) this.failed = true;
      throw new SqlError(SqlState.syntaxError, 'cannot insert multiple commands into a prepared statement');
    }
    return new PreparedStatement(this, sql, statements[0], paramTypes);
  }

  /** Parses `sql`; a syntax error inside a transaction block fails the block, as any error does. */
  parse(sql: string): ParsedStatement[] {
    try {
      return parseSql(sql);
    } catch (e) {
      if (this.tx) this.failed = true;
      throw e;
    }
  }

  /** Runs statements parsed from one string, as `execute` does. */
  async executeParsed(statements: readonly ParsedStatement[], params: readonly Value[] = []): Promise<QueryResult[]> {
    const results: QueryResult[] = [];
    for await (const r of this.executeEach(statements, params)) results.push(r);
    return results;
  }

  /**
   * Runs statements parsed from one string, yielding each one's result as soon as it has run (the wire
   * protocol sends it then, as PostgreSQL does). Several statements outside BEGIN run as one implicit
   * transaction (all or nothing), as in PostgreSQL's simple query protocol, unless they manage transactions
   * themselves: it commits after the last one, and an error, or the caller stopping early, rolls it back.
   */
  async *executeEach(statements: readonly ParsedStatement[], params: readonly Value[] = []): AsyncGenerator<QueryResult> {
    const implicit = statements.length > 1 && !this.tx && !statements.some((s) => nodeAs(s.node, 'TransactionStmt'));
    if (!implicit) {
      for (const s of statements) yield await this.run(s, params);
      return;
    }
    const tx = this.storage.begin();
    this.tx = tx;
    this.transactionStart = new Instant(performance.now());
    let committed = false;
    try {
      for (const s of statements) yield await this.run(s, params);
      if (this.failed) throw new Error('unreachable: failed implicit transaction');
      tx.commit();
      committed = true;
    } finally {
      if (!committed) {
        tx.rollback();
        this.settings.endTransaction(false);
      }
      this.endTransaction();
    }
  }

  /** Streams the rows of one SELECT; outside a transaction block it reads one snapshot. */
  async *stream(sql: string, params: readonly Value[] = []): AsyncGenerator<Value[]> {
    const statements = parseSql(sql);
    if (statements.length !== 1 || !nodeAs(statements[0]!.node, 'SelectStmt')) {
      throw new SqlError(SqlState.featureNotSupported, 'stream() takes exactly one SELECT statement');
    }
    if (this.failed) throw aborted();
    const own = this.tx === undefined;
    const tx = this.tx ?? this.storage.begin();
    try {
      const s = statements[0]!;
      const env = this.env(tx, s, params);
      const plan = planSelect(nodeAs(s.node, 'SelectStmt')!, undefined, env);
      const ctx = this.context(params, tx);
      const convert = presentColumns(plan.columns).convert;
      const it = plan.rows(ctx)[Symbol.iterator]();
      for (;;) {
        let next: IteratorResult<Row>;
        try {
          next = it.next();
        } catch (e) {
          throw toSqlError(e);
        }
        if (next.done) break;
        yield convert ? convert(next.value, ctx) : [...next.value];
      }
    } catch (e) {
      if (!own) this.failed = true;
      throw toSqlError(e);
    } finally {
      if (own) tx.rollback();
    }
  }

  /** Ends any open transaction (rolling it back). */
  close(): void {
    this.tx?.rollback();
    this.tx = undefined;
    this.failed = false;
  }

  private env(tx: Transaction, s: ParsedStatement, params: readonly Value[], explain?: string[]): PlanEnv {
    return { catalog: storageCatalog(tx, this.settings.searchPath(this.user)), source: s.source, ctes: new Map(), params, ...(explain ? { explain } : {}) };
  }

  private sequenceAccess(tx: Transaction): SequenceAccess {
    const find = (name: string) => {
      const parts = name.split('.');
      const seq = tx.catalog.sequences.find((s) => s.name === parts[parts.length - 1] && s.schema === (parts.length > 1 ? parts[0] : 'public'));
      if (!seq) throw new SqlError(SqlState.undefinedTable, `relation "${name}" does not exist`);
      return seq;
    };
    return {
      nextval: (name) => {
        const seq = find(name);
        const v = tx.nextval(seq);
        this.lastValues.set(seq.id, v);
        return v;
      },
      currval: (name) => {
        const seq = find(name);
        const v = this.lastValues.get(seq.id);
        if (v === undefined) throw new SqlError(SqlState.objectNotInPrerequisiteState, `currval of sequence "${seq.name}" is not yet defined in this session`);
        return v;
      },
      setval: (name, value, isCalled) => {
        const seq = find(name);
        tx.setval(seq, value, isCalled);
        if (isCalled) this.lastValues.set(seq.id, value);
        return value;
      },
    };
  }

  private context(params: readonly Value[], tx?: Transaction): EvalContext {
    // The clock is read now; its timestamp is made only when a statement asks for it (now(), statement_timestamp()).
    const ctx = new StatementContext(this.transactionStart, new Instant(performance.now()), this.timeZone, this.user, this.database, params, this.settingsAccess);
    if (tx && tx === this.tx) {
      // The same for every statement of a transaction block: made once per block (forgotten at its end).
      if (this.accessTx !== tx) {
        this.accessTx = tx;
        this.txSequences = this.sequenceAccess(tx);
        this.txCatalog = catalogAccess(tx, this.user, this.database, () => this.settings.searchPath(this.user));
      }
      ctx.sequences = this.txSequences;
      ctx.catalog = this.txCatalog;
    } else if (tx) {
      ctx.sequences = this.sequenceAccess(tx);
      ctx.catalog = catalogAccess(tx, this.user, this.database, () => this.settings.searchPath(this.user));
    }
    return ctx;
  }

  private readonly settingsAccess = { get: (n) => this.settings.get(n), set: (n, v, local) => this.settings.set(n, v, local), all: () => this.settings.all() } as SettingsAccess;
  /** The transaction the sequence and catalog accessors below were made for. */
  private accessTx: Transaction | undefined;
  private txSequences: SequenceAccess | undefined;
  private txCatalog: EvalContext['catalog'];

  /**
   * @internal Runs one parsed statement (prepared.ts); `cached` gives a SELECT plan valid for the
   * statement's transaction, or undefined to plan it here.
   */
  runParsed(s: ParsedStatement, params: readonly Value[], cached?: (tx: Transaction) => PlanNode | CachedDml | undefined, release?: () => void): Promise<QueryResult> {
    return this.run(s, params, cached, release);
  }

  /** @internal Calls `f` with what a statement would read now: the open block's transaction, else a fresh snapshot. */
  reading<T>(f: (tx: Transaction) => T): T {
    if (this.tx) return f(this.tx);
    const tx = this.storage.begin();
    try {
      return f(tx);
    } finally {
      tx.rollback();
    }
  }

  /** `release`: called when the statement is done (a cached plan lets go of its transaction). */
  private async run(s: ParsedStatement, params: readonly Value[], cached?: (tx: Transaction) => PlanNode | CachedDml | undefined, release?: () => void): Promise<QueryResult> {
    const [kind, body] = tagOf(s.node);
    if (kind === 'TransactionStmt') return this.transactionStatement(body as NodeBody<'TransactionStmt'>);
    if (this.failed) throw aborted();
    const own = this.tx === undefined;
    const tx = this.tx ?? this.storage.begin();
    try {
      const copyStmt = kind === 'CopyStmt' ? (body as NodeBody<'CopyStmt'>) : undefined;
      // Inside a block that already writes, no await (a statement's result is not deferred a turn).
      if (!READ_ONLY.has(kind) && !(copyStmt && !copyStmt.is_from) && !tx.holdsWriteLock) await tx.lockForWrite();
      const hit = cached && (kind === 'SelectStmt' || kind === 'InsertStmt' || kind === 'UpdateStmt' || kind === 'DeleteStmt') ? cached(tx) : undefined;
      const result = hit
        ? 'dml' in hit
          ? dmlResult(runCachedDml(hit, { tx, evalContext: this.context(params, tx) }))
          : this.materialise('SELECT', hit, this.context(params, tx))
        : copyStmt
          ? await this.copy(copyStmt, s, tx, params)
          : this.statement(kind, body, s, tx, params);
      if (own) tx.commit();
      return result;
    } catch (e) {
      if (own) tx.rollback();
      else this.failed = true;
      throw toSqlError(e);
    } finally {
      release?.();
    }
  }

  private transactionStatement(t: NodeBody<'TransactionStmt'>): QueryResult {
    const done = (command: string): QueryResult => ({ command, rowCount: 0, fields: [], rows: [] });
    switch (t.kind) {
      case 'TRANS_STMT_BEGIN':
      case 'TRANS_STMT_START':
        if (this.failed) throw aborted();
        // PostgreSQL only warns about a nested BEGIN.
        if (!this.tx) {
          this.tx = this.storage.begin();
          this.transactionStart = new Instant(performance.now());
        }
        return done('BEGIN');
      case 'TRANS_STMT_COMMIT': {
        const tx = this.tx;
        const failed = this.failed;
        this.endTransaction();
        if (!tx) return done('COMMIT');
        if (failed) {
          tx.rollback();
          this.settings.endTransaction(false);
          return done('ROLLBACK');
        }
        tx.commit();
        return done('COMMIT');
      }
      case 'TRANS_STMT_ROLLBACK':
        this.tx?.rollback();
        if (this.tx) this.settings.endTransaction(false);
        this.endTransaction();
        return done('ROLLBACK');
      case 'TRANS_STMT_SAVEPOINT':
        if (this.failed) throw aborted();
        if (!this.tx) throw new SqlError(SqlState.noActiveSqlTransaction, 'SAVEPOINT can only be used in transaction blocks');
        this.tx.savepoint(t.savepoint_name!);
        return done('SAVEPOINT');
      case 'TRANS_STMT_RELEASE':
        if (this.failed) throw aborted();
        if (!this.tx) throw new SqlError(SqlState.noActiveSqlTransaction, 'RELEASE SAVEPOINT can only be used in transaction blocks');
        this.savepointOp(() => this.tx!.releaseSavepoint(t.savepoint_name!));
        return done('RELEASE');
      case 'TRANS_STMT_ROLLBACK_TO':
        if (!this.tx) throw new SqlError(SqlState.noActiveSqlTransaction, 'ROLLBACK TO SAVEPOINT can only be used in transaction blocks');
        this.savepointOp(() => this.tx!.rollbackTo(t.savepoint_name!));
        this.failed = false;
        return done('ROLLBACK');
      default:
        throw notSupported(`transaction command ${t.kind}`);
    }
  }

  private savepointOp(f: () => void): void {
    try {
      f();
    } catch (e) {
      this.failed = true;
      throw toSqlError(e);
    }
  }

  private endTransaction(): void {
    if (this.tx) this.settings.endTransaction(true);
    this.accessTx = undefined;
    this.txSequences = undefined;
    this.txCatalog = undefined;
    this.tx = undefined;
    this.failed = false;
    this.transactionStart = undefined;
  }

  private statement(kind: string, original: unknown, s: ParsedStatement, tx: Transaction, params: readonly Value[]): QueryResult {
    const body = qualifyStatement(kind, original, tx, this.settings.searchPath(this.user));
    const ctx = this.context(params, tx);
    const env = this.env(tx, s, params);
    const ddl: DdlContext = {
      tx,
      source: s.source,
      evalContext: ctx,
      planQuery: (node: Node) => planSelect(nodeAs(node, 'SelectStmt')!, undefined, env),
    };
    const dml: DmlContext = { tx, env, evalContext: ctx };
    const done = (command: string): QueryResult => ({ command, rowCount: 0, fields: [], rows: [] });
    switch (kind) {
      case 'SelectStmt': {
        const plan = planSelect(body as NodeBody<'SelectStmt'>, undefined, env);
        return this.materialise('SELECT', plan, ctx);
      }
      case 'InsertStmt':
      case 'UpdateStmt':
      case 'DeleteStmt': {
        const r = kind === 'InsertStmt' ? insert(body as NodeBody<'InsertStmt'>, dml) : kind === 'UpdateStmt' ? update(body as NodeBody<'UpdateStmt'>, dml) : deleteRows(body as NodeBody<'DeleteStmt'>, dml);
        return dmlResult(r);
      }
      case 'CreateStmt':
        return done(createTable(body as NodeBody<'CreateStmt'>, ddl));
      case 'DropStmt': {
        const d = body as NodeBody<'DropStmt'>;
        return done(d.removeType === 'OBJECT_SCHEMA' ? dropSchema(d, tx) : drop(d, ddl));
      }
      case 'IndexStmt':
        return done(createIndex(body as NodeBody<'IndexStmt'>, ddl));
      case 'ViewStmt': {
        const v = body as NodeBody<'ViewStmt'>;
        return done(createView(v, ddl, viewDefinition(s, v)));
      }
      case 'CreateSeqStmt':
        return done(createSequence(body as NodeBody<'CreateSeqStmt'>, ddl));
      case 'TruncateStmt':
        return done(truncate(body as NodeBody<'TruncateStmt'>, ddl));
      case 'AlterTableStmt':
        return done(alterTable(body as NodeBody<'AlterTableStmt'>, ddl));
      case 'RenameStmt':
        return done(renameStmt(body as NodeBody<'RenameStmt'>, ddl));
      case 'VacuumStmt':
        // Storage keeps no dead rows or planner statistics: VACUUM and ANALYZE have nothing to do (pgbench -i runs them).
        return done((body as NodeBody<'VacuumStmt'>).is_vacuumcmd ? 'VACUUM' : 'ANALYZE');
      case 'ExplainStmt': {
        const e = body as NodeBody<'ExplainStmt'>;
        const select = nodeAs(e.query, 'SelectStmt');
        if (!select) throw notSupported('EXPLAIN of statements other than SELECT');
        const lines: string[] = [];
        planSelect(select, undefined, this.env(tx, s, params, lines));
        return { command: 'EXPLAIN', rowCount: lines.length, fields: fieldsOf([{ name: 'QUERY PLAN', type: T.text }]), rows: lines.map((l) => [l]) };
      }
      case 'CreateSchemaStmt':
        return done(createSchema(body as NodeBody<'CreateSchemaStmt'>, tx));
      case 'VariableSetStmt': {
        const v = body as NodeBody<'VariableSetStmt'>;
        const result = done(setStatement(this.settings, v));
        // PostgreSQL warns and ignores SET LOCAL outside a transaction block (here: outside BEGIN).
        if (v.is_local && !this.tx) return { ...result, notices: [{ severity: 'WARNING', code: '25P01', message: 'SET LOCAL can only be used in transaction blocks' }] };
        return result;
      }
      case 'VariableShowStmt':
        return showStatement(this.settings, (body as NodeBody<'VariableShowStmt'>).name ?? '');
      default:
        throw notSupported(`${kind.replace(/Stmt$/, '')} statements`);
    }
  }

  private async copy(stmt: NodeBody<'CopyStmt'>, s: ParsedStatement, tx: Transaction, params: readonly Value[]): Promise<QueryResult> {
    const env = this.env(tx, s, params);
    const r = await copy(stmt, { tx, evalContext: this.context(params, tx), planQuery: (node: Node) => presentPlan(planSelect(nodeAs(node, 'SelectStmt')!, undefined, env)), io: this.copyIo, files: this.copyFiles });
    this.copyResult = r;
    return { command: r.command, rowCount: r.rowCount, fields: [], rows: [], ...(r.notices.length ? { notices: r.notices } : {}) };
  }

  /** Bound by runCopy() for the one COPY statement it runs. */
  private copyIo: CopyIo | undefined;
  private copyResult: CopyResult | undefined;

  /**
   * Runs one COPY statement with its STDIN/STDOUT bound to `io`'s streams and progress reported to it (the CLI's
   * import/export and REST use this); returns COPY's full report (rows, bytes, skipped rows, notices).
   */
  async runCopy(sql: string, io: CopyIo, params: readonly Value[] = []): Promise<CopyResult> {
    const statements = parseSql(sql);
    if (statements.length !== 1 || !nodeAs(statements[0]!.node, 'CopyStmt')) throw new SqlError(SqlState.featureNotSupported, 'runCopy() takes exactly one COPY statement');
    this.copyIo = io;
    this.copyResult = undefined;
    try {
      await this.execute(sql, params);
      return this.copyResult!;
    } finally {
      this.copyIo = undefined;
      this.copyResult = undefined;
    }
  }

  private materialise(command: string, plan: PlanNode, ctx: EvalContext): QueryResult {
    let shown = presented.get(plan);
    if (!shown) {
      const p = presentColumns(plan.columns);
      shown = { convert: p.convert, fields: fieldsOf(p.columns) };
      // A cached plan runs many times: its presentation is worked out once.
      presented.set(plan, shown);
    }
    const convert = shown.convert;
    const rows: Value[][] = [];
    // Rows a plan yields may be shared (a CTE's, a VALUES list's): each result row is a copy unless they are fresh.
    if (convert) for (const r of plan.rows(ctx)) rows.push(convert(r, ctx));
    else if (plan.fresh) for (const r of plan.rows(ctx)) rows.push(r as Value[]);
    else for (const r of plan.rows(ctx)) rows.push(r.slice());
    return { command, rowCount: rows.length, fields: shown.fields.slice(), rows };
  }
}

/** A plan's result columns as clients see them, and the conversion of its rows (presentColumns), per plan. */
const presented = new WeakMap<PlanNode, { convert: ((row: readonly Value[], ctx: EvalContext) => Value[]) | undefined; fields: FieldInfo[] }>();

function dmlResult(r: DmlResult): QueryResult {
  // Most DML returns no rows (no RETURNING): no arrays mapped for nothing.
  return { command: r.command, rowCount: r.rowCount, fields: r.columns.length > 0 ? fieldsOf(r.columns) : [], rows: r.rows.length > 0 ? r.rows.map((row) => [...row]) : [] };
}

function aborted(): SqlError {
  return new SqlError(SqlState.inFailedSqlTransaction, 'current transaction is aborted, commands ignored until end of transaction block');
}

/** CREATE VIEW's SELECT as text (storage keeps the definition; the view is re-planned when used). */
function viewDefinition(s: ParsedStatement, v: NodeBody<'ViewStmt'>): string {
  const text = s.text;
  const m = /\bAS\s+/i.exec(text.slice(text.search(new RegExp(`\\b${v.view!.relname}\\b`, 'i'))));
  if (!m) throw new Error('sql: cannot find the SELECT of CREATE VIEW');
  const start = text.search(new RegExp(`\\b${v.view!.relname}\\b`, 'i')) + m.index + m[0].length;
  return text.slice(start).replace(/;\s*$/, '');
}

export { stringOf };
