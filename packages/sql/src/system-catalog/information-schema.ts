/** The rows of the information_schema views, computed from the catalog model as PostgreSQL 15 defines them. */
import type { PgType, Value } from '@heliosdb/types';
import { type SqlType, systemTypeOf } from '../analyzer/sql-type.js';
import type { AttributeInfo, RelationInfo } from './catalog-model.js';
import { type RowsContext, sequenceTypeOid } from './pg-catalog.js';
import { constraintDefinition, viewDefinition } from './definitions.js';
import { findRelation } from './catalog-access.js';
import { isAggregateName } from '../functions/registry.js';
import { viewUpdatability } from './view-definition.js';
import { formatType, typeOidOf, typeRowByOid } from './type-info.js';

type Rows = (c: RowsContext) => Iterable<Record<string, Value>>;

const yesNo = (b: boolean) => (b ? 'YES' : 'NO');

/** Is the view automatically updatable, and which of its columns are (see viewUpdatability)? */
function updatability(c: RowsContext, r: RelationInfo): { readonly view: boolean; readonly columns: readonly boolean[] } {
  if (!r.view) return { view: true, columns: [] };
  const find = (name: string, schema?: string) => (schema ? c.model.relation(name, schema) : findRelation(c.access, name));
  return viewUpdatability(r.view.definition, find, isAggregateName);
}

function userRelations(c: RowsContext, kinds: string): RelationInfo[] {
  return c.model.relations.filter((r) => !r.system && kinds.includes(r.kind));
}

/** Tables and views, the system catalogs included (information_schema.tables and .columns list them too). */
function allRelations(c: RowsContext, kinds: string): RelationInfo[] {
  return c.model.relations.filter((r) => kinds.includes(r.kind));
}

/** information_schema's data_type: the SQL standard's name, ARRAY, or USER-DEFINED. */
function dataType(t: SqlType): string {
  // int2vector and oidvector count as arrays too (their typelem is set).
  if (t.array) return 'ARRAY';
  if (systemTypeOf(t)) return formatType(typeOidOf(t), -1);
  return formatType(typeOidOf({ ...t, array: false } as SqlType), -1).replace(/^bpchar$/, 'character');
}

interface TypeFacts {
  character_maximum_length: number | null;
  character_octet_length: number | null;
  numeric_precision: number | null;
  numeric_precision_radix: number | null;
  numeric_scale: number | null;
  datetime_precision: number | null;
}

function typeFacts(type: SqlType): TypeFacts {
  const none: TypeFacts = { character_maximum_length: null, character_octet_length: null, numeric_precision: null, numeric_precision_radix: null, numeric_scale: null, datetime_precision: null };
  if (type.array || systemTypeOf(type) || type.name === 'unknown') return none;
  const t = type as PgType;
  switch (t.name) {
    case 'varchar':
    case 'bpchar':
      return { ...none, character_maximum_length: t.length ?? null, character_octet_length: t.length !== undefined ? t.length * 4 : 1073741824 };
    case 'text':
      return { ...none, character_octet_length: 1073741824 };
    case 'int2':
      return { ...none, numeric_precision: 16, numeric_precision_radix: 2, numeric_scale: 0 };
    case 'int4':
      return { ...none, numeric_precision: 32, numeric_precision_radix: 2, numeric_scale: 0 };
    case 'int8':
      return { ...none, numeric_precision: 64, numeric_precision_radix: 2, numeric_scale: 0 };
    case 'float4':
      return { ...none, numeric_precision: 24, numeric_precision_radix: 2 };
    case 'float8':
      return { ...none, numeric_precision: 53, numeric_precision_radix: 2 };
    case 'numeric':
      return { ...none, numeric_precision: t.precision ?? null, numeric_precision_radix: 10, numeric_scale: t.precision !== undefined ? (t.scale ?? 0) : null };
    case 'date':
      return { ...none, datetime_precision: 0 };
    case 'time':
    case 'timestamp':
    case 'timestamptz':
    case 'interval':
      return { ...none, datetime_precision: t.precision ?? 6 };
    default:
      return none;
  }
}

function udtName(t: SqlType): string {
  return typeRowByOid(typeOidOf(t))?.typname ?? 'unknown';
}

const tables: Rows = function* (c) {
  for (const r of allRelations(c, 'rv')) {
    yield {
      table_catalog: c.access.database,
      table_schema: r.schema,
      table_name: r.name,
      table_type: r.kind === 'r' ? 'BASE TABLE' : 'VIEW',
      self_referencing_column_name: null,
      reference_generation: null,
      user_defined_type_catalog: null,
      user_defined_type_schema: null,
      user_defined_type_name: null,
      is_insertable_into: yesNo(r.system ? r.kind === 'r' : updatability(c, r).view),
      is_typed: 'NO',
      commit_action: null,
    };
  }
};

function columnRow(c: RowsContext, r: RelationInfo, a: AttributeInfo): Record<string, Value> {
  const seq = a.identity ? c.model.relations.find((s) => s.sequence?.ownedBy?.tableId === r.table?.id && s.sequence?.ownedBy?.column === a.attnum - 1)?.sequence : undefined;
  return {
    table_catalog: c.access.database,
    table_schema: r.schema,
    table_name: r.name,
    column_name: a.name,
    ordinal_position: a.attnum,
    column_default: c.model.attrdefs.find((d) => d.relation === r && d.attnum === a.attnum)?.text ?? null,
    is_nullable: yesNo(!a.notNull),
    data_type: dataType(a.type),
    ...typeFacts(a.type),
    interval_type: null,
    interval_precision: null,
    character_set_catalog: null,
    character_set_schema: null,
    character_set_name: null,
    collation_catalog: null,
    collation_schema: null,
    collation_name: null,
    domain_catalog: null,
    domain_schema: null,
    domain_name: null,
    udt_catalog: c.access.database,
    udt_schema: 'pg_catalog',
    udt_name: udtName(a.type),
    scope_catalog: null,
    scope_schema: null,
    scope_name: null,
    maximum_cardinality: null,
    dtd_identifier: String(a.attnum),
    is_self_referencing: 'NO',
    is_identity: yesNo(a.identity !== ''),
    identity_generation: a.identity === 'a' ? 'ALWAYS' : a.identity === 'd' ? 'BY DEFAULT' : null,
    identity_start: seq ? seq.start : null,
    identity_increment: seq ? seq.increment : null,
    identity_maximum: seq ? seq.max : null,
    identity_minimum: seq ? seq.min : null,
    identity_cycle: seq ? yesNo(seq.cycle) : 'NO',
    is_generated: 'NEVER',
    generation_expression: null,
    is_updatable: yesNo(r.system ? r.kind === 'r' : r.view ? updatability(c, r).columns[a.attnum - 1] === true : true),
  };
}

const columns: Rows = function* (c) {
  for (const r of allRelations(c, 'rv')) {
    for (const a of r.attributes) if (!a.dropped) yield columnRow(c, r, a);
  }
};

const schemata: Rows = function* (c) {
  for (const n of c.model.namespaces) {
    yield {
      catalog_name: c.access.database,
      schema_name: n.name,
      schema_owner: n.name === 'public' ? 'pg_database_owner' : c.access.user,
      default_character_set_catalog: null,
      default_character_set_schema: null,
      default_character_set_name: null,
      sql_path: null,
    };
  }
};

const CONSTRAINT_TYPE: Record<string, string> = { p: 'PRIMARY KEY', u: 'UNIQUE', f: 'FOREIGN KEY', c: 'CHECK' };

const tableConstraints: Rows = function* (c) {
  const base = (schema: string, name: string, r: RelationInfo, type: string) => ({
    constraint_catalog: c.access.database,
    constraint_schema: schema,
    constraint_name: name,
    table_catalog: c.access.database,
    table_schema: r.schema,
    table_name: r.name,
    constraint_type: type,
    is_deferrable: 'NO',
    initially_deferred: 'NO',
    enforced: 'YES',
    nulls_distinct: type === 'PRIMARY KEY' || type === 'UNIQUE' ? 'YES' : null,
  });
  for (const con of c.model.constraints) yield base(con.schema, con.name, con.table, CONSTRAINT_TYPE[con.kind]!);
  // PostgreSQL lists NOT NULL columns as CHECK constraints named <namespace oid>_<table oid>_<attnum>_not_null.
  for (const r of userRelations(c, 'r')) {
    for (const a of r.attributes) {
      if (a.notNull && !a.dropped) yield base(r.schema, `${r.namespace}_${r.oid}_${a.attnum}_not_null`, r, 'CHECK');
    }
  }
};

const keyColumnUsage: Rows = function* (c) {
  for (const con of c.model.constraints) {
    if (con.kind === 'c') continue;
    for (const [i, k] of con.keys.entries()) {
      let positionInUnique: number | null = null;
      if (con.references) positionInUnique = i + 1;
      yield {
        constraint_catalog: c.access.database,
        constraint_schema: con.schema,
        constraint_name: con.name,
        table_catalog: c.access.database,
        table_schema: con.table.schema,
        table_name: con.table.name,
        column_name: con.table.attributes[k - 1]?.name ?? null,
        ordinal_position: i + 1,
        position_in_unique_constraint: positionInUnique,
      };
    }
  }
};

const referentialConstraints: Rows = function* (c) {
  const RULE: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };
  for (const con of c.model.constraints) {
    if (!con.references) continue;
    const unique = c.model.constraints.find((u) => (u.kind === 'p' || u.kind === 'u') && u.index === con.index && u.table === con.references!.table);
    yield {
      constraint_catalog: c.access.database,
      constraint_schema: con.schema,
      constraint_name: con.name,
      unique_constraint_catalog: unique ? c.access.database : null,
      unique_constraint_schema: unique?.schema ?? null,
      unique_constraint_name: unique?.name ?? null,
      match_option: 'NONE',
      update_rule: RULE[con.references.onUpdate]!,
      delete_rule: RULE[con.references.onDelete]!,
    };
  }
};

const checkConstraints: Rows = function* (c) {
  for (const con of c.model.constraints) {
    if (con.kind !== 'c') continue;
    // PostgreSQL: substring(pg_get_constraintdef(oid) from 7), i.e. the non-pretty text inside CHECK ( ).
    yield { constraint_catalog: c.access.database, constraint_schema: con.schema, constraint_name: con.name, check_clause: constraintDefinition(con, () => true).slice(6) };
  }
  for (const r of userRelations(c, 'r')) {
    for (const a of r.attributes) {
      if (a.notNull && !a.dropped) yield { constraint_catalog: c.access.database, constraint_schema: r.schema, constraint_name: `${r.namespace}_${r.oid}_${a.attnum}_not_null`, check_clause: `${a.name} IS NOT NULL` };
    }
  }
};

const views: Rows = function* (c) {
  for (const r of userRelations(c, 'v')) {
    yield {
      table_catalog: c.access.database,
      table_schema: r.schema,
      table_name: r.name,
      view_definition: viewDefinition(r, c.access),
      check_option: 'NONE',
      is_updatable: yesNo(updatability(c, r).view),
      is_insertable_into: yesNo(updatability(c, r).view),
      is_trigger_updatable: 'NO',
      is_trigger_deletable: 'NO',
      is_trigger_insertable_into: 'NO',
    };
  }
};

const sequences: Rows = function* (c) {
  for (const r of userRelations(c, 'S')) {
    const s = r.sequence!;
    // Identity sequences are internal: PostgreSQL lists only those with a pg_depend 'a' (or no) owner.
    const owner = s.ownedBy && c.model.data.tables.find((t) => t.id === s.ownedBy!.tableId)?.columns[s.ownedBy.column];
    if (owner && owner.identity !== null) continue;
    yield {
      sequence_catalog: c.access.database,
      sequence_schema: r.schema,
      sequence_name: r.name,
      data_type: { 20: 'bigint', 23: 'integer', 21: 'smallint' }[sequenceTypeOid(c.model, s)]!,
      numeric_precision: { 20: 64, 23: 32, 21: 16 }[sequenceTypeOid(c.model, s)]!,
      numeric_precision_radix: 2,
      numeric_scale: 0,
      start_value: s.start,
      minimum_value: s.min,
      maximum_value: s.max,
      increment: s.increment,
      cycle_option: yesNo(s.cycle),
    };
  }
};

export const INFORMATION_SCHEMA_ROWS: Readonly<Record<string, Rows>> = {
  tables,
  columns,
  schemata,
  table_constraints: tableConstraints,
  key_column_usage: keyColumnUsage,
  referential_constraints: referentialConstraints,
  check_constraints: checkConstraints,
  views,
  sequences,
};
