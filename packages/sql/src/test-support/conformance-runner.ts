/**
 * Runs the conformance corpus against this engine and against a real PostgreSQL 15 and compares what a
 * client sees: column names and type OIDs, rows in PostgreSQL's text rendering (as a multiset unless the
 * statement orders its rows), and SQLSTATE plus message for errors.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PgCluster } from '@heliosdb/testkit';
import { parseSql, loadParser } from '../parser/parse-sql.js';
import { nodeAs } from '../parser/ast.js';
import { type CorpusStatement, readCorpus } from './corpus.js';

export type Outcome =
  | { readonly ok: true; readonly fields: readonly string[]; readonly rows: readonly (readonly (string | null)[])[]; readonly count?: number }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** One side of the comparison: a fresh database per corpus file. */
export interface SqlSide {
  run(sql: string): Promise<Outcome>;
  close(): Promise<void>;
}

export interface Failure {
  readonly statement: CorpusStatement;
  readonly ours: Outcome;
  readonly pg: Outcome;
  readonly why: string;
}

export interface ConformanceReport {
  readonly passed: number;
  readonly failed: Failure[];
}

export const CORPUS_DIR = new URL('../../conformance/', import.meta.url).pathname;

export function corpusFiles(dir = CORPUS_DIR): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
}

/** PostgreSQL's side: each corpus file runs in its own schema, dropped afterwards. */
export function postgresSide(pg: PgCluster, schema: string): SqlSide {
  let ready: Promise<unknown> | undefined;
  const prepare = () =>
    (ready ??= pg.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).then(() => pg.query(`CREATE SCHEMA ${schema}`)).then(() => pg.query(`SET search_path TO ${schema}`)));
  return {
    async run(sql) {
      await prepare();
      try {
        // rowMode 'array' keeps columns that share a name apart.
        const r = await pg.query({ text: sql, rowMode: 'array' } as unknown as string);
        const results = Array.isArray(r) ? r : [r];
        const last = results[results.length - 1]!;
        const fields = (last.fields ?? []).map((f: { name: string; dataTypeID: number }) => `${f.name}:${f.dataTypeID}`);
        const rows = (last.rows ?? []).map((row: Record<string, unknown> | unknown[]) => (Array.isArray(row) ? row : Object.values(row)).map((v) => (v === null ? null : String(v))));
        const count = ['INSERT', 'UPDATE', 'DELETE'].includes(last.command) ? (last.rowCount as number) : undefined;
        return { ok: true, fields, rows, ...(count !== undefined ? { count } : {}) };
      } catch (e) {
        const err = e as { code?: string; message: string };
        if (!err.code) throw e;
        return { ok: false, code: err.code, message: err.message };
      }
    },
    async close() {
      await prepare();
      await pg.query('ROLLBACK').catch(() => undefined);
      await pg.query(`SET search_path TO public`);
      await pg.query(`DROP SCHEMA ${schema} CASCADE`);
    },
  };
}

/** Does the statement order its rows at the top level? */
export function isOrdered(s: CorpusStatement): boolean {
  if (s.order) return s.order === 'ordered';
  try {
    const [stmt] = parseSql(s.sql);
    const select = stmt && nodeAs(stmt.node, 'SelectStmt');
    return (select?.sortClause?.length ?? 0) > 0;
  } catch {
    return false;
  }
}

const rowText = (r: readonly (string | null)[]) => JSON.stringify(r);

/** Why two outcomes differ, or undefined when they agree. */
export function difference(s: CorpusStatement, ours: Outcome, pg: Outcome): string | undefined {
  if (!ours.ok || !pg.ok) {
    if (ours.ok) return 'PostgreSQL fails, we succeed';
    if (pg.ok) return 'we fail, PostgreSQL succeeds';
    if (ours.code !== pg.code) return 'different SQLSTATE';
    if (ours.message !== pg.message) return 'different error message';
    return undefined;
  }
  if (rowText(ours.fields) !== rowText(pg.fields)) return 'different columns';
  if (ours.count !== pg.count) return 'different row count';
  const a = ours.rows.map(rowText);
  const b = pg.rows.map(rowText);
  if (!isOrdered(s)) {
    a.sort();
    b.sort();
  }
  if (a.length !== b.length) return 'different row count';
  return a.some((x, i) => x !== b[i]) ? 'different rows' : undefined;
}

export function describeOutcome(o: Outcome): string {
  if (!o.ok) return `ERROR ${o.code}: ${o.message}`;
  if (o.count !== undefined && o.fields.length === 0) return `(${o.count} rows affected)`;
  const lines = [o.fields.join(' | '), ...o.rows.slice(0, 20).map((r) => r.map((v) => (v === null ? 'NULL' : v)).join(' | '))];
  if (o.rows.length > 20) lines.push(`... (${o.rows.length} rows)`);
  return lines.join('\n    ');
}

export function formatReport(report: ConformanceReport): string {
  const lines = [`${report.passed} passed, ${report.failed.length} failed`];
  for (const f of report.failed) {
    lines.push('', `FAIL ${f.statement.file}:${f.statement.line} (${f.why})`, `  ${f.statement.sql.replace(/\n/g, '\n  ')}`);
    lines.push(`  ours: ${describeOutcome(f.ours)}`, `  pg:   ${describeOutcome(f.pg)}`);
  }
  return lines.join('\n');
}

export async function runConformance(pg: PgCluster, ours: (file: string) => Promise<SqlSide>, files = corpusFiles()): Promise<ConformanceReport> {
  await loadParser();
  let passed = 0;
  const failed: Failure[] = [];
  for (const [n, file] of files.entries()) {
    const statements = readCorpus(join(CORPUS_DIR, file), file);
    const a = await ours(file);
    const b = postgresSide(pg, `conformance_${n}`);
    try {
      for (const s of statements) {
        const [x, y] = [await a.run(s.sql), await b.run(s.sql)];
        const why = difference(s, x, y);
        if (s.setup) {
          if (!x.ok || !y.ok) throw new Error(`${file}:${s.line}: setup failed\n  ours: ${describeOutcome(x)}\n  pg:   ${describeOutcome(y)}`);
          continue;
        }
        if (why) failed.push({ statement: s, ours: x, pg: y, why });
        else passed++;
      }
    } finally {
      await a.close();
      await b.close();
    }
  }
  return { passed, failed };
}
