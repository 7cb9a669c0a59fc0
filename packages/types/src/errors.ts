/**
 * Errors raised by the value model. Messages and SQLSTATE codes follow PostgreSQL 15 word for word,
 * so the server can send them to clients unchanged.
 */
export class PgTypeError extends Error {
  override readonly name = 'PgTypeError';
  constructor(
    message: string,
    /** The five-character SQLSTATE, e.g. '22P02'. */
    readonly code: string,
    /** PostgreSQL's DETAIL line, when it has one. */
    readonly detail?: string,
    /** PostgreSQL's HINT line, when it has one. */
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** The SQLSTATE codes this package raises (PostgreSQL's errcodes.txt). */
export const SqlState = {
  invalidTextRepresentation: '22P02',
  numericValueOutOfRange: '22003',
  stringDataRightTruncation: '22001',
  invalidDatetimeFormat: '22007',
  datetimeFieldOverflow: '22008',
  intervalFieldOverflow: '22015',
  invalidTimeZoneDisplacement: '22009',
  invalidParameterValue: '22023',
  divisionByZero: '22012',
  invalidArgumentForPower: '2201F',
  untranslatableCharacter: '22P05',
  characterNotInRepertoire: '22021',
  undefinedObject: '42704',
  syntaxError: '42601',
  featureNotSupported: '0A000',
  datatypeMismatch: '42804',
} as const;

/** `invalid input syntax for type integer: "abc"` */
export function invalidSyntax(typeName: string, input: string, detail?: string): PgTypeError {
  return new PgTypeError(`invalid input syntax for type ${typeName}: "${input}"`, SqlState.invalidTextRepresentation, detail);
}

/** `value "99999999999" is out of range for type integer` */
export function intOutOfRange(typeName: string, input: string): PgTypeError {
  return new PgTypeError(`value "${input}" is out of range for type ${typeName}`, SqlState.numericValueOutOfRange);
}

export function divisionByZero(): PgTypeError {
  return new PgTypeError('division by zero', SqlState.divisionByZero);
}
