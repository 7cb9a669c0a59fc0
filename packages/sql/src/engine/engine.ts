/**
 * The table-free SQL engine: parse, plan and execute statements. `query` runs every statement in the
 * string and returns one result per statement; `stream` yields the rows of a single SELECT lazily.
 */
import { PgTimestampTz } from '@heliosdb/types';
import { oidOf, typmodOf } from '../analyzer/sql-type.js';
import { notSupported } from '../errors/analysis-errors.js';
import { asSqlError } from '../analyzer/coerce.js';
import type { EvalContext, Row } from '../expressions/expr.js';
import { type ParsedStatement, loadParser, parseSql } from '../parser/parse-sql.js';
import { nodeAs, tagOf } from '../parser/ast.js';
import type { OutputColumn, PlanNode } from '../planner/plan-node.js';
import { presentColumns } from '../system-catalog/present.js';
import { planSelect } from '../planner/plan-select.js';
import { EMPTY_CATALOG, type RelationCatalog } from '../planner/relation-source.js';
import { nowMicros } from '../values/temporal.js';
import type { FieldInfo, QueryResult } from './query-result.js';

export interface EngineOptions {
  readonly catalog?: RelationCatalog;
  readonly timeZone?: string;
  readonly user?: string;
  readonly database?: string;
}

export class Engine {
  private readonly catalog: RelationCatalog;
  readonly timeZone: string;
  readonly user: string;
  readonly database: string;

  private constructor(options: EngineOptions) {
    this.catalog = options.catalog ?? EMPTY_CATALOG;
    this.timeZone = options.timeZone ?? 'UTC';
    this.user = options.user ?? 'postgres';
    this.database = options.database ?? 'postgres';
  }

  /** Loads the parser (once per process) and returns an engine. */
  static async create(options: EngineOptions = {}): Promise<Engine> {
    await loadParser();
    return new Engine(options);
  }

  /** Runs every statement in `sql`; stops at the first error (earlier results are lost, as in a simple query). */
  query(sql: string, params: readonly unknown[] = []): QueryResult[] {
    const statements = parseSql(sql);
    const start = new PgTimestampTz(nowMicros());
    return statements.map((s) => this.execute(s, start, params));
  }

  /** Plans one statement and returns its columns and a lazy row iterator. */
  prepare(statement: ParsedStatement): { fields: FieldInfo[]; rows: (ctx: EvalContext) => Iterable<Row> } {
    const plan = this.plan(statement);
    const { columns, convert } = presentColumns(plan.columns);
    return { fields: fieldsOf(columns), rows: convert ? (ctx) => mapRows(plan.rows(ctx), (r) => convert(r, ctx)) : (ctx) => plan.rows(ctx) };
  }

  private plan(statement: ParsedStatement): PlanNode {
    const select = nodeAs(statement.node, 'SelectStmt');
    if (!select) throw notSupported(`${tagOf(statement.node)[0]} statements`);
    return planSelect(select, undefined, { catalog: this.catalog, source: statement.source, ctes: new Map() });
  }

  context(transactionStart: PgTimestampTz, params: readonly unknown[] = []): EvalContext {
    return {
      transactionStart,
      statementStart: new PgTimestampTz(nowMicros()),
      timeZone: this.timeZone,
      user: this.user,
      database: this.database,
      outerRows: [],
      params: params as EvalContext['params'],
    };
  }

  private execute(statement: ParsedStatement, transactionStart: PgTimestampTz, params: readonly unknown[]): QueryResult {
    try {
      const plan = this.plan(statement);
      const ctx = this.context(transactionStart, params);
      const { columns, convert } = presentColumns(plan.columns);
      const rows = [...plan.rows(ctx)].map((r) => (convert ? convert(r, ctx) : [...r]));
      return { command: 'SELECT', rowCount: rows.length, fields: fieldsOf(columns), rows };
    } catch (e) {
      throw asSqlError(e);
    }
  }
}

function fieldsOf(columns: readonly OutputColumn[]): FieldInfo[] {
  return columns.map((c) => ({ name: c.name, dataTypeID: oidOf(c.type), typmod: typmodOf(c.type), type: c.type }));
}

/** reg* values leave as names (system-catalog/present.ts). */
function* mapRows(rows: Iterable<Row>, f: (r: Row) => Row): Iterable<Row> {
  for (const r of rows) yield f(r);
}
