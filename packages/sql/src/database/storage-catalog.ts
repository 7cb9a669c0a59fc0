/** The planner's RelationCatalog over a storage transaction: tables (with their indexes) and views. */
import type { Transaction } from '@heliosdb/storage';
import { nodeAs } from '../parser/ast.js';
import { parseSql } from '../parser/parse-sql.js';
import type { PlanNode } from '../planner/plan-node.js';
import { planSelect } from '../planner/plan-select.js';
import type { RelationCatalog } from '../planner/relation-source.js';
import { tableRelation } from './table-relation.js';

export function storageCatalog(tx: Transaction): RelationCatalog {
  const catalog: RelationCatalog = {
    lookup(name, schema = 'public') {
      const table = tx.catalog.findTable(name, schema);
      return table ? tableRelation(tx, table, (t) => t.primaryKey?.name) : undefined;
    },
    view(name, schema = 'public'): PlanNode | undefined {
      const def = tx.catalog.view(name, schema);
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
