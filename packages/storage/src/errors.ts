/**
 * Errors the engine raises. Each carries PostgreSQL's SQLSTATE and wording so the SQL layer and the
 * server can pass them to clients unchanged.
 */
export class StorageError extends Error {
  override readonly name: string = 'StorageError';
  constructor(
    /** PostgreSQL SQLSTATE, e.g. '23505'. */
    readonly code: string,
    message: string,
    readonly detail?: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** changesSince() was asked for an LSN whose change-log entries were already pruned. */
export class ChangesPrunedError extends StorageError {
  override readonly name = 'ChangesPrunedError';
  constructor(
    readonly requestedLsn: bigint,
    readonly oldestAvailableLsn: bigint,
  ) {
    super(
      '55000',
      `changes since LSN ${requestedLsn} are no longer available: the change log starts after LSN ${oldestAvailableLsn}`,
      undefined,
      'take a full dump instead of an incremental one',
    );
  }
}

export const uniqueViolation = (constraint: string, columns: string, values: string): StorageError =>
  new StorageError(
    '23505',
    `duplicate key value violates unique constraint "${constraint}"`,
    `Key (${columns})=(${values}) already exists.`,
  );

export const notNullViolation = (table: string, column: string): StorageError =>
  new StorageError('23502', `null value in column "${column}" of relation "${table}" violates not-null constraint`);

export const foreignKeyMissing = (table: string, constraint: string, columns: string, values: string, refTable: string): StorageError =>
  new StorageError(
    '23503',
    `insert or update on table "${table}" violates foreign key constraint "${constraint}"`,
    `Key (${columns})=(${values}) is not present in table "${refTable}".`,
  );

export const foreignKeyReferenced = (refTable: string, constraint: string, table: string, columns: string, values: string): StorageError =>
  new StorageError(
    '23503',
    `update or delete on table "${refTable}" violates foreign key constraint "${constraint}" on table "${table}"`,
    `Key (${columns})=(${values}) is still referenced from table "${table}".`,
  );

export const undefinedTable = (name: string): StorageError => new StorageError('42P01', `relation "${name}" does not exist`);
export const duplicateTable = (name: string): StorageError => new StorageError('42P07', `relation "${name}" already exists`);
export const undefinedColumn = (column: string, table: string): StorageError =>
  new StorageError('42703', `column "${column}" of relation "${table}" does not exist`);
export const duplicateColumn = (column: string, table: string): StorageError =>
  new StorageError('42701', `column "${column}" of relation "${table}" already exists`);
export const undefinedObject = (kind: string, name: string): StorageError =>
  new StorageError(kind === 'schema' ? '3F000' : '42704', `${kind} "${name}" does not exist`);
export const duplicateObject = (kind: string, name: string): StorageError =>
  new StorageError(kind === 'schema' ? '42P06' : '42710', `${kind} "${name}" already exists`);

/** A value that does not fit its column's type: 22003 (range), 22001 (too long), 22P02 (bad representation). */
export const badValue = (code: string, problem: string, table: string, column: string): StorageError =>
  new StorageError(code, `${problem} (column "${column}" of relation "${table}")`);

export const readOnlyTransaction = (what: string): StorageError =>
  new StorageError('25006', `cannot execute ${what} in a read-only transaction`);
