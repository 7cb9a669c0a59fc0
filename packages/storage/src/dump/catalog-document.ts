import type { CatalogData, SequenceDef } from '../catalog/catalog-types.js';

/**
 * The JSON a dump's CATALOG record holds (one per segment, the whole catalog as of the segment's end
 * LSN). Sequence values travel in SEQUENCE records; whether nextval was ever called (PostgreSQL's
 * is_called) has no place there, so the sequences that were not called are listed here.
 */
export interface CatalogDocument {
  /** Version of this document's shape. */
  readonly version: 1;
  readonly catalog: CatalogData;
  /** Ids of sequences whose value is the start value with is_called false. */
  readonly uncalledSequences: readonly number[];
}

export function encodeCatalogDocument(catalog: CatalogData, uncalled: readonly number[]): string {
  const doc: CatalogDocument = { version: 1, catalog, uncalledSequences: uncalled };
  return JSON.stringify(doc);
}

export function decodeCatalogDocument(json: Uint8Array, where: string): CatalogDocument {
  let doc: CatalogDocument;
  try {
    doc = JSON.parse(Buffer.from(json.buffer, json.byteOffset, json.byteLength).toString('utf8')) as CatalogDocument;
  } catch (e) {
    throw new Error(`restore: the catalog of ${where} is not valid JSON (${(e as Error).message})`);
  }
  if (doc === null || typeof doc !== 'object' || doc.version !== 1 || typeof doc.catalog !== 'object' || !Array.isArray(doc.uncalledSequences))
    throw new Error(`restore: the catalog of ${where} is not a version-1 catalog document; upgrade heliosdb-nano`);
  return doc;
}

/**
 * The catalog reduced to some tables (restore --tables): their indexes and owned sequences, free-standing
 * sequences, and foreign keys only between kept tables. Views are left out: their SQL text may name
 * any table, and a view over a missing table would fail at its first use.
 */
export function selectTables(catalog: CatalogData, keep: (schema: string, name: string) => boolean): CatalogData {
  const tables = catalog.tables.filter((t) => keep(t.schema, t.name));
  const ids = new Set(tables.map((t) => t.id));
  const ownedElsewhere = (s: SequenceDef): boolean => s.ownedBy !== undefined && !ids.has(s.ownedBy.tableId);
  return {
    ...catalog,
    tables: tables.map((t) => ({ ...t, foreignKeys: t.foreignKeys.filter((f) => ids.has(f.refTableId)) })),
    indexes: catalog.indexes.filter((i) => ids.has(i.tableId)),
    sequences: catalog.sequences.filter((s) => !ownedElsewhere(s)),
    views: [],
  };
}
