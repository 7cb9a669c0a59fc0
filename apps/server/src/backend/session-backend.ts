/**
 * The seam between the wire protocol and the SQL engine. The protocol code knows only this file;
 * `database-backend.ts` serves @heliosdb/sql Sessions over storage, `engine-backend.ts` the table-free `Engine`.
 */
import type { PgType, Value } from '@heliosdb/types';
import type { NoticeFields, TransactionStatus } from '../protocol/backend-messages.js';

export type { TransactionStatus };

export interface ResultField {
  readonly name: string;
  readonly dataTypeID: number;
  readonly typmod: number;
  /** The type whose text/binary output encodes this column's values. */
  readonly type: PgType;
}

export interface StatementResult {
  /** The command word: SELECT, INSERT, UPDATE, DELETE, BEGIN, SET, ... */
  readonly command: string;
  readonly rowCount: number;
  /** Absent for statements that return no rows (NoData); present, maybe empty, for row-returning ones. */
  readonly fields?: readonly ResultField[];
  readonly rows: readonly (readonly Value[])[];
  /** NoticeResponse messages to send before the result (e.g. "there is already a transaction in progress"). */
  readonly notices?: readonly NoticeFields[];
  /** ParameterStatus changes the command made (SET TimeZone, SET application_name), sent before the next ReadyForQuery. */
  readonly parameterChanges?: readonly (readonly [string, string])[];
}

/** A parameter after wire decoding: its type (undefined when the client left it unspecified) and value. */
export interface BoundParam {
  readonly type: PgType | undefined;
  readonly value: Value;
}

export interface StatementDescription {
  /** One OID per parameter ($1..$n), unspecified ones resolved. */
  readonly paramTypes: readonly number[];
  /** undefined: the statement returns no rows (NoData). */
  readonly fields: readonly ResultField[] | undefined;
  /**
   * Per parameter: true when the client left its type unspecified; `paramTypes` then holds the type inferred from
   * the column the parameter meets, or text (25). Its value reaches the backend as text: a binary value is read
   * by the inferred type and turned into text, or, with nothing inferred, taken as raw bytes (bytea), which is
   * how node-postgres sends Buffers.
   */
  readonly undeclared?: readonly boolean[];
  /**
   * Runs this prepared statement with bound parameters, reusing what Parse did (the parse tree, a plan).
   * Absent: the connection calls `SessionBackend.execute` with the statement's text.
   */
  execute?(params: readonly BoundParam[], signal: AbortSignal): Promise<StatementResult | 'empty'>;
}

/** The COPY sub-protocol, as the connection offers it to a simple query's COPY FROM STDIN / TO STDOUT. */
export interface CopyChannel {
  /** Sends CopyInResponse, then yields the CopyData payloads until CopyDone; CopyFail throws (57014). */
  receive(columns: number): AsyncIterable<Uint8Array>;
  /** Sends CopyOutResponse; CopyDone follows when the statement's result is sent. */
  sendStart(columns: number): void | Promise<void>;
  /** Sends one CopyData message (waiting while the client does not read). */
  send(chunk: Uint8Array): void | Promise<void>;
}

export interface SessionOptions {
  readonly user: string;
  readonly database: string;
  readonly applicationName: string;
}

export interface SessionBackend {
  /** ReadyForQuery's status: I idle, T in a transaction block, E in a failed one. */
  readonly transactionStatus: TransactionStatus;
  /** The session's TimeZone setting, for timestamptz output. */
  readonly timeZone: string;
  /**
   * Runs a simple-query string statement by statement; yields each result as it completes, 'empty' for an
   * empty string. Throws BackendError at the first failing statement (earlier results were already yielded).
   */
  simpleQuery(sql: string, signal: AbortSignal, copy?: CopyChannel): AsyncIterable<StatementResult | 'empty'>;
  /** Parse: checks one statement (at most one), describes its parameters and result columns, and may keep it prepared. */
  prepare(sql: string, paramTypes: readonly number[]): Promise<StatementDescription>;
  /** Runs one prepared statement with bound parameters. 'empty' for an empty statement. */
  execute(sql: string, params: readonly BoundParam[], signal: AbortSignal): Promise<StatementResult | 'empty'>;
  /**
   * The reported settings (GUC_REPORT) whose values differ from what the client was last told, asked before every
   * ReadyForQuery: as in PostgreSQL, a change is sent once, with its final value, right before ReadyForQuery.
   * Optional: a backend may report through StatementResult.parameterChanges instead.
   */
  reportChanges?(): readonly (readonly [string, string])[];
  /** The connection is gone: roll back whatever is open. */
  close(): Promise<void>;
}

export interface BackendFactory {
  /** Opens one session per connection; throws BackendError for an unknown database. */
  openSession(options: SessionOptions): Promise<SessionBackend>;
  /** The server is shutting down. */
  close(): Promise<void>;
}
