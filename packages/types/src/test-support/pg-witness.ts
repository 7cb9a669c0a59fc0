import { hasPostgres, startPostgres, type PgCluster } from '@heliosdb/testkit';

/** What PostgreSQL answered for one statement: its rows as text, or its error fields. */
export type WitnessResult =
  | { readonly ok: true; readonly rows: ReadonlyArray<ReadonlyArray<string | null>> }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly detail?: string };

export interface Witness {
  run(sql: string): Promise<WitnessResult>;
  stop(): Promise<void>;
}

/** Why PostgreSQL-backed tests cannot run here, or undefined when they can. */
export function witnessUnavailableReason(): string | undefined {
  return hasPostgres() ? undefined : 'PostgreSQL server binaries (initdb, pg_ctl) not found; PostgreSQL-backed tests skipped';
}

export async function startWitness(): Promise<Witness> {
  const cluster: PgCluster = await startPostgres();
  return {
    async run(sql: string): Promise<WitnessResult> {
      try {
        const r = await cluster.query({ text: sql, rowMode: 'array' } as unknown as string);
        return { ok: true, rows: r.rows as unknown as ReadonlyArray<ReadonlyArray<string | null>> };
      } catch (e) {
        const err = e as { code?: string; message: string; detail?: string };
        if (err.code === undefined) throw e;
        return { ok: false, code: err.code, message: err.message, ...(err.detail ? { detail: err.detail } : {}) };
      }
    },
    stop: () => cluster.stop(),
  };
}

/** A SQL string literal (standard_conforming_strings: only quotes are doubled). */
export function quoteLiteral(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
