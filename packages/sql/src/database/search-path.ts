/**
 * search_path for statements that name relations: an unqualified table of INSERT/UPDATE/DELETE,
 * TRUNCATE, ALTER TABLE, CREATE INDEX, DROP ... is looked up along the path, and CREATE puts new objects into the path's first
 * existing schema, as in PostgreSQL. The statement is copied with the schema filled in; queries (FROM)
 * resolve through the RelationCatalog instead (storage-catalog.ts).
 */
import type { Transaction } from '@heliosdb/storage';

interface RangeVarLike {
  relname?: string;
  schemaname?: string;
}

const CREATES = new Set(['CreateStmt', 'ViewStmt', 'CreateSeqStmt']);
const TARGETS: Readonly<Record<string, string>> = { InsertStmt: 'relation', UpdateStmt: 'relation', DeleteStmt: 'relation', AlterTableStmt: 'relation', IndexStmt: 'relation', CopyStmt: 'relation' };

function exists(tx: Transaction, name: string, schema: string): boolean {
  const c = tx.catalog;
  return c.findTable(name, schema) !== undefined || c.view(name, schema) !== undefined || c.sequences.some((s) => s.name === name && s.schema === schema);
}

/** `body` with unqualified relation names qualified along `path`; `body` itself when nothing changes. */
export function qualifyStatement<T>(kind: string, body: T, tx: Transaction, path: readonly string[]): T {
  const schemas = path.filter((s) => tx.catalog.schemas.includes(s));
  if (schemas.length === 0 || (schemas.length === 1 && schemas[0] === 'public')) return body;
  const b = body as Record<string, unknown>;
  if (CREATES.has(kind)) {
    const key = kind === 'ViewStmt' ? 'view' : kind === 'CreateSeqStmt' ? 'sequence' : 'relation';
    const rv = b[key] as RangeVarLike | undefined;
    if (!rv || rv.schemaname || schemas[0] === 'public') return body;
    const copy = structuredClone(body) as Record<string, unknown>;
    (copy[key] as RangeVarLike).schemaname = schemas[0];
    return copy as T;
  }
  if (kind === 'DropStmt') return qualifyDrop(body, tx, schemas);
  if (kind === 'TruncateStmt') {
    const rels = (b.relations ?? []) as { RangeVar?: RangeVarLike }[];
    const found = rels.map((r) => (r.RangeVar && !r.RangeVar.schemaname && r.RangeVar.relname ? schemas.find((s) => exists(tx, r.RangeVar!.relname!, s)) : undefined));
    if (!found.some((s) => s !== undefined && s !== 'public')) return body;
    const copy = structuredClone(body) as { relations: { RangeVar?: RangeVarLike }[] };
    copy.relations.forEach((r, i) => found[i] && (r.RangeVar!.schemaname = found[i]));
    return copy as T;
  }
  const key = TARGETS[kind];
  const rv = key ? (b[key] as RangeVarLike | undefined) : undefined;
  if (!rv || rv.schemaname || !rv.relname) return body;
  const schema = schemas.find((s) => exists(tx, rv.relname!, s));
  if (!schema || schema === 'public') return body;
  const copy = structuredClone(body) as Record<string, unknown>;
  (copy[key!] as RangeVarLike).schemaname = schema;
  return copy as T;
}

type StringNode = { String?: { sval?: string } };

/** DROP TABLE/VIEW/SEQUENCE/INDEX x: the x found first along the path. */
function qualifyDrop<T>(body: T, tx: Transaction, schemas: readonly string[]): T {
  const d = body as { removeType?: string; objects?: { List?: { items?: StringNode[] } }[] };
  const index = d.removeType === 'OBJECT_INDEX';
  if (!['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_SEQUENCE', 'OBJECT_INDEX'].includes(d.removeType ?? '')) return body;
  const found = (d.objects ?? []).map((o) => {
    const items = o.List?.items ?? [];
    const name = items.length === 1 ? items[0]?.String?.sval : undefined;
    if (!name) return undefined;
    return schemas.find((s) => (index ? tx.catalog.data.indexes.some((i) => i.name === name && i.schema === s) : exists(tx, name, s)));
  });
  if (!found.some((s) => s !== undefined && s !== 'public')) return body;
  const copy = structuredClone(body) as typeof d;
  copy.objects!.forEach((o, i) => found[i] && o.List!.items!.unshift({ String: { sval: found[i] } }));
  return copy as T;
}
