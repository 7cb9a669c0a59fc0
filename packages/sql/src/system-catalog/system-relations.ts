/** pg_catalog and information_schema relations as the planner's RelationSources. */
import type { Value } from '@heliosdb/types';
import type { EvalContext, Row } from '../expressions/expr.js';
import type { RelationSource } from '../planner/relation-source.js';
import { needCatalog } from './catalog-access.js';
import { CATALOG_COLUMNS } from './catalog-columns.js';
import { INFORMATION_SCHEMA_ROWS } from './information-schema.js';
import { PG_CATALOG_ROWS, type RowsContext } from './pg-catalog.js';

export const SYSTEM_SCHEMAS: readonly string[] = ['pg_catalog', 'information_schema'];

const cache = new Map<string, RelationSource | null>();

/** The system relation `schema.name`, or undefined (schema is pg_catalog or information_schema). */
export function systemRelation(name: string, schema: string): RelationSource | undefined {
  const key = `${schema}.${name}`;
  let r = cache.get(key);
  if (r === undefined) {
    r = build(name, schema) ?? null;
    cache.set(key, r);
  }
  return r ?? undefined;
}

function build(name: string, schema: string): RelationSource | undefined {
  const qualified = schema === 'pg_catalog' ? name : `${schema}.${name}`;
  const cols = CATALOG_COLUMNS[qualified];
  if (!cols || (schema !== 'pg_catalog' && schema !== 'information_schema')) return undefined;
  const rows = schema === 'pg_catalog' ? PG_CATALOG_ROWS[name] : INFORMATION_SCHEMA_ROWS[name];
  const names = cols.map(([n]) => n);
  return {
    name,
    columns: cols.map(([n, type]) => ({ name: n, type, table: name })),
    *scan(ctx: EvalContext): Iterable<Row> {
      if (!rows) return;
      const access = needCatalog(ctx.catalog);
      const rc: RowsContext = { model: access.model(), access, ...(ctx.settings ? { settings: ctx.settings as RowsContext['settings'] } : {}) };
      for (const rec of rows(rc)) yield names.map((n): Value => (rec[n] === undefined ? null : rec[n]!));
    },
  };
}
