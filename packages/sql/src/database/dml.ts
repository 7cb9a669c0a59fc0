/** INSERT (VALUES, SELECT, DEFAULT, ON CONFLICT, RETURNING), UPDATE and DELETE over storage tables. */
import type { Value } from '@heliosdb/types';
import { StorageError, type TableDef, type Transaction } from '@heliosdb/storage';
import { analyzeExpr, coerceBoolean } from '../analyzer/analyze-expression.js';
import { coerceExpr } from '../analyzer/coerce.js';
import { figureColname } from '../analyzer/figure-colname.js';
import { Scope } from '../analyzer/scope.js';
import { isUnknown } from '../analyzer/sql-type.js';
import { notSupported } from '../errors/analysis-errors.js';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import type { EvalContext, Expr, Row } from '../expressions/expr.js';
import { type Node, type NodeBody, nodeAs, stringOf } from '../parser/ast.js';
import type { OutputColumn } from '../planner/plan-node.js';
import { type PlanEnv, analyzeCtx, planSelect } from '../planner/plan-select.js';
import { accessRange, chooseIndexAccess } from '../planner/index-access.js';
import { crossJoin, planFromItem } from '../planner/plan-from.js';
import type { PlanNode } from '../planner/plan-node.js';
import { T } from '@heliosdb/types';
import { type TableExpressions, storageRow, tableExpressions } from './table-expressions.js';
import { tableRelation } from './table-relation.js';
import { compareValues } from '../values/types-api.js';

/** What a DML statement runs with: the execution's transaction and evaluation context. */
export interface DmlExecution {
  readonly tx: Transaction;
  readonly evalContext: EvalContext;
}

/** What analysing and planning a DML statement needs (tx: the catalog, and for a cached plan a rebound transaction). */
export interface DmlAnalysis {
  readonly tx: Transaction;
  readonly env: PlanEnv;
}

export interface DmlContext extends DmlExecution {
  readonly env: PlanEnv;
}

/** An analysed and planned DML statement, run with each execution's transaction and context. */
export type DmlRun = (d: DmlExecution) => DmlResult;

export interface DmlResult {
  readonly command: string;
  readonly rowCount: number;
  readonly columns: readonly OutputColumn[];
  readonly rows: Row[];
}

const DEFAULT = Symbol('DEFAULT');
type Slot = Value | typeof DEFAULT;

function tableScope(te: TableExpressions, alias: string | undefined, outer?: Scope): Scope {
  const t = te.table;
  return new Scope(te.slots.map((s) => ({ table: alias ?? t.name, name: t.columns[s]!.name, type: t.columns[s]!.type })), outer);
}

function visible(te: TableExpressions, values: readonly Value[]): Value[] {
  return te.slots.map((s) => values[s] ?? null);
}

function columnIndex(te: TableExpressions, name: string, position?: number): number {
  const i = te.slots.findIndex((s) => te.table.columns[s]!.name === name);
  if (i < 0) throw new SqlError(SqlState.undefinedColumn, `column "${name}" of relation "${te.table.name}" does not exist`, { position });
  return i;
}

/** RETURNING list: expressions over the row (with `*` expanded), and their output columns. */
function returning(list: readonly Node[] | undefined, scope: Scope, d: DmlAnalysis): { columns: OutputColumn[]; project: (row: Row, ctx: EvalContext) => Row } | undefined {
  if (!list || list.length === 0) return undefined;
  const exprs: { name: string; expr: Expr }[] = [];
  for (const item of list) {
    const rt = nodeAs(item, 'ResTarget')!;
    const ref = nodeAs(rt.val, 'ColumnRef');
    if (ref && ref.fields?.length && nodeAs(ref.fields[ref.fields.length - 1], 'A_Star')) {
      scope.columns.forEach((c, i) => exprs.push({ name: c.name, expr: { type: c.type, evaluate: (r) => r[i]! } }));
      continue;
    }
    let e = analyzeExpr(rt.val!, analyzeCtx(scope, d.env, 'RETURNING'));
    if (isUnknown(e.type)) e = coerceExpr(e, T.text, 'implicit');
    exprs.push({ name: rt.name ?? figureColname(rt.val), expr: e });
  }
  return {
    columns: exprs.map((e) => ({ name: e.name, type: e.expr.type })),
    project: (row, ctx) => exprs.map((e) => e.expr.evaluate(row, ctx)),
  };
}

function identityAlways(te: TableExpressions, i: number): boolean {
  return te.table.columns[te.slots[i]!]!.identity === 'always';
}

export function insert(stmt: NodeBody<'InsertStmt'>, d: DmlContext): DmlResult {
  return planInsert(stmt, d)(d);
}

/** INSERT analysed and planned; the returned function runs it (see DmlRun). */
export function planInsert(stmt: NodeBody<'InsertStmt'>, d: DmlAnalysis): DmlRun {
  const rel = stmt.relation!;
  const table = d.tx.table(rel.relname!, rel.schemaname ?? 'public');
  const te = tableExpressions(d.tx, table);
  const alias = rel.alias?.aliasname;
  const targets = (stmt.cols ?? []).map((c) => {
    const rt = nodeAs(c, 'ResTarget')!;
    if (rt.indirection?.length) throw notSupported('INSERT into subscripted or field columns');
    return columnIndex(te, rt.name!, d.env.source.position(rt.location));
  });
  const explicit = targets.length > 0;
  // Without a column list, the values fill the first columns in order and the rest take defaults.
  const select = stmt.selectStmt ? nodeAs(stmt.selectStmt, 'SelectStmt') : undefined;
  const width = !explicit && select?.valuesLists ? Math.min((nodeAs(select.valuesLists[0], 'List')?.items ?? []).length, te.slots.length) : te.slots.length;
  let target = explicit ? targets : te.slots.map((_, i) => i).slice(0, width);
  let types = target.map((i) => te.table.columns[te.slots[i]!]!.type);
  const overriding = stmt.override === 'OVERRIDING_SYSTEM_VALUE';

  // The rows to insert, one Slot per target column.
  let source: (ctx: EvalContext) => Iterable<Slot[]>;
  if (!select) {
    source = () => [target.map(() => DEFAULT)];
  } else if (select.valuesLists && !select.sortClause?.length && !select.limitCount && !select.withClause) {
    const ctx = analyzeCtx(Scope.empty(), d.env, 'VALUES');
    const rows = select.valuesLists.map((l) => {
      const items = nodeAs(l, 'List')?.items ?? [];
      if (items.length > target.length) throw new SqlError(SqlState.syntaxError, 'INSERT has more expressions than target columns', { position: d.env.source.position(exprLocation(items[target.length]!)) });
      if (items.length < target.length) throw new SqlError(SqlState.syntaxError, 'INSERT has more target columns than expressions', { position: d.env.source.position(exprLocation(items[items.length - 1] ?? items[0]!)) });
      return items.map((n, i) => (nodeAs(n, 'SetToDefault') ? DEFAULT : coerceExpr(analyzeExpr(n, ctx), types[i]!, 'assignment', `column "${te.table.columns[te.slots[target[i]!]!]!.name}"`)));
    });
    if (rows.length === 1) {
      // One row (a prepared INSERT run once per row): an array, not a generator.
      const only = rows[0]!;
      source = (ectx) => [only.map((e) => (e === DEFAULT ? DEFAULT : e.evaluate([], ectx)))];
    } else {
      source = function* (ectx) {
        for (const r of rows) yield r.map((e) => (e === DEFAULT ? DEFAULT : e.evaluate([], ectx)));
      };
    }
  } else {
    const plan = planSelect(select, undefined, d.env);
    if (!explicit && plan.columns.length < target.length) {
      target = target.slice(0, plan.columns.length);
      types = types.slice(0, plan.columns.length);
    }
    if (plan.columns.length > target.length) throw new SqlError(SqlState.syntaxError, 'INSERT has more expressions than target columns');
    if (plan.columns.length < target.length) throw new SqlError(SqlState.syntaxError, 'INSERT has more target columns than expressions');
    const conv = plan.columns.map((c, i) => coerceExpr({ type: c.type, evaluate: (r) => r[i]! }, types[i]!, 'assignment', `column "${te.table.columns[te.slots[target[i]!]!]!.name}"`).evaluate);
    source = function* (ectx) {
      for (const r of [...plan.rows(ectx)]) yield conv.map((c) => c(r, ectx));
    };
  }

  const scope = tableScope(te, alias);
  const ret = returning(stmt.returningClause?.exprs, scope, d);
  const conflict = stmt.onConflictClause ? onConflict(stmt.onConflictClause, te, alias, d) : undefined;
  const nCols = te.slots.length;
  const always = te.slots.map((_, i) => identityAlways(te, i));
  // Without dropped columns the visible row is storage's row.
  const full = te.slots.length === table.columns.length;
  return (d) => {
    const out: Row[] = [];
    let count = 0;
    const given: boolean[] = new Array(nCols);
    for (const slots of source(d.evalContext)) {
      const row: Value[] = new Array(nCols);
      for (let i = 0; i < nCols; i++) given[i] = false;
      for (let i = 0; i < target.length; i++) {
        const col = target[i]!;
        const v = slots[i]!;
        if (v === DEFAULT) continue;
        if (always[col] && !overriding) {
          const name = te.table.columns[te.slots[col]!]!.name;
          throw new SqlError(SqlState.generatedAlways, `cannot insert a non-DEFAULT value into column "${name}"`, {
            detail: `Column "${name}" is an identity column defined as GENERATED ALWAYS.`,
            hint: 'Use OVERRIDING SYSTEM VALUE to override.',
          });
        }
        row[col] = v;
        given[col] = true;
      }
      // Defaults in column order, as before (nextval draws in that order).
      for (let i = 0; i < nCols; i++) if (!given[i]) row[i] = te.defaults[i]!(d.evalContext);
      te.check(row, d.evalContext);
      try {
        d.tx.insert(table, full ? row : storageRow(table, te.slots, row));
      } catch (e) {
        if (!conflict || !(e instanceof StorageError) || e.code !== SqlState.uniqueViolation) throw e;
        const updated = conflict(row, e, d);
        if (updated === undefined) continue;
        count++;
        if (ret) out.push(ret.project(updated, d.evalContext));
        continue;
      }
      count++;
      if (ret) out.push(ret.project(row, d.evalContext));
    }
    return { command: 'INSERT', rowCount: count, columns: ret?.columns ?? [], rows: out };
  };
}

function exprLocation(n: Node): number | undefined {
  for (const v of Object.values(n)) if (v && typeof v === 'object' && typeof (v as { location?: number }).location === 'number') return (v as { location: number }).location;
  return undefined;
}

/**
 * ON CONFLICT: returns a handler for a unique violation by a proposed row: DO NOTHING skips it; DO UPDATE
 * finds the conflicting row through the violated constraint and applies SET (EXCLUDED is the proposed row).
 * The handler returns the row that was written, or undefined when nothing was.
 */
function onConflict(oc: NodeBody<'OnConflictClause'>, te: TableExpressions, alias: string | undefined, b: DmlAnalysis): (proposed: Row, e: StorageError, d: DmlExecution) => Row | undefined {
  const table = te.table;
  const inferCols = (oc.infer?.indexElems ?? []).map((n) => nodeAs(n, 'IndexElem')!.name!);
  const constraints = [
    ...(table.primaryKey ? [{ name: table.primaryKey.name, columns: table.primaryKey.columns }] : []),
    ...b.tx.catalog.indexesOf(table.id).filter((i) => i.unique).map((i) => ({ name: i.name, columns: i.columns })),
  ];
  const colName = (slot: number) => table.columns[slot]!.name;
  if (inferCols.length > 0 && !constraints.some((c) => c.columns.length === inferCols.length && c.columns.every((s) => inferCols.includes(colName(s))))) {
    throw new SqlError(SqlState.invalidColumnReference, 'there is no unique or exclusion constraint matching the ON CONFLICT specification');
  }
  if (oc.infer?.conname && !constraints.some((c) => c.name === oc.infer!.conname)) {
    throw new SqlError(SqlState.undefinedObject, `constraint "${oc.infer.conname}" for table "${table.name}" does not exist`);
  }
  const arbiter = (name: string) => {
    const c = constraints.find((x) => x.name === name);
    if (!c) return false;
    if (oc.infer?.conname) return oc.infer.conname === name;
    return inferCols.length === 0 || (c.columns.length === inferCols.length && c.columns.every((s) => inferCols.includes(colName(s))));
  };
  const violated = (e: StorageError) => /unique constraint "(.*)"$/.exec(e.message)?.[1] ?? '';

  if (oc.action === 'ONCONFLICT_NOTHING') {
    return (_row, e) => {
      if (!arbiter(violated(e))) throw e;
      return undefined;
    };
  }
  if (inferCols.length === 0 && !oc.infer?.conname) {
    throw new SqlError(SqlState.syntaxError, 'ON CONFLICT DO UPDATE requires inference specification or constraint name', {
      hint: 'For example, ON CONFLICT (column_name).',
    });
  }
  // DO UPDATE: the existing row's columns, then EXCLUDED's.
  const base = tableScope(te, alias);
  const scope = new Scope([...base.columns, ...base.columns.map((c) => ({ ...c, table: 'excluded' }))]);
  const sets = (oc.targetList ?? []).map((n) => {
    const rt = nodeAs(n, 'ResTarget')!;
    const i = columnIndex(te, rt.name!);
    const type = table.columns[te.slots[i]!]!.type;
    const value = nodeAs(rt.val, 'SetToDefault') ? undefined : coerceExpr(analyzeExpr(rt.val!, analyzeCtx(scope, b.env, 'UPDATE')), type, 'assignment', `column "${rt.name}"`);
    return { i, value };
  });
  const where = oc.whereClause ? coerceBoolean(analyzeExpr(oc.whereClause, analyzeCtx(scope, b.env, 'WHERE')), 'WHERE').evaluate : undefined;
  return (proposed, e, d) => {
    const name = violated(e);
    if (!arbiter(name)) throw e;
    const c = constraints.find((x) => x.name === name)!;
    const keyValues = c.columns.map((s) => proposed[te.slots.indexOf(s)]!);
    const existing = table.primaryKey?.name === name
      ? d.tx.scan(table, { eq: keyValues }).next().value
      : d.tx.indexScan(d.tx.index(name, table.schema), { eq: keyValues }).next().value;
    if (!existing) throw e;
    const old = visible(te, existing.values);
    const both = [...old, ...proposed];
    if (where && where(both, d.evalContext) !== true) return undefined;
    const next = [...old];
    for (const s of sets) next[s.i] = s.value ? s.value.evaluate(both, d.evalContext) : te.defaults[s.i]!(d.evalContext);
    te.check(next, d.evalContext);
    d.tx.update(table, existing.key, storageRow(table, te.slots, next));
    return next;
  };
}

/**
 * UPDATE ... FROM / DELETE ... USING: the other FROM items as one plan; the statement's scope is the target
 * table's columns followed by theirs.
 */
function otherItems(items: readonly Node[] | undefined, te: TableExpressions, alias: string | undefined, d: DmlAnalysis): { extra?: PlanNode; scope: Scope } {
  const base = tableScope(te, alias);
  if (!items?.length) return { scope: base };
  let extra = planFromItem(items[0]!, undefined, d.env);
  for (const item of items.slice(1)) extra = crossJoin(extra, item, undefined, d.env);
  const cols = extra.columns.map((c) => ({ ...(c.table !== undefined ? { table: c.table } : {}), name: c.name, type: c.type, ...(c.hidden ? { hidden: true } : {}) }));
  return { extra, scope: new Scope([...base.columns, ...cols]) };
}

/**
 * The rows of `table` that WHERE selects, with their keys; an index lookup when WHERE fixes a key. With
 * other FROM items, `row` is the target row joined with the first matching row of theirs (a target row is
 * changed at most once, as in PostgreSQL). Analysed once; the returned function reads each execution's rows.
 */
function matchingRows(stmtRel: NodeBody<'RangeVar'>, where: Node | undefined, te: TableExpressions, scope: Scope, b: DmlAnalysis, extra?: PlanNode): (d: DmlExecution) => { key: Buffer; row: Value[] }[] {
  const table = te.table;
  const pred = where ? coerceBoolean(analyzeExpr(where, analyzeCtx(scope, b.env, 'WHERE')), 'WHERE').evaluate : undefined;
  const item = { RangeVar: stmtRel } as Node;
  const catalog = { lookup: (n: string) => (n === stmtRel.relname ? tableRelation(b.tx, table, (t) => t.primaryKey?.name) : undefined) };
  const access = where ? chooseIndexAccess(item, where, undefined, { ...b.env, catalog }).access?.get(item) : undefined;
  b.env.explain?.push(access ? `Index Scan using ${access.index} on ${table.name}` : `Seq Scan on ${table.name}`);
  const byPk = access !== undefined && table.primaryKey?.name === access.index;
  return (d) => {
    let candidates: Iterable<{ key: Buffer; values: Value[] }>;
    if (access) {
      const range = accessRange(access, d.evalContext);
      candidates = range === null ? [] : byPk ? d.tx.scan(table, range) : d.tx.indexScan(d.tx.index(access.index, table.schema), range);
    } else {
      candidates = d.tx.scan(table);
    }
    const out: { key: Buffer; row: Value[] }[] = [];
    const others = extra ? [...extra.rows(d.evalContext)] : undefined;
    for (const r of candidates) {
      const row = visible(te, r.values);
      if (!others) {
        if (!pred || pred(row, d.evalContext) === true) out.push({ key: r.key, row });
        continue;
      }
      for (const o of others) {
        const joined = [...row, ...o];
        if (!pred || pred(joined, d.evalContext) === true) {
          out.push({ key: r.key, row: joined });
          break;
        }
      }
    }
    return out;
  };
}

export function update(stmt: NodeBody<'UpdateStmt'>, d: DmlContext): DmlResult {
  return planUpdate(stmt, d)(d);
}

/** UPDATE analysed and planned; the returned function runs it (see DmlRun). */
export function planUpdate(stmt: NodeBody<'UpdateStmt'>, d: DmlAnalysis): DmlRun {
  const rel = stmt.relation!;
  const table: TableDef = d.tx.table(rel.relname!, rel.schemaname ?? 'public');
  const te = tableExpressions(d.tx, table);
  const { extra, scope } = otherItems(stmt.fromClause, te, rel.alias?.aliasname, d);
  const sets = (stmt.targetList ?? []).map((n) => {
    const rt = nodeAs(n, 'ResTarget')!;
    const i = columnIndex(te, rt.name!, d.env.source.position(rt.location));
    const col = table.columns[te.slots[i]!]!;
    if (col.identity === 'always' && !nodeAs(rt.val, 'SetToDefault')) {
      throw new SqlError(SqlState.generatedAlways, `column "${col.name}" can only be updated to DEFAULT`, { detail: `Column "${col.name}" is an identity column defined as GENERATED ALWAYS.` });
    }
    const value = nodeAs(rt.val, 'SetToDefault') ? undefined : coerceExpr(analyzeExpr(rt.val!, analyzeCtx(scope, d.env, 'UPDATE')), col.type, 'assignment', `column "${col.name}"`);
    return { i, value };
  });
  const ret = returning(stmt.returningClause?.exprs, scope, d);
  const width = te.slots.length;
  const matching = matchingRows(rel, stmt.whereClause, te, scope, d, extra);
  return (d) => {
    const changes = matching(d).map(({ key, row }) => {
      const next = row.slice(0, width);
      for (const s of sets) next[s.i] = s.value ? s.value.evaluate(row, d.evalContext) : te.defaults[s.i]!(d.evalContext);
      te.check(next, d.evalContext);
      return { key, next, joined: [...next, ...row.slice(width)] };
    });
    const out: Row[] = [];
    for (const c of changes) {
      const old = d.tx.getByKey(table, c.key);
      const next = storageRow(table, te.slots, c.next);
      if (old) referentialActions(table, old, d, 'update', next);
      d.tx.update(table, c.key, next);
      if (ret) out.push(ret.project(c.joined, d.evalContext));
    }
    return { command: 'UPDATE', rowCount: changes.length, columns: ret?.columns ?? [], rows: out };
  };
}

/**
 * Referential actions for a parent row about to be deleted (or to lose its key on update): children
 * under ON DELETE CASCADE are deleted (recursively), SET NULL / SET DEFAULT children are updated. NO ACTION
 * and RESTRICT are left to storage, which rejects the parent change while children still point at it.
 */
function referentialActions(table: TableDef, old: readonly Value[], d: DmlExecution, event: 'delete' | 'update', next?: readonly Value[]): void {
  for (const child of d.tx.catalog.tables) {
    for (const fk of child.foreignKeys) {
      if (fk.refTableId !== table.id) continue;
      const action = event === 'delete' ? fk.onDelete : fk.onUpdate;
      if (action === 'no action' || action === 'restrict') continue;
      const vals = fk.refColumns.map((c) => old[c] ?? null);
      if (vals.some((v) => v === null)) continue;
      if (next && fk.refColumns.every((c, i) => equalValues(table.columns[c]!.type, vals[i]!, next[c] ?? null))) continue;
      const matches = [...d.tx.scan(child)].filter((r) => fk.columns.every((c, i) => r.values[c] !== null && equalValues(child.columns[c]!.type, r.values[c]!, vals[i]!)));
      if (matches.length === 0) continue;
      const te = action === 'set default' ? tableExpressions(d.tx, child) : undefined;
      for (const r of matches) {
        if (action === 'cascade') {
          referentialActions(child, r.values, d, 'delete');
          d.tx.delete(child, r.key);
          continue;
        }
        const updated = [...r.values];
        for (const c of fk.columns) updated[c] = te ? te.defaults[te.slots.indexOf(c)]!(d.evalContext) : null;
        d.tx.update(child, r.key, updated);
      }
    }
  }
}

function equalValues(type: TableDef['columns'][number]['type'], a: Value, b: Value): boolean {
  if (a === null || b === null) return false;
  return compareValues(type, a, b) === 0;
}

export function deleteRows(stmt: NodeBody<'DeleteStmt'>, d: DmlContext): DmlResult {
  return planDelete(stmt, d)(d);
}

/** DELETE analysed and planned; the returned function runs it (see DmlRun). */
export function planDelete(stmt: NodeBody<'DeleteStmt'>, d: DmlAnalysis): DmlRun {
  const rel = stmt.relation!;
  const table = d.tx.table(rel.relname!, rel.schemaname ?? 'public');
  const te = tableExpressions(d.tx, table);
  const { extra, scope } = otherItems(stmt.usingClause, te, rel.alias?.aliasname, d);
  const ret = returning(stmt.returningClause?.exprs, scope, d);
  const matching = matchingRows(rel, stmt.whereClause, te, scope, d, extra);
  return (d) => {
    const victims = matching(d);
    const out: Row[] = [];
    for (const v of victims) {
      const full = d.tx.getByKey(table, v.key);
      if (!full) continue;
      referentialActions(table, full, d, 'delete');
      d.tx.delete(table, v.key);
      if (ret) out.push(ret.project(v.row, d.evalContext));
    }
    return { command: 'DELETE', rowCount: victims.length, columns: ret?.columns ?? [], rows: out };
  };
}

export { stringOf };
