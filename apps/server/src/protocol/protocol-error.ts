/**
 * A frontend message that breaks the protocol. `fatal` ones (bad framing, unknown message type) end the
 * connection, as PostgreSQL's FATAL does; others (bad content in a well-framed message) are an ERROR.
 */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  constructor(
    message: string,
    /** SQLSTATE; 08P01 protocol_violation unless a content rule says otherwise. */
    readonly code = '08P01',
    readonly fatal = false,
  ) {
    super(message);
  }
}
