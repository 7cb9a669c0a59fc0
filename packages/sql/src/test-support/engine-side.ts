/** This engine's side of the conformance comparison (table-free statements through Engine). */
import { Engine } from '../engine/engine.js';
import { isSqlError } from '../errors/sql-error.js';
import { textRenderer } from '../output/text-value.js';
import type { Outcome, SqlSide } from './conformance-runner.js';
import type { QueryResult } from '../engine/query-result.js';

export function outcomeOf(r: QueryResult): Outcome {
  const render = r.fields.map((f) => textRenderer(f.type));
  return {
    ok: true,
    fields: r.fields.map((f) => `${f.name}:${f.dataTypeID}`),
    rows: r.rows.map((row) => row.map((v, i) => render[i]!(v))),
    ...(['INSERT', 'UPDATE', 'DELETE'].includes(r.command) ? { count: r.rowCount } : {}),
  };
}

export function errorOutcome(e: unknown): Outcome {
  if (isSqlError(e)) return { ok: false, code: e.code, message: e.message };
  // Anything else is an engine bug; report it as PostgreSQL would an internal error.
  return { ok: false, code: 'XX000', message: `internal: ${e instanceof Error ? e.stack ?? e.message : String(e)}` };
}

export async function engineSide(): Promise<SqlSide> {
  const engine = await Engine.create();
  return {
    async run(sql) {
      try {
        const results = engine.query(sql);
        return outcomeOf(results[results.length - 1]!);
      } catch (e) {
        return errorOutcome(e);
      }
    },
    async close() {},
  };
}
