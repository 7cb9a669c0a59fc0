/** A user-facing failure: printed as `heliosdb-nano: <message>` (+ hint), exit code 1 unless set. */
export class CliError extends Error {
  readonly exitCode: number;
  readonly hint: string | undefined;
  constructor(message: string, opts: { exitCode?: number; hint?: string } = {}) {
    super(message);
    this.name = 'CliError';
    this.exitCode = opts.exitCode ?? 1;
    this.hint = opts.hint;
  }
}

/** Prints an error to stderr the one way every command shares and returns the exit code to use. */
export function reportError(err: unknown): number {
  if (err instanceof CliError) {
    process.stderr.write(`heliosdb-nano: ${err.message}\n`);
    if (err.hint) process.stderr.write(`hint: ${err.hint}\n`);
    return err.exitCode;
  }
  const e = err as { message?: string; detail?: string; hint?: string } | undefined;
  process.stderr.write(`heliosdb-nano: ${e?.message ?? String(err)}\n`);
  if (e?.detail) process.stderr.write(`detail: ${e.detail}\n`);
  if (e?.hint) process.stderr.write(`hint: ${e.hint}\n`);
  if (process.env.HELIOSDB_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  return 1;
}
