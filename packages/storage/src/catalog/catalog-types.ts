import type { PgType } from '@heliosdb/types';

/**
 * The catalog as stored: plain JSON data (one document under the meta key "catalog"), changed only
 * through transactions, so a snapshot always sees the catalog that matches its rows.
 * Column positions (attnum - 1) are stable: a dropped column keeps its slot, as PostgreSQL's attisdropped.
 */
export interface ColumnDef {
  readonly name: string;
  readonly type: PgType;
  readonly notNull: boolean;
  /** The DEFAULT expression as SQL text (the SQL layer evaluates it), or null. */
  readonly default: string | null;
  /** GENERATED ALWAYS / BY DEFAULT AS IDENTITY, or null. */
  readonly identity: 'always' | 'by default' | null;
  /** Id of the sequence a serial/identity column owns. */
  readonly sequenceId?: number;
  readonly dropped?: boolean;
}

export interface ForeignKeyDef {
  readonly name: string;
  /** Positions in this table. */
  readonly columns: readonly number[];
  readonly refTableId: number;
  /** Positions in the referenced table (its primary key or a unique index). */
  readonly refColumns: readonly number[];
  /** Only NO ACTION / RESTRICT are enforced by the engine; other actions are the SQL layer's. */
  readonly onDelete: 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';
  readonly onUpdate: 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';
}

export interface CheckDef {
  readonly name: string;
  /** The CHECK expression as SQL text; the SQL layer evaluates it. */
  readonly expression: string;
}

export interface TableDef {
  /** Never reused, even after DROP TABLE. */
  readonly id: number;
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly ColumnDef[];
  /** Rows are keyed by these columns; null means a hidden int8 row id (one more than the largest in the table). */
  readonly primaryKey: { readonly name: string; readonly columns: readonly number[] } | null;
  readonly foreignKeys: readonly ForeignKeyDef[];
  readonly checks: readonly CheckDef[];
}

export interface IndexDef {
  readonly id: number;
  readonly schema: string;
  readonly name: string;
  readonly tableId: number;
  readonly columns: readonly number[];
  readonly unique: boolean;
  /** True when the index backs a UNIQUE or PRIMARY KEY constraint (named like the constraint). */
  readonly constraint: boolean;
  /**
   * True when the index backs the table's PRIMARY KEY added by ALTER TABLE ... ADD PRIMARY KEY to a table
   * whose rows stay keyed by their hidden row id (`primaryKey` null); its columns are NOT NULL. Absent: false.
   */
  readonly primary?: boolean;
}

export interface SequenceDef {
  readonly id: number;
  readonly schema: string;
  readonly name: string;
  /** int8 bounds and steps as decimal strings (JSON has no bigint). */
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cycle: boolean;
  readonly ownedBy?: { readonly tableId: number; readonly column: number };
}

export interface ViewDef {
  readonly id: number;
  readonly schema: string;
  readonly name: string;
  /** The SELECT as SQL text. */
  readonly definition: string;
  readonly columns: readonly string[];
}

export interface CatalogData {
  /** The next id for a table, index, sequence or view. */
  readonly nextId: number;
  readonly schemas: readonly string[];
  readonly tables: readonly TableDef[];
  readonly indexes: readonly IndexDef[];
  readonly sequences: readonly SequenceDef[];
  readonly views: readonly ViewDef[];
}

export const EMPTY_CATALOG: CatalogData = { nextId: 1, schemas: ['public'], tables: [], indexes: [], sequences: [], views: [] };

/** A catalog change recorded in the change log. */
export interface CatalogChange {
  readonly op: 'created' | 'dropped' | 'altered';
  readonly kind: 'table' | 'index' | 'sequence' | 'view' | 'schema';
  readonly id: number;
  readonly schema: string;
  readonly name: string;
}
