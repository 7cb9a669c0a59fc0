/** CommandComplete's tag, as PostgreSQL writes it: `SELECT 3`, `INSERT 0 1`, `UPDATE 2`, `BEGIN`. */
export function commandTag(command: string, rowCount: number): string {
  switch (command) {
    case 'INSERT':
      return `INSERT 0 ${rowCount}`; // the 0 is the OID field, always 0 since PostgreSQL 12
    case 'SELECT':
    case 'UPDATE':
    case 'DELETE':
    case 'MERGE':
    case 'FETCH':
    case 'MOVE':
    case 'COPY':
      return `${command} ${rowCount}`;
    case 'CREATE TABLE AS':
    case 'SELECT INTO':
      return `SELECT ${rowCount}`;
    default:
      return command;
  }
}
