/** Named constructors for the analysis errors, in PostgreSQL's wording. */
import { SqlError } from './sql-error.js';
import { SqlState } from './sqlstate.js';

export function undefinedColumn(name: string, position?: number): SqlError {
  return new SqlError(SqlState.undefinedColumn, `column ${name} does not exist`, { position });
}

export function undefinedFunction(signature: string, position?: number, operator = false): SqlError {
  const hint = operator
    ? 'No operator matches the given name and argument types. You might need to add explicit type casts.'
    : 'No function matches the given name and argument types. You might need to add explicit type casts.';
  const message = operator ? `operator does not exist: ${signature}` : `function ${signature} does not exist`;
  return new SqlError(SqlState.undefinedFunction, message, { hint, position });
}

export function ambiguousFunction(signature: string, position?: number, operator = false): SqlError {
  const hint = operator
    ? 'Could not choose a best candidate operator. You might need to add explicit type casts.'
    : 'Could not choose a best candidate function. You might need to add explicit type casts.';
  const message = operator ? `operator is not unique: ${signature}` : `function ${signature} is not unique`;
  return new SqlError(SqlState.ambiguousFunction, message, { hint, position });
}

export function notSupported(what: string, position?: number): SqlError {
  return new SqlError(SqlState.featureNotSupported, `${what} is not supported yet`, { position });
}

export function undefinedTable(name: string, position?: number): SqlError {
  return new SqlError(SqlState.undefinedTable, `relation "${name}" does not exist`, { position });
}

export function datatypeMismatch(message: string, position?: number): SqlError {
  return new SqlError(SqlState.datatypeMismatch, message, { position });
}
