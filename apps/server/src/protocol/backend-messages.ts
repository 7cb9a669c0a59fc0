/** Backend (server -> client) messages: one function per message; constant messages are built once. */
import { BufferWriter } from './buffer-writer.js';
import { BackendCode } from './codes.js';

const writer = new BufferWriter();

export type TransactionStatus = 'I' | 'T' | 'E';

export interface FieldDescription {
  readonly name: string;
  readonly tableOid: number;
  readonly columnAttr: number;
  readonly dataTypeID: number;
  /** pg_type.typlen: -1 for varlena. */
  readonly dataTypeSize: number;
  readonly typmod: number;
  /** 0 = text, 1 = binary. */
  readonly format: number;
}

/** ErrorResponse / NoticeResponse fields, keyed by their one-letter codes. */
export interface NoticeFields {
  readonly severity: string; // S and V
  readonly code: string; // C
  readonly message: string; // M
  readonly detail?: string | undefined; // D
  readonly hint?: string | undefined; // H
  readonly position?: number | undefined; // P
}

function auth(kind: number): BufferWriter {
  return writer.addInt32(kind);
}

export const authenticationOk = auth(0).flush(BackendCode.Authentication);
export const authenticationCleartextPassword = auth(3).flush(BackendCode.Authentication);
export const parseComplete = writer.flush(BackendCode.ParseComplete);
export const bindComplete = writer.flush(BackendCode.BindComplete);
export const closeComplete = writer.flush(BackendCode.CloseComplete);
export const noData = writer.flush(BackendCode.NoData);
export const portalSuspended = writer.flush(BackendCode.PortalSuspended);
export const emptyQueryResponse = writer.flush(BackendCode.EmptyQueryResponse);
/** The one-byte answer to SSLRequest / GSSENCRequest: N = not supported, S = go ahead with TLS. */
export const refuseEncryption = Buffer.from('N');
export const acceptSsl = Buffer.from('S');

export function authenticationMd5Password(salt: Uint8Array): Buffer {
  return auth(5).addBytes(salt).flush(BackendCode.Authentication);
}

export function authenticationSasl(mechanisms: readonly string[]): Buffer {
  auth(10);
  for (const m of mechanisms) writer.addCString(m);
  return writer.addByte(0).flush(BackendCode.Authentication);
}

export function authenticationSaslContinue(data: string): Buffer {
  return auth(11).addBytes(Buffer.from(data, 'utf8')).flush(BackendCode.Authentication);
}

export function authenticationSaslFinal(data: string): Buffer {
  return auth(12).addBytes(Buffer.from(data, 'utf8')).flush(BackendCode.Authentication);
}

export function parameterStatus(name: string, value: string): Buffer {
  return writer.addCString(name).addCString(value).flush(BackendCode.ParameterStatus);
}

export function backendKeyData(processId: number, secretKey: number): Buffer {
  return writer.addInt32(processId).addInt32(secretKey).flush(BackendCode.BackendKeyData);
}

export function readyForQuery(status: TransactionStatus): Buffer {
  return writer.addByte(status.charCodeAt(0)).flush(BackendCode.ReadyForQuery);
}

export function commandComplete(tag: string): Buffer {
  return writer.addCString(tag).flush(BackendCode.CommandComplete);
}

export function parameterDescription(oids: readonly number[]): Buffer {
  writer.addInt16(oids.length);
  for (const oid of oids) writer.addInt32(oid | 0);
  return writer.flush(BackendCode.ParameterDescription);
}

export function rowDescription(fields: readonly FieldDescription[]): Buffer {
  writer.addInt16(fields.length);
  for (const f of fields) {
    writer
      .addCString(f.name)
      .addInt32(f.tableOid)
      .addInt16(f.columnAttr)
      .addInt32(f.dataTypeID)
      .addInt16(f.dataTypeSize)
      .addInt32(f.typmod)
      .addInt16(f.format);
  }
  return writer.flush(BackendCode.RowDescription);
}

/** One row; each value is already encoded in its column's format, null is SQL NULL (length -1). */
export function dataRow(values: readonly (Uint8Array | null)[]): Buffer {
  writer.addInt16(values.length);
  for (const v of values) {
    if (v === null) writer.addInt32(-1);
    else writer.addInt32(v.length).addBytes(v);
  }
  return writer.flush(BackendCode.DataRow);
}

/** CopyInResponse / CopyOutResponse: overall format 0 (text), and text for each column. */
export function copyInResponse(columns: number): Buffer {
  return copyResponse(BackendCode.CopyInResponse, columns);
}

export function copyOutResponse(columns: number): Buffer {
  return copyResponse(BackendCode.CopyOutResponse, columns);
}

function copyResponse(code: number, columns: number): Buffer {
  writer.addByte(0).addInt16(columns);
  for (let i = 0; i < columns; i++) writer.addInt16(0);
  return writer.flush(code);
}

export const copyDone = writer.flush(BackendCode.CopyDone);

export function errorResponse(fields: NoticeFields): Buffer {
  return notice(fields, BackendCode.ErrorResponse);
}

export function noticeResponse(fields: NoticeFields): Buffer {
  return notice(fields, BackendCode.NoticeResponse);
}

function notice(f: NoticeFields, code: number): Buffer {
  const field = (letter: string, value: string): void => {
    writer.addByte(letter.charCodeAt(0)).addCString(value);
  };
  field('S', f.severity);
  field('V', f.severity);
  field('C', f.code);
  field('M', f.message);
  if (f.detail !== undefined) field('D', f.detail);
  if (f.hint !== undefined) field('H', f.hint);
  if (f.position !== undefined) field('P', String(f.position));
  return writer.addByte(0).flush(code);
}
