/** Frontend (client -> server) messages of protocol 3.0, as plain readonly data. */

export interface StartupMessage {
  readonly name: 'startup';
  readonly protocolVersion: number;
  /** user, database, application_name, options, ... */
  readonly parameters: ReadonlyMap<string, string>;
}
export interface SslRequest {
  readonly name: 'sslRequest';
}
export interface GssEncRequest {
  readonly name: 'gssEncRequest';
}
export interface CancelRequest {
  readonly name: 'cancelRequest';
  readonly processId: number;
  readonly secretKey: number;
}
export interface QueryMessage {
  readonly name: 'query';
  readonly sql: string;
}
export interface ParseMessage {
  readonly name: 'parse';
  readonly statement: string;
  readonly sql: string;
  /** 0 = unspecified. */
  readonly paramTypes: readonly number[];
}
export interface BindMessage {
  readonly name: 'bind';
  readonly portal: string;
  readonly statement: string;
  /** Empty: all text; one: applies to all; else one per parameter. 0 = text, 1 = binary. */
  readonly paramFormats: readonly number[];
  /** null is SQL NULL (length -1). */
  readonly params: readonly (Buffer | null)[];
  readonly resultFormats: readonly number[];
}
export interface DescribeMessage {
  readonly name: 'describe';
  /** S = prepared statement, P = portal. */
  readonly target: 'S' | 'P';
  readonly objectName: string;
}
export interface CloseMessage {
  readonly name: 'close';
  readonly target: 'S' | 'P';
  readonly objectName: string;
}
export interface ExecuteMessage {
  readonly name: 'execute';
  readonly portal: string;
  /** 0 = no limit. */
  readonly maxRows: number;
}
export interface PasswordMessage {
  /** PasswordMessage, SASLInitialResponse or SASLResponse: which one depends on the authentication exchange. */
  readonly name: 'password';
  readonly body: Buffer;
}
export interface SimpleMessage {
  readonly name: 'sync' | 'flush' | 'terminate';
}
/** COPY FROM STDIN: the data (any split of it), its end, or the client giving up with a reason. */
export interface CopyDataMessage {
  readonly name: 'copyData';
  readonly data: Buffer;
}
export interface CopyDoneMessage {
  readonly name: 'copyDone';
}
export interface CopyFailMessage {
  readonly name: 'copyFail';
  readonly message: string;
}
export interface UnsupportedMessage {
  /** Messages we frame but do not implement (FunctionCall). */
  readonly name: 'unsupported';
  readonly code: number;
}

export interface InvalidMessage {
  /** A well-framed message whose content is malformed. */
  readonly name: 'invalid';
  readonly code: number;
  readonly error: import('./protocol-error.js').ProtocolError;
}

export type StartupPhaseMessage = StartupMessage | SslRequest | GssEncRequest | CancelRequest;
export type FrontendMessage =
  | QueryMessage
  | ParseMessage
  | BindMessage
  | DescribeMessage
  | CloseMessage
  | ExecuteMessage
  | PasswordMessage
  | SimpleMessage
  | CopyDataMessage
  | CopyDoneMessage
  | CopyFailMessage
  | UnsupportedMessage
  | InvalidMessage;
