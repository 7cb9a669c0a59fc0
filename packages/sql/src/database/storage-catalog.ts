/**
 * The planner's RelationCatalog over a storage transaction: tables (with their indexes) and views, and the
 * system catalogs. Unqualified names are looked up in pg_catalog first, then in the search path's schemas.
 */
import type { Transaction } from '@heliosdb/storage';
import { nodeAs } from '../parser/ast.js';
import { parseSql } from '../parser/parse-sql.js';
import type { PlanNode } from '../planner/plan-node.js';
import { planSelect } from '../planner/plan-select.js';
import type { RelationCatalog } from '../planner/relation-source.js';
import { systemRelation } from '../system-catalog/system-relations.js';
import { tableRelation } from './table-relation.js';

export function storageCatalog(tx: Transaction, searchPath: readonly string[] = ['public']): RelationCatalog {
  /** The schema an unqualified name resolves to among user objects, or undefined. */
  const userSchema = (name: string): string | undefined =>
    searchPath.find((s) => tx.catalog.findTable(name, s) !== undefined || tx.catalog.view(name, s) !== undefined);
  const catalog: RelationCatalog = {
    lookup(name, schema) {
      if (schema === undefined || schema === 'pg_catalog' || schema === 'information_schema') {
        const sys = systemRelation(name, schema ?? 'pg_catalog');
        if (sys || schema !== undefined) return sys;
      }
      const s = schema ?? userSchema(name);
      const table = s === undefined ? undefined : tx.catalog.findTable(name, s);
      return table ? tableRelation(tx, table, (t) => t.primaryKey?.name) : undefined;
    },
    view(name, schema): PlanNode | undefined {
      if (schema === undefined && systemRelation(name, 'pg_catalog')) return undefined;
      const s = schema ?? userSchema(name);
      const def = s === undefined ? undefined : tx.catalog.view(name, s);
      if (!def) return undefined;
      const [stmt] = parseSql(def.definition);
      const select = stmt && nodeAs(stmt.node, 'SelectStmt');
      if (!select || !stmt) throw new Error(`sql: view "${name}" has no SELECT definition`);
      const plan = planSelect(select, undefined, { catalog, source: stmt.source, ctes: new Map() });
      return { columns: plan.columns.map((c, i) => ({ name: def.columns[i] ?? c.name, type: c.type })), rows: (ctx) => plan.rows(ctx) };
    },
  };
  return catalog;
}
