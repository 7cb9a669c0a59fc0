/** The CatalogAccess a session hands to evaluation: the model of its transaction's catalog. */
import type { Transaction } from '@heliosdb/storage';
import { nodeAs } from '../parser/ast.js';
import { parseSql } from '../parser/parse-sql.js';
import { planSelect } from '../planner/plan-select.js';
import { storageCatalog } from '../database/storage-catalog.js';
import type { CatalogAccess } from './catalog-access.js';
import { type ViewColumns, catalogModel } from './catalog-model.js';

export function catalogAccess(tx: Transaction, user: string, database: string, searchPath: () => readonly string[]): CatalogAccess {
  const viewColumns: ViewColumns = (view) => {
    try {
      const [stmt] = parseSql(view.definition);
      const select = stmt && nodeAs(stmt.node, 'SelectStmt');
      if (!select || !stmt) return [];
      const plan = planSelect(select, undefined, { catalog: storageCatalog(tx, [view.schema]), source: stmt.source, ctes: new Map() });
      return plan.columns.map((c, i) => ({ name: view.columns[i] ?? c.name, type: c.type }));
    } catch {
      return view.columns.map((name) => ({ name, type: { name: 'text', array: false } }));
    }
  };
  return {
    model: () => catalogModel(tx.catalog.data, viewColumns),
    searchPath,
    user,
    database,
    sequenceState: (seq) => tx.sequenceValue(seq),
  };
}
