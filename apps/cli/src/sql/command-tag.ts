/** PostgreSQL's CommandComplete tag for a result, as psql prints it (`INSERT 0 2`, `UPDATE 1`, `CREATE TABLE`). */
export function commandTag(command: string, rowCount: number): string {
  switch (command) {
    case 'INSERT':
      return `INSERT 0 ${rowCount}`;
    case 'SELECT':
    case 'UPDATE':
    case 'DELETE':
    case 'MERGE':
    case 'COPY':
    case 'FETCH':
    case 'MOVE':
      return `${command} ${rowCount}`;
    default:
      return command;
  }
}
