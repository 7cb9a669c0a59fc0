import type { CodecName } from './codec.js';

export type CodecErrorCode =
  | 'ERR_CODEC_UNKNOWN' // no codec of that name or id
  | 'ERR_CODEC_LEVEL' // level outside the codec's range
  | 'ERR_CODEC_CORRUPT' // input is not a valid stream, or its checksum fails
  | 'ERR_CODEC_SIZE' // decompressed length differs from the expected size
  | 'ERR_CODEC_MAGIC' // a compressor produced output without its format's magic bytes
  | 'ERR_CODEC_SYNC_UNSUPPORTED' // the library has no synchronous API
  | 'ERR_CODEC_ARGUMENT'; // an argument of the wrong type or range

export class CodecError extends Error {
  override readonly name = 'CodecError';
  readonly code: CodecErrorCode;
  /** The codec involved, when there is one. */
  readonly codec: CodecName | undefined;

  constructor(code: CodecErrorCode, message: string, options?: { codec?: CodecName; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.codec = options?.codec;
  }
}
