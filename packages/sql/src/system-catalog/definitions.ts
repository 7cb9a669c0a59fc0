/** pg_get_indexdef, pg_get_constraintdef and pg_get_viewdef text, in PostgreSQL's wording. */
import { quoteIdent } from '../functions/string-functions.js';
import { type ConstraintInfo, type IndexInfo, type RelationInfo, isStorable } from './catalog-model.js';
import { deparseCheck } from './deparse.js';
import { type CatalogAccess, findRelation } from './catalog-access.js';
import { printViewDefinition } from './view-definition.js';

const ACTION_TEXT: Record<string, string> = { r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

function columnNames(rel: RelationInfo, keys: readonly number[]): string {
  return keys.map((k) => quoteIdent(rel.attributes[k - 1]?.name ?? `?${k}`)).join(', ');
}

/** CREATE [UNIQUE] INDEX name ON schema.table USING btree (cols); column k > 0: that key column's name. */
export function indexDefinition(ix: IndexInfo, column = 0): string {
  if (column > 0) {
    const k = ix.keys[column - 1];
    return k === undefined ? '' : quoteIdent(ix.table.attributes[k - 1]?.name ?? '');
  }
  return `CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(ix.name)} ON ${quoteIdent(ix.table.schema)}.${quoteIdent(ix.table.name)} USING btree (${columnNames(ix.table, ix.keys)})`;
}

/** The referenced table as ruleutils prints it: qualified unless its schema is on the search path. */
export function constraintDefinition(con: ConstraintInfo, visible: (rel: RelationInfo) => boolean, pretty = false): string {
  switch (con.kind) {
    case 'p':
      return `PRIMARY KEY (${columnNames(con.table, con.keys)})`;
    case 'u':
      return `UNIQUE (${columnNames(con.table, con.keys)})`;
    case 'c': {
      const types = (name: string) => {
        const a = con.table.attributes.find((x) => x.name === name && !x.dropped);
        return a && isStorable(a.type) ? a.type : undefined;
      };
      const text = deparseCheck(con.check ?? '', types, pretty);
      if (text !== undefined) return `CHECK (${text})`;
      // Without pretty-printing, ruleutils parenthesises an operator expression once more.
      return pretty || /^[\w.]+$/.test((con.check ?? '').trim()) ? `CHECK (${con.check ?? ''})` : `CHECK ((${con.check ?? ''}))`;
    }
    case 'f': {
      const ref = con.references!;
      const target = visible(ref.table) ? quoteIdent(ref.table.name) : `${quoteIdent(ref.table.schema)}.${quoteIdent(ref.table.name)}`;
      let s = `FOREIGN KEY (${columnNames(con.table, con.keys)}) REFERENCES ${target}(${columnNames(ref.table, ref.keys)})`;
      if (ref.onUpdate !== 'a') s += ` ON UPDATE ${ACTION_TEXT[ref.onUpdate]}`;
      if (ref.onDelete !== 'a') s += ` ON DELETE ${ACTION_TEXT[ref.onDelete]}`;
      return s;
    }
  }
}

/**
 * pg_get_viewdef: PostgreSQL's layout where view-definition.ts can reproduce it, else the SELECT as written.
 * Without `pretty`, operator expressions are fully parenthesised (pg_views uses that form).
 */
export function viewDefinition(rel: RelationInfo, access: CatalogAccess, pretty = false): string | null {
  if (!rel.view) return null;
  const find = (name: string, schema?: string) => (schema ? access.model().relation(name, schema) : findRelation(access, name));
  return printViewDefinition(rel.view.definition, rel.view.columns, find, pretty) ?? ` ${rel.view.definition.trim()};`;
}
