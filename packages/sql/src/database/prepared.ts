/**
 * Prepared statements: a statement parsed once, and for a SELECT a generic plan built once and run with
 * each execution's parameters. Parameters are analysed by type, not by value (AnalyzeContext.paramTypes):
 * an untyped value ('42', or NULL) is converted where it is used each time the plan runs, so one plan
 * serves every value. A plan is valid for one catalog version: storage hands out one Catalog object per
 * committed catalog and a new one for each DDL in a transaction, so the object's identity is the version
 * (a DDL, a rolled-back DDL, or another session's committed DDL all change it) and the plan is rebuilt.
 * The search_path names resolve through is part of the key too.
 *
 * Plans read tables through a transaction that is swapped in before each run (the plan outlives the
 * transaction it was built in). Statements naming relations that are not user tables or views (system
 * catalogs, whose rows may be computed while planning) are planned afresh each time, as are utility
 * statements (parsed once; planned by the session per execution). INSERT ... VALUES, UPDATE and DELETE
 * keep a generic plan the same way when prepared-dml.ts's dmlCacheable admits them.
 */
import type { PgType, Value } from '@heliosdb/types';
import type { Transaction } from '@heliosdb/storage';
import { typeOfValue } from '../analyzer/analyze-expression.js';
import { type SqlType, UNKNOWN, oidOf, typmodOf } from '../analyzer/sql-type.js';
import type { FieldInfo, QueryResult } from '../engine/query-result.js';
import { type Node, type SelectStmt, nodeAs } from '../parser/ast.js';
import type { ParsedStatement } from '../parser/parse-sql.js';
import type { PlanNode } from '../planner/plan-node.js';
import { planSelect } from '../planner/plan-select.js';
import type { Session } from './session.js';
import { storageCatalog } from './storage-catalog.js';
import { systemRelation } from '../system-catalog/system-relations.js';
import { presentColumns } from '../system-catalog/present.js';
import { type CachedDml, dmlCacheable, planDml } from './prepared-dml.js';
import { type ParamCast, checkParamCasts, recordParamCasts } from '../analyzer/coerce.js';

export interface PreparedDescription {
  /** One entry per parameter $1..$n: the declared type, or undefined for an untyped parameter. */
  readonly paramTypes: readonly (PgType | undefined)[];
  /**
   * The result columns of a SELECT; undefined for statements without rows and for those whose columns
   * are known only by running them (DML ... RETURNING, SHOW).
   */
  readonly fields: readonly FieldInfo[] | undefined;
}

/** What a cached plan's transaction binding holds between executions: nothing (every run binds its own first). */
const DETACHED = undefined as unknown as Transaction;

/** How many generic plans (one per parameter type signature) a statement keeps. */
const MAX_PLANS = 4;

interface CachedPlan {
  readonly catalog: object;
  /** Parameter types and search_path. */
  readonly signature: string;
  /** null: a generic plan could not be built; the session plans with the values each time. */
  readonly plan: PlanNode | null;
  /** A SELECT's parameter conversions that analysis with the values would have made up front (see prepared-dml.ts). */
  readonly casts: readonly ParamCast[];
  /** INSERT/UPDATE/DELETE: the generic plan, or null (planned with the values by the session). */
  readonly dml: CachedDml | null;
  readonly fields: readonly FieldInfo[] | null;
  readonly binding: { tx: Transaction };
}

export class PreparedStatement {
  /** $1..$n referenced by the statement, or declared, whichever is more. */
  readonly paramCount: number;
  private readonly select: SelectStmt | undefined;
  private readonly dml: boolean;
  private readonly cacheable: boolean;
  private plans: CachedPlan[] = [];
  /** How many generic plans this statement has built (each catalog version and parameter types once). */
  plansBuilt = 0;

  /** @internal Use `session.prepare(sql)`. */
  constructor(
    private readonly session: Session,
    readonly sql: string,
    /** undefined for an empty statement. */
    readonly statement: ParsedStatement | undefined,
    private readonly declared: readonly (PgType | undefined)[],
  ) {
    this.paramCount = Math.max(declared.length, statement ? maxParam(statement.node) : 0);
    const select = statement ? nodeAs(statement.node, 'SelectStmt') : undefined;
    // SELECT ... INTO creates a table: not a query to cache.
    this.select = select && !select.intoClause ? select : undefined;
    this.dml = statement !== undefined && dmlCacheable(statement.node);
    this.cacheable = this.select !== undefined || this.dml;
  }

  /** The parameters' declared types and, for a SELECT, its columns (planned against the current catalog). */
  describe(): PreparedDescription {
    const paramTypes = Array.from({ length: this.paramCount }, (_, i) => this.declared[i]);
    if (!this.select) return { paramTypes, fields: undefined };
    const types = paramTypes.map((t): SqlType => t ?? UNKNOWN);
    const entry = this.session.reading((tx) => {
      const e = this.planFor(tx, types);
      if (e) e.binding.tx = DETACHED;
      return e;
    });
    if (entry) return { paramTypes, fields: entry.fields ?? undefined };
    // A SELECT over system catalogs is not kept planned (planFor); Describe plans it once for its columns, as
    // drivers that prepare every query (postgres.js's pg_type probe) need a RowDescription before Execute.
    return { paramTypes, fields: this.session.reading((tx) => this.uncachedFields(tx, types)) };
  }

  private uncachedFields(tx: Transaction, types: readonly SqlType[]): readonly FieldInfo[] | undefined {
    try {
      const env = { catalog: storageCatalog(tx, this.session.settings.searchPath(this.session.user)), source: this.statement!.source, ctes: new Map(), paramTypes: types };
      const plan = planSelect(this.select!, undefined, env);
      return presentColumns(plan.columns).columns.map((c) => ({ name: c.name, dataTypeID: oidOf(c.type), typmod: typmodOf(c.type), type: c.type }));
    } catch {
      return undefined;
    }
  }

  /** Runs the statement with these parameter values; undefined for an empty statement. */
  // Not async: it hands on the session's promise (an async function returning a promise costs extra turns).
  execute(params: readonly Value[] = []): Promise<QueryResult | undefined> {
    if (!this.statement) return Promise.resolve(undefined);
    if (!this.cacheable) return this.session.runParsed(this.statement, params);
    const types = signatureTypes(params);
    if (!types) return this.session.runParsed(this.statement, params);
    let bound: CachedPlan | undefined;
    return this.session.runParsed(this.statement, params, (tx) => {
      const entry = this.planFor(tx, types);
      bound = entry;
      if (this.dml) return entry?.dml ?? undefined;
      if (!entry?.plan) return undefined;
      // A bad value fails before any row is read, as it does when analysed with the values (and in PostgreSQL's Bind).
      checkParamCasts(entry.casts, params);
      return entry.plan;
    }, () => {
      // The plan keeps no transaction between executions (a finished one would keep its pending writes alive).
      if (bound) bound.binding.tx = DETACHED;
    });
  }

  /** The generic plan for this catalog version and parameter types, built on first use. */
  private planFor(tx: Transaction, types: readonly SqlType[]): CachedPlan | undefined {
    const catalog = tx.catalog;
    const path = this.session.settings.get('search_path') ?? '';
    // The common case, a statement run again and again with values of the same types: the last plan, found
    // without building the signature text (parameter types are shared objects; the same type is one object).
    const last = this.last;
    if (last && last.entry.catalog === catalog && last.path === path && sameTypes(last.types, types)) {
      last.entry.binding.tx = tx;
      return last.entry;
    }
    const entry = this.planForSignature(tx, types, catalog, path);
    this.last = entry ? { entry, types, path } : undefined;
    return entry;
  }

  /** The plan planFor found last, with the parameter types and search_path it was found for. */
  private last: { entry: CachedPlan; types: readonly SqlType[]; path: string } | undefined;

  private planForSignature(tx: Transaction, types: readonly SqlType[], catalog: object, path: string): CachedPlan | undefined {
    // The setting's text is the key; the schema list is worked out only to build a plan.
    const signature = `${types.map(typeKey).join(',')}|${path}`;
    for (const p of this.plans) {
      if (p.catalog === catalog && p.signature === signature) {
        p.binding.tx = tx;
        return p;
      }
    }
    const searchPath = this.session.settings.searchPath(this.session.user);
    if (!this.dml && !onlyUserRelations(this.statement!.node, tx, searchPath)) return undefined;
    const binding = { tx };
    let plan: PlanNode | null = null;
    let dml: CachedDml | null = null;
    let casts: readonly ParamCast[] = [];
    this.plansBuilt++;
    try {
      if (this.dml) {
        dml = planDml(this.statement!.node, reboundTransaction(binding), searchPath, this.statement!.source, types);
      } else {
        const env = { catalog: storageCatalog(reboundTransaction(binding), searchPath), source: this.statement!.source, ctes: new Map(), paramTypes: types };
        const planned = recordParamCasts(() => planSelect(this.select!, undefined, env));
        plan = planned.result;
        casts = planned.casts;
      }
    } catch {
      // Planned again with the values by the session, which reports the error if there is one.
    }
    const entry: CachedPlan = {
      catalog,
      signature,
      plan,
      casts,
      dml,
      // As the session will present the rows (system types such as name and regclass leave as text).
      fields: plan ? presentColumns(plan.columns).columns.map((c) => ({ name: c.name, dataTypeID: oidOf(c.type), typmod: typmodOf(c.type), type: c.type })) : null,
      binding,
    };
    // Plans for catalog versions other than this one will not be used again.
    this.plans = [entry, ...this.plans.filter((p) => p.catalog === catalog).slice(0, MAX_PLANS - 1)];
    return entry;
  }
}

/** The parameters' types as a generic plan sees them: untyped for strings and NULL, else the value's type. */
function signatureTypes(params: readonly Value[]): SqlType[] | undefined {
  const types: SqlType[] = new Array(params.length);
  for (let i = 0; i < params.length; i++) {
    const v = params[i]!;
    if (v === null || typeof v === 'string') types[i] = UNKNOWN;
    else {
      try {
        types[i] = typeOfValue(v, undefined);
      } catch {
        return undefined;
      }
    }
  }
  return types;
}

function sameTypes(a: readonly SqlType[], b: readonly SqlType[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function typeKey(t: SqlType): string {
  return t.array ? `${t.name}[]` : t.name;
}

/**
 * A Transaction that forwards every access to `binding.tx`, so a plan built once reads through the
 * transaction of each execution.
 */
function reboundTransaction(binding: { tx: Transaction }): Transaction {
  return new Proxy({} as Transaction, {
    get(_target, key) {
      const tx = binding.tx;
      const v: unknown = Reflect.get(tx, key, tx);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(tx) : v;
    },
  });
}

/** True when every relation the statement names is a user table or view, or a CTE of the statement. */
function onlyUserRelations(node: Node, tx: Transaction, searchPath: readonly string[]): boolean {
  const ctes = new Set<string>();
  const relations: { name: string; schema: string | undefined }[] = [];
  walk(node, (n) => {
    const rv = nodeAs(n, 'RangeVar');
    if (rv) relations.push({ name: rv.relname ?? '', schema: rv.schemaname });
    const cte = nodeAs(n, 'CommonTableExpr');
    if (cte?.ctename) ctes.add(cte.ctename);
  });
  const isUser = (name: string, s: string): boolean => tx.catalog.findTable(name, s) !== undefined || tx.catalog.view(name, s) !== undefined;
  return relations.every(({ name, schema }) => {
    if (schema === undefined && ctes.has(name)) return true;
    if (schema !== undefined) return schema !== 'pg_catalog' && schema !== 'information_schema' && isUser(name, schema);
    // Unqualified names find pg_catalog first.
    return !systemRelation(name, 'pg_catalog') && searchPath.some((s) => isUser(name, s));
  });
}

function maxParam(node: Node): number {
  let max = 0;
  walk(node, (n) => {
    const p = nodeAs(n, 'ParamRef');
    if (p && (p.number ?? 0) > max) max = p.number ?? 0;
  });
  return max;
}

function walk(value: unknown, visit: (n: Node) => void): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) walk(v, visit);
    return;
  }
  visit(value as Node);
  for (const v of Object.values(value)) walk(v, visit);
}
