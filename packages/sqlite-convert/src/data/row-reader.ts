/**
 * A table's rows in the order of the scan's SELECT, read in chunks: for a rowid table, `WHERE rowid > last ORDER BY
 * rowid LIMIT n` with `all()` (one native call per chunk; better-sqlite3's `iterate()` crosses into C++ once per row,
 * about 30 % slower here). Every chunk runs in the read transaction the source holds open, so the chunks together
 * are one point in time. WITHOUT ROWID tables are iterated.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteValue } from './sqlite-value.js';

/** Rows per chunk. */
export const CHUNK_ROWS = 2048;

export interface RowSource {
  /** The SELECT of every row, key columns first (scan-table.ts's tableSelect). */
  readonly sql: string;
  /** For rowid tables: the rowid's name in this table (rowid, _rowid_ or oid), which the SELECT reads first. */
  readonly rowid: string | null;
}

export class RowReader {
  private rows: SqliteValue[][] = [];
  private i = 0;
  private last: bigint | null = null;
  private done = false;
  private readonly first: BetterSqlite3.Statement | null = null;
  private readonly after: BetterSqlite3.Statement | null = null;
  private readonly it: IterableIterator<SqliteValue[]> | null = null;

  constructor(db: BetterSqlite3.Database, source: RowSource, chunkRows = CHUNK_ROWS) {
    if (source.rowid) {
      const order = ` ORDER BY ${source.rowid}`;
      if (!source.sql.endsWith(order)) throw new Error(`sqlite convert: cannot read in chunks: ${source.sql}`);
      const body = source.sql.slice(0, -order.length);
      this.first = db.prepare(`${body}${order} LIMIT ${chunkRows}`).raw(true);
      this.after = db.prepare(`${body} WHERE ${source.rowid} > ?${order} LIMIT ${chunkRows}`).raw(true);
    } else {
      this.it = db.prepare(source.sql).raw(true).iterate() as IterableIterator<SqliteValue[]>;
    }
  }

  /** The next row, or null after the last. */
  next(): SqliteValue[] | null {
    if (this.it) {
      const r = this.it.next();
      return r.done ? null : r.value;
    }
    if (this.i < this.rows.length) return this.rows[this.i++]!;
    if (this.done) return null;
    this.rows = (this.last === null ? this.first!.all() : this.after!.all(this.last)) as SqliteValue[][];
    this.i = 0;
    if (this.rows.length === 0) {
      this.done = true;
      return null;
    }
    this.last = this.rows[this.rows.length - 1]![0] as bigint;
    return this.rows[this.i++]!;
  }

  /** Ends an iteration left early (frees the statement). */
  close(): void {
    this.it?.return?.();
    this.done = true;
  }
}
