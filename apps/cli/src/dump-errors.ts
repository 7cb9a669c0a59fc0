import { CliError } from './cli-error.js';

/**
 * Turns dump-format and storage dump errors into user-facing ones. Damage keeps the format's
 * place (segment, block, offset) and reason, e.g. `CRC32 mismatch of compressed block`.
 */
export function dumpFailure(err: unknown, file: string, action: string): unknown {
  if (!(err instanceof Error)) return err;
  const e = err as Error & { code?: string; hint?: string };
  if (e.name === 'DumpCorruptError' || e.name === 'DumpTruncatedError') {
    return new CliError(`${action}: ${file} is damaged: ${e.message.replace(/^heliodump: /, '')}`, {
      hint: 'the dump file is corrupt or incomplete; restore an earlier copy or re-run dump (restore --verify checks every CRC32 before creating anything)',
    });
  }
  if (e.name === 'DumpFormatError') {
    const hint = e.code === 'ERR_DUMP_MAGIC' ? `${file} is not a .heliodump file (or its first bytes are damaged)` : undefined;
    return new CliError(`${action}: ${file}: ${e.message.replace(/^heliodump: /, '')}`, hint ? { hint } : {});
  }
  if (e.name === 'DatabaseDumpError') return new CliError(e.message, e.hint ? { hint: e.hint } : {});
  if (e.code === 'ENOENT' && 'path' in e) return new CliError(`${action}: ${String((e as { path: unknown }).path)} does not exist`);
  return err;
}
