/** DDL: CREATE/DROP TABLE, CREATE/DROP INDEX, CREATE/DROP VIEW, TRUNCATE, ALTER TABLE, onto storage's catalog. */
import { T } from '@heliosdb/types';
import type { ColumnSpec, ForeignKeySpec, Transaction } from '@heliosdb/storage';
import { resolveTypeName } from '../analyzer/type-name.js';
import { notSupported } from '../errors/analysis-errors.js';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import { type Node, type NodeBody, namesOf, nodeAs, stringOf, tagOf } from '../parser/ast.js';
import { parseSql } from '../parser/parse-sql.js';
import type { SourceText } from '../parser/source-text.js';
import type { PlanNode } from '../planner/plan-node.js';
import { checkText, defaultText } from './expression-text.js';
import { tableExpressions, storageRow } from './table-expressions.js';
import type { EvalContext } from '../expressions/expr.js';

export interface DdlContext {
  readonly tx: Transaction;
  readonly source: SourceText;
  /** Plans a SELECT (for CREATE VIEW's column names and validation). */
  readonly planQuery: (node: Node) => PlanNode;
  readonly evalContext: EvalContext;
}

const FK_ACTIONS: Record<string, ForeignKeySpec['onDelete']> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };

const SERIAL: Record<string, 'int2' | 'int4' | 'int8'> = { smallserial: 'int2', serial2: 'int2', serial: 'int4', serial4: 'int4', bigserial: 'int8', serial8: 'int8' };

/**
 * PostgreSQL's name for an unnamed CHECK: <table>_<column>_check when the expression reads exactly one
 * column, else <table>_check, with 1, 2, ... appended until no constraint of the schema has the name.
 */
function checkName(d: DdlContext, table: string, schema: string, expr: Node | undefined, chosen: readonly string[]): string {
  const cols = [...new Set(refColumns(expr))];
  const base = `${table}_${cols.length === 1 ? `${cols[0]}_` : ''}check`;
  const taken = new Set(chosen);
  for (const t of d.tx.catalog.tables) {
    if (t.schema !== schema) continue;
    for (const c of t.checks) taken.add(c.name);
    for (const f of t.foreignKeys) taken.add(f.name);
    if (t.primaryKey) taken.add(t.primaryKey.name);
  }
  for (const i of d.tx.catalog.data.indexes) if (i.schema === schema && i.constraint) taken.add(i.name);
  let name = base;
  for (let n = 1; taken.has(name); n++) name = `${base}${n}`;
  return name;
}

/** The columns a stored CHECK expression reads. */
function checkColumns(expression: string): string[] {
  const [stmt] = parseSql(`SELECT ${expression}`);
  const rt = stmt && nodeAs(stmt.node, 'SelectStmt')?.targetList?.[0];
  return refColumns(rt && nodeAs(rt, 'ResTarget')?.val);
}

function refColumns(node: Node | undefined): string[] {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    const c = nodeAs(n as Node, 'ColumnRef');
    if (c) {
      const last = c.fields?.[c.fields.length - 1];
      if (last && nodeAs(last, 'String')) out.push(stringOf(last));
      return;
    }
    Object.values(n).forEach(walk);
  };
  walk(node);
  return out;
}

function foreignKey(c: NodeBody<'Constraint'>, columns: string[]): ForeignKeySpec {
  const ref = c.pktable!;
  // ON UPDATE CASCADE / SET DEFAULT would need the parent and child changes checked together.
  if (c.fk_upd_action === 'c' || c.fk_upd_action === 'd') throw notSupported(`ON UPDATE ${c.fk_upd_action === 'c' ? 'CASCADE' : 'SET DEFAULT'}`);
  const refCols = namesOf(c.pk_attrs);
  return {
    ...(c.conname ? { name: c.conname } : {}),
    columns,
    refTable: ref.relname!,
    ...(ref.schemaname ? { refSchema: ref.schemaname } : {}),
    ...(refCols.length > 0 ? { refColumns: refCols } : {}),
    onDelete: FK_ACTIONS[c.fk_del_action ?? 'a'] ?? 'no action',
    onUpdate: FK_ACTIONS[c.fk_upd_action ?? 'a'] ?? 'no action',
  };
}

export function createTable(stmt: NodeBody<'CreateStmt'>, d: DdlContext): string {
  const rel = stmt.relation!;
  const name = rel.relname!;
  const schema = rel.schemaname ?? 'public';
  if (stmt.if_not_exists && d.tx.catalog.findTable(name, schema)) return 'CREATE TABLE';
  const columns: ColumnSpec[] = [];
  let primaryKey: { name?: string; columns: string[] } | undefined;
  const unique: { name?: string; columns: string[] }[] = [];
  const foreignKeys: ForeignKeySpec[] = [];
  const checks: { name?: string; expression: string }[] = [];
  const setPk = (pk: { name?: string; columns: string[] }) => {
    if (primaryKey) throw new SqlError(SqlState.invalidTableDefinition, `multiple primary keys for table "${name}" are not allowed`);
    primaryKey = pk;
  };
  for (const elt of stmt.tableElts ?? []) {
    const [kind] = tagOf(elt);
    if (kind === 'ColumnDef') {
      const cd = nodeAs(elt, 'ColumnDef')!;
      const colName = cd.colname!;
      if (columns.some((c) => c.name === colName)) throw new SqlError(SqlState.duplicateColumn, `column "${colName}" specified more than once`);
      const typeNames = namesOf(cd.typeName?.names);
      const serial = SERIAL[typeNames[typeNames.length - 1] ?? ''];
      const type = serial ? T[serial] : resolveTypeName(cd.typeName!, d.source.position(cd.typeName?.location));
      let notNull = false;
      let defaultSql: string | null = null;
      let identity: ColumnSpec['identity'];
      for (const cn of cd.constraints ?? []) {
        const c = nodeAs(cn, 'Constraint')!;
        switch (c.contype) {
          case 'CONSTR_NOTNULL': notNull = true; break;
          case 'CONSTR_NULL': break;
          case 'CONSTR_DEFAULT': defaultSql = defaultText(d.source, c.location!); break;
          case 'CONSTR_PRIMARY': setPk({ ...(c.conname ? { name: c.conname } : {}), columns: [colName] }); break;
          case 'CONSTR_UNIQUE': unique.push({ ...(c.conname ? { name: c.conname } : {}), columns: [colName] }); break;
          case 'CONSTR_CHECK': checks.push({ name: c.conname ?? checkName(d, name, schema, c.raw_expr, checks.map((x) => x.name!)), expression: checkText(d.source, c.location!) }); break;
          case 'CONSTR_FOREIGN': foreignKeys.push(foreignKey(c, [colName])); break;
          case 'CONSTR_IDENTITY': identity = c.generated_when === 'a' ? 'always' : 'by default'; break;
          default: throw notSupported(`column constraint ${c.contype}`);
        }
      }
      columns.push({ name: colName, type, notNull, default: defaultSql, ...(serial ? { serial: true } : {}), ...(identity ? { identity } : {}) });
    } else if (kind === 'Constraint') {
      const c = nodeAs(elt, 'Constraint')!;
      const keys = namesOf(c.keys);
      switch (c.contype) {
        case 'CONSTR_PRIMARY': setPk({ ...(c.conname ? { name: c.conname } : {}), columns: keys }); break;
        case 'CONSTR_UNIQUE': unique.push({ ...(c.conname ? { name: c.conname } : {}), columns: keys }); break;
        case 'CONSTR_CHECK': {
          checks.push({ name: c.conname ?? checkName(d, name, schema, c.raw_expr, checks.map((x) => x.name!)), expression: checkText(d.source, c.location!) });
          break;
        }
        case 'CONSTR_FOREIGN': foreignKeys.push(foreignKey(c, namesOf(c.fk_attrs))); break;
        default: throw notSupported(`table constraint ${c.contype}`);
      }
    } else throw notSupported(`CREATE TABLE element ${kind}`);
  }
  d.tx.createTable({
    ...(rel.schemaname ? { schema } : {}),
    name,
    columns,
    ...(primaryKey ? { primaryKey } : {}),
    ...(unique.length ? { unique } : {}),
    ...(foreignKeys.length ? { foreignKeys } : {}),
    ...(checks.length ? { checks } : {}),
  });
  // Validate the stored expressions now, so a bad DEFAULT or CHECK fails CREATE TABLE (as in PostgreSQL).
  tableExpressions(d.tx, d.tx.catalog.table(name, schema));
  return 'CREATE TABLE';
}

export function drop(stmt: NodeBody<'DropStmt'>, d: DdlContext): string {
  const kind = stmt.removeType;
  const label = kind === 'OBJECT_TABLE' ? 'TABLE' : kind === 'OBJECT_INDEX' ? 'INDEX' : kind === 'OBJECT_VIEW' ? 'VIEW' : kind === 'OBJECT_SEQUENCE' ? 'SEQUENCE' : undefined;
  if (!label) throw notSupported(`DROP ${kind?.replace('OBJECT_', '')}`);
  for (const obj of stmt.objects ?? []) {
    const names = namesOf(nodeAs(obj, 'List')?.items);
    const name = names[names.length - 1]!;
    const schema = names.length > 1 ? names[names.length - 2]! : 'public';
    const cat = d.tx.catalog;
    const exists = kind === 'OBJECT_TABLE' ? cat.findTable(name, schema) !== undefined
      : kind === 'OBJECT_VIEW' ? cat.view(name, schema) !== undefined
      : kind === 'OBJECT_INDEX' ? cat.data.indexes.some((i) => i.name === name && i.schema === schema)
      : cat.sequences.some((s) => s.name === name && s.schema === schema);
    if (!exists) {
      if (stmt.missing_ok) continue;
      const what = kind === 'OBJECT_TABLE' ? 'table' : kind === 'OBJECT_VIEW' ? 'view' : kind === 'OBJECT_INDEX' ? 'index' : 'sequence';
      throw new SqlError(kind === 'OBJECT_INDEX' || kind === 'OBJECT_SEQUENCE' || kind === 'OBJECT_VIEW' || kind === 'OBJECT_TABLE' ? SqlState.undefinedTable : SqlState.undefinedObject, `${what} "${name}" does not exist`);
    }
    if (kind === 'OBJECT_TABLE') {
      if (stmt.behavior === 'DROP_CASCADE') dropDependentViews(d, name);
      d.tx.dropTable(name, schema);
    } else if (kind === 'OBJECT_VIEW') d.tx.dropView(name, schema);
    else if (kind === 'OBJECT_INDEX') d.tx.dropIndex(name, schema);
    else d.tx.dropSequence(name, schema);
  }
  return `DROP ${label}`;
}

function dropDependentViews(d: DdlContext, table: string): void {
  for (const v of d.tx.catalog.views) if (new RegExp(`\\b${table}\\b`, 'i').test(v.definition)) d.tx.dropView(v.name, v.schema);
}

export function createIndex(stmt: NodeBody<'IndexStmt'>, d: DdlContext): string {
  const rel = stmt.relation!;
  const columns = (stmt.indexParams ?? []).map((p) => {
    const e = nodeAs(p, 'IndexElem')!;
    if (!e.name) throw notSupported('indexes on expressions');
    return e.name;
  });
  if (stmt.if_not_exists && stmt.idxname && d.tx.catalog.data.indexes.some((i) => i.name === stmt.idxname)) return 'CREATE INDEX';
  d.tx.createIndex({ ...(stmt.idxname ? { name: stmt.idxname } : {}), table: rel.relname!, ...(rel.schemaname ? { schema: rel.schemaname } : {}), columns, unique: stmt.unique ?? false });
  return 'CREATE INDEX';
}

export function createView(stmt: NodeBody<'ViewStmt'>, d: DdlContext, definition: string): string {
  const plan = d.planQuery(stmt.query!);
  const aliases = namesOf(stmt.aliases);
  const rel = stmt.view!;
  const schema = rel.schemaname ?? 'public';
  if (stmt.replace && d.tx.catalog.view(rel.relname!, schema)) d.tx.dropView(rel.relname!, schema);
  d.tx.createView({ ...(rel.schemaname ? { schema } : {}), name: rel.relname!, definition, columns: plan.columns.map((c, i) => aliases[i] ?? c.name) });
  return 'CREATE VIEW';
}

export function truncate(stmt: NodeBody<'TruncateStmt'>, d: DdlContext): string {
  for (const r of stmt.relations ?? []) {
    const rv = nodeAs(r, 'RangeVar')!;
    const table = d.tx.table(rv.relname!, rv.schemaname ?? 'public');
    const keys = [...d.tx.scan(table)].map((row) => row.key);
    for (const k of keys) d.tx.delete(table, k);
    if (stmt.restart_seqs) {
      for (const c of table.columns) {
        const seq = c.sequenceId === undefined ? undefined : d.tx.catalog.sequences.find((s) => s.id === c.sequenceId);
        if (seq) d.tx.setval(seq, BigInt(seq.start), false);
      }
    }
  }
  return 'TRUNCATE TABLE';
}

export function alterTable(stmt: NodeBody<'AlterTableStmt'>, d: DdlContext): string {
  const rel = stmt.relation!;
  const name = rel.relname!;
  const schema = rel.schemaname ?? 'public';
  if (stmt.missing_ok && !d.tx.catalog.findTable(name, schema)) return 'ALTER TABLE';
  for (const cmdNode of stmt.cmds ?? []) {
    const cmd = nodeAs(cmdNode, 'AlterTableCmd')!;
    switch (cmd.subtype) {
      case 'AT_AddColumn': {
        const cd = nodeAs(cmd.def, 'ColumnDef')!;
        const typeNames = namesOf(cd.typeName?.names);
        const serial = SERIAL[typeNames[typeNames.length - 1] ?? ''];
        let notNull = false;
        let defaultSql: string | null = null;
        for (const cn of cd.constraints ?? []) {
          const c = nodeAs(cn, 'Constraint')!;
          if (c.contype === 'CONSTR_NOTNULL') notNull = true;
          else if (c.contype === 'CONSTR_DEFAULT') defaultSql = defaultText(d.source, c.location!);
          else if (c.contype !== 'CONSTR_NULL') throw notSupported(`ALTER TABLE ADD COLUMN with ${c.contype}`);
        }
        const type = serial ? T[serial] : resolveTypeName(cd.typeName!, d.source.position(cd.typeName?.location));
        // Existing rows take the default (or NULL); NOT NULL is set after they have it.
        d.tx.alterTable(name, { kind: 'addColumn', column: { name: cd.colname!, type, default: defaultSql, ...(serial ? { serial: true } : {}) } }, schema);
        fillNewColumn(d, name, schema, cd.colname!);
        if (notNull) d.tx.alterTable(name, { kind: 'setNotNull', column: cd.colname! }, schema);
        break;
      }
      case 'AT_DropColumn': {
        // As in PostgreSQL, the CHECK constraints that read the column go with it.
        for (const check of d.tx.catalog.table(name, schema).checks) {
          if (checkColumns(check.expression).includes(cmd.name!)) d.tx.alterTable(name, { kind: 'dropConstraint', name: check.name }, schema);
        }
        d.tx.alterTable(name, { kind: 'dropColumn', column: cmd.name! }, schema);
        break;
      }
      case 'AT_ColumnDefault':
        d.tx.alterTable(name, { kind: 'setDefault', column: cmd.name!, default: cmd.def ? defaultTextOf(d, cmd.def) : null }, schema);
        tableExpressions(d.tx, d.tx.catalog.table(name, schema));
        break;
      case 'AT_SetNotNull':
        d.tx.alterTable(name, { kind: 'setNotNull', column: cmd.name! }, schema);
        break;
      case 'AT_DropNotNull':
        d.tx.alterTable(name, { kind: 'dropNotNull', column: cmd.name! }, schema);
        break;
      case 'AT_AddConstraint': {
        const c = nodeAs(cmd.def, 'Constraint')!;
        const keys = namesOf(c.keys);
        if (c.contype === 'CONSTR_CHECK') {
          const cname = c.conname ?? checkName(d, name, schema, c.raw_expr, []);
          d.tx.alterTable(name, { kind: 'addCheck', name: cname, expression: checkText(d.source, c.location!) }, schema);
          const te = tableExpressions(d.tx, d.tx.catalog.table(name, schema));
          for (const r of d.tx.scan(te.table)) {
            try {
              te.check(te.slots.map((s) => r.values[s] ?? null), d.evalContext);
            } catch (e) {
              throw new SqlError(SqlState.checkViolation, `check constraint "${cname}" of relation "${name}" is violated by some row`);
            }
          }
        } else if (c.contype === 'CONSTR_UNIQUE') {
          d.tx.createIndex({ ...(c.conname ? { name: c.conname } : {}), table: name, schema, columns: keys, unique: true, constraint: 'unique' });
        } else if (c.contype === 'CONSTR_PRIMARY') {
          // Storage cannot re-key a filled table yet: the key is enforced as NOT NULL columns and a unique
          // index marked primary, named as PostgreSQL names the key's index (pgbench -i adds its keys this way);
          // the system catalogs show it as the table's PRIMARY KEY.
          const table = d.tx.catalog.table(name, schema);
          const indexName = c.conname ?? `${name}_pkey`;
          if (table.primaryKey || d.tx.catalog.indexesOf(table.id).some((ix) => ix.primary)) {
            throw new SqlError('42P16', `multiple primary keys for table "${name}" are not allowed`);
          }
          for (const k of keys) if (!table.columns.find((col) => col.name === k && !col.dropped)?.notNull) d.tx.alterTable(name, { kind: 'setNotNull', column: k }, schema);
          d.tx.createIndex({ name: indexName, table: name, schema, columns: keys, unique: true, constraint: 'primary key' });
        } else if (c.contype === 'CONSTR_FOREIGN') {
          d.tx.alterTable(name, { kind: 'addForeignKey', foreignKey: foreignKey(c, namesOf(c.fk_attrs)) }, schema);
          d.tx.verifyForeignKeys(d.tx.catalog.table(name, schema));
        } else throw notSupported(`ALTER TABLE ADD ${c.contype}`);
        break;
      }
      case 'AT_DropConstraint':
        d.tx.alterTable(name, { kind: 'dropConstraint', name: cmd.name! }, schema);
        break;
      default:
        throw notSupported(`ALTER TABLE ${cmd.subtype}`);
    }
  }
  return 'ALTER TABLE';
}

function defaultTextOf(d: DdlContext, def: Node): string {
  // ALTER COLUMN ... SET DEFAULT <expr>: the expression starts at its own location.
  const loc = exprLocation(def);
  return defaultText(d.source, loc);
}

function exprLocation(n: Node): number {
  let best = Number.MAX_SAFE_INTEGER;
  const walk = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) return x.forEach(walk);
    for (const [k, v] of Object.entries(x)) {
      if (k === 'location' && typeof v === 'number' && v >= 0) best = Math.min(best, v);
      else walk(v);
    }
  };
  walk(n);
  return best;
}

function fillNewColumn(d: DdlContext, name: string, schema: string, column: string): void {
  const table = d.tx.catalog.table(name, schema);
  const te = tableExpressions(d.tx, table);
  const at = te.slots.findIndex((s) => table.columns[s]!.name === column);
  const col = table.columns[te.slots[at]!]!;
  if (col.default === null && col.sequenceId === undefined) return;
  for (const r of [...d.tx.scan(table)]) {
    const visible = te.slots.map((s) => r.values[s] ?? null);
    visible[at] = te.defaults[at]!(d.evalContext);
    d.tx.update(table, r.key, storageRow(table, te.slots, visible));
  }
}

export function renameStmt(stmt: NodeBody<'RenameStmt'>, d: DdlContext): string {
  const rel = stmt.relation!;
  const schema = rel.schemaname ?? 'public';
  if (stmt.renameType === 'OBJECT_TABLE') d.tx.alterTable(rel.relname!, { kind: 'renameTable', to: stmt.newname! }, schema);
  else if (stmt.renameType === 'OBJECT_COLUMN') d.tx.alterTable(rel.relname!, { kind: 'renameColumn', from: stmt.subname!, to: stmt.newname! }, schema);
  else throw notSupported(`ALTER ${stmt.renameType?.replace('OBJECT_', '')} RENAME`);
  return 'ALTER TABLE';
}

export function createSequence(stmt: NodeBody<'CreateSeqStmt'>, d: DdlContext): string {
  const rel = stmt.sequence!;
  const schema = rel.schemaname ?? 'public';
  if (stmt.if_not_exists && d.tx.catalog.sequences.some((s) => s.name === rel.relname && s.schema === schema)) return 'CREATE SEQUENCE';
  const opts: Record<string, bigint | boolean> = {};
  for (const o of stmt.options ?? []) {
    const el = nodeAs(o, 'DefElem')!;
    const name = el.defname!;
    if (name === 'cycle') {
      opts.cycle = nodeAs(el.arg, 'Boolean')?.boolval ?? true;
      continue;
    }
    // An Integer node omits ival when it is 0; big values arrive as Float text.
    const int = nodeAs(el.arg, 'Integer');
    const float = nodeAs(el.arg, 'Float');
    const c = int ? (int.ival ?? 0) : float?.fval !== undefined ? BigInt(float.fval) : undefined;
    if (c === undefined) throw notSupported(`CREATE SEQUENCE option ${name}`);
    const key = name === 'start' ? 'start' : name === 'increment' ? 'increment' : name === 'minvalue' ? 'min' : name === 'maxvalue' ? 'max' : undefined;
    if (!key) throw notSupported(`CREATE SEQUENCE option ${name}`);
    opts[key] = BigInt(c);
  }
  // PostgreSQL's defaults depend on the direction; checked here so the errors read like PostgreSQL's.
  const inc = (opts.increment as bigint | undefined) ?? 1n;
  if (inc === 0n) throw new SqlError(SqlState.invalidParameterValue, 'INCREMENT must not be zero');
  const min = (opts.min as bigint | undefined) ?? (inc > 0n ? 1n : -(2n ** 63n));
  const max = (opts.max as bigint | undefined) ?? (inc > 0n ? 2n ** 63n - 1n : -1n);
  if (min >= max) throw new SqlError(SqlState.invalidParameterValue, `MINVALUE (${min}) must be less than MAXVALUE (${max})`);
  const start = (opts.start as bigint | undefined) ?? (inc > 0n ? min : max);
  if (start < min) throw new SqlError(SqlState.invalidParameterValue, `START value (${start}) cannot be less than MINVALUE (${min})`);
  if (start > max) throw new SqlError(SqlState.invalidParameterValue, `START value (${start}) cannot be greater than MAXVALUE (${max})`);
  d.tx.createSequence({ ...(rel.schemaname ? { schema } : {}), name: rel.relname!, start, increment: inc, min, max, cycle: (opts.cycle as boolean | undefined) ?? false });
  return 'CREATE SEQUENCE';
}
