import { duplicateTable, undefinedObject, undefinedTable } from '../errors.js';
import type { CatalogData, IndexDef, SequenceDef, TableDef, ViewDef } from './catalog-types.js';
import { TableLayout } from './table-layout.js';

/** Read access to one version of the catalog, with the per-table layouts the row paths need. */
export class Catalog {
  private readonly byName = new Map<string, TableDef>();
  private readonly byId = new Map<number, TableDef>();
  private readonly layouts = new Map<number, TableLayout>();

  constructor(readonly data: CatalogData) {
    for (const t of data.tables) {
      this.byName.set(`${t.schema}.${t.name}`, t);
      this.byId.set(t.id, t);
    }
  }

  get schemas(): readonly string[] {
    return this.data.schemas;
  }
  get tables(): readonly TableDef[] {
    return this.data.tables;
  }
  get views(): readonly ViewDef[] {
    return this.data.views;
  }
  get sequences(): readonly SequenceDef[] {
    return this.data.sequences;
  }

  findTable(name: string, schema = 'public'): TableDef | undefined {
    return this.byName.get(`${schema}.${name}`);
  }

  table(name: string, schema = 'public'): TableDef {
    const t = this.findTable(name, schema);
    if (!t) throw undefinedTable(schema === 'public' ? name : `${schema}.${name}`);
    return t;
  }

  tableById(id: number): TableDef | undefined {
    return this.byId.get(id);
  }

  indexesOf(tableId: number): IndexDef[] {
    return this.data.indexes.filter((i) => i.tableId === tableId);
  }

  index(name: string, schema = 'public'): IndexDef {
    const i = this.data.indexes.find((x) => x.name === name && x.schema === schema);
    if (!i) throw undefinedObject('index', name);
    return i;
  }

  sequence(name: string, schema = 'public'): SequenceDef {
    const s = this.data.sequences.find((x) => x.name === name && x.schema === schema);
    if (!s) throw undefinedTable(name);
    return s;
  }

  view(name: string, schema = 'public'): ViewDef | undefined {
    return this.data.views.find((x) => x.name === name && x.schema === schema);
  }

  /** Tables, indexes, sequences and views share one namespace per schema, as PostgreSQL's relations do. */
  assertNameFree(name: string, schema: string): void {
    const d = this.data;
    const taken =
      this.byName.has(`${schema}.${name}`) ||
      d.indexes.some((x) => x.name === name && x.schema === schema) ||
      d.sequences.some((x) => x.name === name && x.schema === schema) ||
      d.views.some((x) => x.name === name && x.schema === schema);
    if (taken) throw duplicateTable(name);
  }

  layout(table: TableDef): TableLayout {
    let l = this.layouts.get(table.id);
    if (!l) {
      l = new TableLayout(table, this.indexesOf(table.id));
      this.layouts.set(table.id, l);
    }
    return l;
  }
}
