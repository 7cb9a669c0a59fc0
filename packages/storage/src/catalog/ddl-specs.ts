import type { PgType } from '@heliosdb/types';
import type { ForeignKeyDef } from './catalog-types.js';

/** What CREATE TABLE says about a column. */
export interface ColumnSpec {
  readonly name: string;
  readonly type: PgType;
  readonly notNull?: boolean;
  /** DEFAULT as SQL text. */
  readonly default?: string | null;
  /** serial / bigserial: creates and owns a sequence; the default becomes nextval('<seq>'::regclass). */
  readonly serial?: boolean;
  /** GENERATED ... AS IDENTITY: creates and owns a sequence; implies NOT NULL. */
  readonly identity?: 'always' | 'by default';
}

export interface ForeignKeySpec {
  readonly name?: string;
  readonly columns: readonly string[];
  readonly refTable: string;
  readonly refSchema?: string;
  /** Defaults to the referenced table's primary key. */
  readonly refColumns?: readonly string[];
  readonly onDelete?: ForeignKeyDef['onDelete'];
  readonly onUpdate?: ForeignKeyDef['onUpdate'];
}

export interface TableSpec {
  readonly schema?: string;
  readonly name: string;
  readonly columns: readonly ColumnSpec[];
  readonly primaryKey?: { readonly name?: string; readonly columns: readonly string[] };
  readonly unique?: readonly { readonly name?: string; readonly columns: readonly string[] }[];
  readonly foreignKeys?: readonly ForeignKeySpec[];
  readonly checks?: readonly { readonly name?: string; readonly expression: string }[];
}

export interface IndexSpec {
  readonly schema?: string;
  readonly name?: string;
  readonly table: string;
  readonly columns: readonly string[];
  readonly unique?: boolean;
  /** The constraint the index backs (ALTER TABLE ... ADD UNIQUE / ADD PRIMARY KEY); a primary key is unique. */
  readonly constraint?: 'unique' | 'primary key';
}

export interface SequenceSpec {
  readonly schema?: string;
  readonly name: string;
  readonly start?: bigint;
  readonly increment?: bigint;
  readonly min?: bigint;
  readonly max?: bigint;
  readonly cycle?: boolean;
}

/** ALTER TABLE actions. Adding a UNIQUE constraint is `createIndex({ unique: true })`. */
export type AlterAction =
  | { readonly kind: 'addColumn'; readonly column: ColumnSpec }
  | { readonly kind: 'dropColumn'; readonly column: string }
  | { readonly kind: 'renameColumn'; readonly from: string; readonly to: string }
  | { readonly kind: 'renameTable'; readonly to: string }
  | { readonly kind: 'setNotNull'; readonly column: string }
  | { readonly kind: 'dropNotNull'; readonly column: string }
  | { readonly kind: 'setDefault'; readonly column: string; readonly default: string | null }
  | { readonly kind: 'addCheck'; readonly name?: string; readonly expression: string }
  | {
      readonly kind: 'addForeignKey';
      readonly foreignKey: ForeignKeySpec;
      /**
       * The caller has established that every existing row satisfies the key (a bulk load whose source checked
       * it on the same values), so the rows are not read again. Later writes are checked as always.
       */
      readonly existingRowsChecked?: boolean;
    }
  | { readonly kind: 'dropConstraint'; readonly name: string };
