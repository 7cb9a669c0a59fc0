/**
 * The embedded database: a data directory (or memory) plus the SQL engine.
 *
 * ```ts
 * const db = await Database.open({ dataDir: './data', create: true });
 * await db.query('CREATE TABLE t (id serial PRIMARY KEY, name text NOT NULL)');
 * await db.query('INSERT INTO t (name) VALUES ($1), ($2)', ['a', 'b']);
 * const { rows } = await db.query('SELECT id, name FROM t WHERE id = $1', [2]); // [[2, 'b']]
 * await db.close();
 * ```
 */
import type { Value } from '@heliosdb/types';
import { Storage } from '@heliosdb/storage';
import type { QueryResult } from '../engine/query-result.js';
import { type ParsedStatement, loadParser, parseSql } from '../parser/parse-sql.js';
import { Session, type SessionOptions } from './session.js';
import type { CopyIo, CopyResult } from '../copy/copy.js';

export type OpenOptions =
  | ({ readonly dataDir: string; readonly create?: boolean; readonly memory?: false } & SessionOptions)
  | ({ readonly memory: true } & SessionOptions);

/** What `transaction()` hands its callback: queries that run inside the transaction. */
export interface TransactionScope {
  query(sql: string, params?: readonly Value[]): Promise<QueryResult>;
  stream(sql: string, params?: readonly Value[]): AsyncGenerator<Value[]>;
}

/** BEGIN and COMMIT as transaction() runs them, parsed once (each parse is a call into the WASM parser). */
let control: { readonly begin: ParsedStatement[]; readonly commit: ParsedStatement[] } | undefined;
const controlStatements = () => (control ??= { begin: parseSql('BEGIN'), commit: parseSql('COMMIT') });

export class Database {
  private readonly session: Session;
  private closed = false;

  private constructor(
    private readonly storage: Storage,
    private readonly options: SessionOptions,
  ) {
    this.session = new Session(storage, options);
    this.session.keptTexts = this.keptTexts;
  }

  /** Statement texts the sessions keep prepared, parsed once for all of them (see Session.keptTexts). */
  private readonly keptTexts = new Map<string, ParsedStatement[]>();

  static async open(options: OpenOptions): Promise<Database> {
    await loadParser();
    const storage = options.memory ? Storage.memory() : Storage.open({ dir: options.dataDir, create: options.create ?? false });
    return new Database(storage, options);
  }

  /** Runs the statement(s) in `sql` ($1... bound from `params`); returns the last statement's result. */
  async query(sql: string, params: readonly Value[] = []): Promise<QueryResult> {
    this.assertOpen();
    return this.session.executeLast(sql, params);
  }

  /** Every statement's result. */
  async queryAll(sql: string, params: readonly Value[] = []): Promise<QueryResult[]> {
    this.assertOpen();
    return this.session.execute(sql, params);
  }

  /**
   * Runs one COPY statement with STDIN/STDOUT bound to streams, progress and whether COPY FROM may create the table:
   * `db.copy("COPY t TO STDOUT (FORMAT csv)", { stdout: process.stdout })`. Returns rows, bytes, skipped rows, notices.
   */
  async copy(sql: string, io: CopyIo = {}, params: readonly Value[] = []): Promise<CopyResult> {
    this.assertOpen();
    return this.session.runCopy(sql, io, params);
  }

  /** The rows of one SELECT, produced as they are read. */
  stream(sql: string, params: readonly Value[] = []): AsyncGenerator<Value[]> {
    this.assertOpen();
    return this.session.stream(sql, params);
  }

  /** Runs `fn` in its own transaction: committed when it resolves, rolled back when it throws. */
  async transaction<T>(fn: (tx: TransactionScope) => Promise<T>): Promise<T> {
    this.assertOpen();
    const session = new Session(this.storage, this.options);
    session.keptTexts = this.keptTexts;
    const { begin, commit } = controlStatements();
    await session.executeParsed(begin);
    try {
      const result = await fn({
        query: (sql, params = []) => session.executeLast(sql, params),
        stream: (sql, params = []) => session.stream(sql, params),
      });
      await session.executeParsed(commit).then((r) => {
        if (r[0]?.command === 'ROLLBACK') throw new Error('transaction: a statement failed inside the callback, so the transaction was rolled back');
      });
      return result;
    } catch (e) {
      session.close();
      throw e;
    }
  }

  /** The storage underneath (for dump and restore). */
  get store(): Storage {
    return this.storage;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.session.close();
    this.storage.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('Database: closed');
  }
}
