/**
 * DEFAULT and CHECK expressions of a table, kept by storage as SQL text and compiled here: defaults to
 * closures producing the column's value (serial and identity columns draw from their sequence), checks to
 * predicates over a row of the table's visible columns.
 */
import type { Value } from '@heliosdb/types';
import type { SequenceDef, TableDef, Transaction } from '@heliosdb/storage';
import { analyzeExpr, coerceBoolean } from '../analyzer/analyze-expression.js';
import { coerceExpr } from '../analyzer/coerce.js';
import { Scope } from '../analyzer/scope.js';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import type { EvalContext, Row } from '../expressions/expr.js';
import { outputFunction } from '../expressions/cast.js';
import { type SelectStmt, nodeAs } from '../parser/ast.js';
import { parseSql } from '../parser/parse-sql.js';
import { EMPTY_CATALOG } from '../planner/relation-source.js';
import { planSelect } from '../planner/plan-select.js';
import { visibleSlots } from './table-relation.js';

export interface TableExpressions {
  readonly table: TableDef;
  /** Storage slot of each visible column. */
  readonly slots: readonly number[];
  /** The default of each visible column (null when it has none). */
  readonly defaults: readonly ((ctx: EvalContext) => Value)[];
  /** Raises 23514 when a row (visible columns) fails a CHECK constraint. */
  readonly check: (row: Row, ctx: EvalContext) => void;
}

function expressionNode(text: string) {
  const [stmt] = parseSql(`SELECT ${text}`);
  const select = stmt && nodeAs(stmt.node, 'SelectStmt');
  const rt = select?.targetList?.[0] && nodeAs(select.targetList[0], 'ResTarget');
  if (!rt?.val || !stmt) throw new Error(`sql: cannot parse stored expression ${text}`);
  return { node: rt.val, source: stmt.source };
}

function sequenceOf(tx: Transaction, id: number): SequenceDef {
  const seq = tx.catalog.sequences.find((s) => s.id === id);
  if (!seq) throw new SqlError(SqlState.undefinedObject, `sequence with id ${id} does not exist`);
  return seq;
}

export function tableExpressions(tx: Transaction, table: TableDef): TableExpressions {
  const slots = visibleSlots(table);
  const env = { catalog: EMPTY_CATALOG, ctes: new Map() };
  const defaults = slots.map((s) => {
    const col = table.columns[s]!;
    if (col.sequenceId !== undefined && (col.identity !== null || (col.default ?? '').startsWith('nextval('))) {
      const seqId = col.sequenceId;
      return (ectx: EvalContext) => {
        const seq = sequenceOf(tx, seqId);
        // Through the session when there is one, so currval() sees the value.
        const v = ectx.sequences ? ectx.sequences.nextval(`${seq.schema}.${seq.name}`) : tx.nextval(seq);
        return col.type.name === 'int8' ? v : Number(v);
      };
    }
    if (col.default === null) return () => null;
    const { node, source } = expressionNode(col.default);
    const ctx = { scope: new Scope([]), source, clause: 'DEFAULT expressions', planSubquery: (s: SelectStmt, o: Scope) => planSelect(s, o, { ...env, source }) };
    const e = coerceExpr(analyzeExpr(node, ctx), col.type, 'assignment', 'default for column "' + col.name + '"');
    return (ectx: EvalContext) => e.evaluate([], ectx);
  });
  const scope = new Scope(slots.map((s) => ({ table: table.name, name: table.columns[s]!.name, type: table.columns[s]!.type })));
  const checks = table.checks.map((c) => {
    const { node, source } = expressionNode(c.expression);
    const ctx = { scope, source, clause: 'check constraints', planSubquery: (s: SelectStmt, o: Scope) => planSelect(s, o, { ...env, source }) };
    return { name: c.name, evaluate: coerceBoolean(analyzeExpr(node, ctx), 'CHECK').evaluate };
  });
  const out = slots.map((s) => outputFunction(table.columns[s]!.type));
  return {
    table,
    slots,
    defaults,
    check(row, ctx) {
      for (const c of checks) {
        if (c.evaluate(row, ctx) === false) {
          const shown = row.map((v, i) => (v === null ? 'null' : out[i]!(v, ctx.timeZone))).join(', ');
          throw new SqlError(SqlState.checkViolation, `new row for relation "${table.name}" violates check constraint "${c.name}"`, { detail: `Failing row contains (${shown}).` });
        }
      }
    },
  };
}

/** A visible-column row as storage's full-width row (dropped slots are null). */
export function storageRow(table: TableDef, slots: readonly number[], row: Row): Value[] {
  const full: Value[] = table.columns.map(() => null);
  slots.forEach((s, i) => (full[s] = row[i]!));
  return full;
}
