export type DumpErrorCode =
  | 'ERR_DUMP_OTHER_DATABASE' // --append onto a file of another database
  | 'ERR_DUMP_CHAIN_BROKEN' // --append cannot continue the file's chain (change log pruned, file ahead, row format)
  | 'ERR_DUMP_APPEND_STREAM' // --append to a stream
  | 'ERR_RESTORE_TARGET_EXISTS' // restore into an existing non-empty directory
  | 'ERR_RESTORE_ARGUMENT'; // --until-segment / --tables that the file cannot satisfy

/** A dump or restore that was refused before anything changed; `hint` says what to do instead. */
export class DatabaseDumpError extends Error {
  override readonly name = 'DatabaseDumpError';
  constructor(
    readonly code: DumpErrorCode,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
