export type DumpFormatErrorCode =
  | 'ERR_DUMP_MAGIC' // not a .heliodump file
  | 'ERR_DUMP_VERSION' // a format version this tool does not read
  | 'ERR_DUMP_NO_SEGMENT' // no complete segment to read or to append to
  | 'ERR_DUMP_CHAIN' // a segment that does not continue the chain (database id, LSNs, dump type)
  | 'ERR_DUMP_USAGE' // the writer was called out of order or with bad arguments
  | 'ERR_DUMP_NOT_FOUND'; // openDumpForAppend on a missing file: write a full dump instead

/** The file is not a dump this tool can read, or the API was misused. Not damage. */
export class DumpFormatError extends Error {
  override readonly name = 'DumpFormatError';
  readonly code: DumpFormatErrorCode;
  constructor(code: DumpFormatErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export interface DumpPlace {
  /** 1-based segment number; 0 for the file header. */
  readonly segment: number;
  /** 1-based block number within the segment, or null outside a block. */
  readonly block: number | null;
  /** Absolute file offset of the structure that failed. */
  readonly offset: number;
  /** What failed there, e.g. "block header", "trailer". */
  readonly part: string;
}

/** The bytes are damaged: a CRC32, a length, a field or the record grammar does not check out. */
export class DumpCorruptError extends Error {
  override readonly name: string = 'DumpCorruptError';
  readonly segment: number;
  readonly block: number | null;
  readonly offset: number;
  readonly part: string;
  readonly reason: string;
  constructor(place: DumpPlace, reason: string, options?: { cause?: unknown }) {
    super(`heliodump: ${describePlace(place)}: ${reason}`, options);
    this.segment = place.segment;
    this.block = place.block;
    this.offset = place.offset;
    this.part = place.part;
    this.reason = reason;
  }
}

/** The file ends inside a structure. After an interrupted append this is the torn last segment. */
export class DumpTruncatedError extends DumpCorruptError {
  override readonly name = 'DumpTruncatedError';
}

export function describePlace(p: DumpPlace): string {
  if (p.segment === 0) return `${p.part} at offset ${p.offset}`;
  if (p.block !== null) return `${p.part === 'block' ? 'block' : `${p.part} in block`} ${p.block} of segment ${p.segment} at offset ${p.offset}`;
  return `${p.part} of segment ${p.segment} at offset ${p.offset}`;
}

const hex32 = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

export function crcMismatch(place: DumpPlace, what: string, stored: number, computed: number): DumpCorruptError {
  return new DumpCorruptError(place, `CRC32 mismatch${what ? ` ${what}` : ''} (stored ${hex32(stored)}, computed ${hex32(computed)})`);
}

export function truncated(place: DumpPlace, needed: number, available: number): DumpTruncatedError {
  return new DumpTruncatedError(
    place,
    `truncated: needs ${needed} bytes here but the file ends after ${available} (at offset ${place.offset + available})`,
  );
}

export function badField(place: DumpPlace, field: string, value: number | bigint | string, expected: string): DumpCorruptError {
  return new DumpCorruptError(place, `${field} is ${String(value)}, expected ${expected}`);
}

export function badMagic(bytes: Uint8Array): DumpFormatError {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return new DumpFormatError(
    'ERR_DUMP_MAGIC',
    `not a HeliosDB dump file (bad magic 0x${hex || '(empty file)'}, expected 0x89484442 "\\x89HDB")`,
  );
}

export function unsupportedVersion(version: number, supported: number): DumpFormatError {
  const message =
    version > supported
      ? `dump format version ${version} is newer than this tool supports (${supported}); upgrade heliosdb-nano`
      : `dump format version ${version} is not a version this tool reads (it reads ${supported})`;
  return new DumpFormatError('ERR_DUMP_VERSION', `heliodump: ${message}`);
}

export function usage(message: string): DumpFormatError {
  return new DumpFormatError('ERR_DUMP_USAGE', `heliodump writer: ${message}`);
}

export { hex32 };
