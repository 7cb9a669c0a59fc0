import { encodeUtf8 } from './byte-writer.js';
import { RecordKind } from './record-kind.js';
import { TABLE_MODES, type TableMode } from './types.js';
import { varintSize, writeVarint } from './varint.js';

// Encoders for every record but ROW (see PayloadEncoder.row). Each returns the whole record.

function build(kind: number, parts: readonly (number | Uint8Array)[]): Uint8Array {
  let size = 1;
  for (const part of parts) size += typeof part === 'number' ? varintSize(part) : part.length;
  const out = new Uint8Array(size);
  out[0] = kind;
  let p = 1;
  for (const part of parts) {
    if (typeof part === 'number') p = writeVarint(out, p, part);
    else {
      out.set(part, p);
      p += part.length;
    }
  }
  return out;
}

const withLength = (bytes: Uint8Array): (number | Uint8Array)[] => [bytes.length, bytes];

export function tombstoneRecord(key: Uint8Array): Uint8Array {
  return build(RecordKind.Tombstone, withLength(key));
}

export function tableBeginRecord(tableId: number, mode: TableMode, schema: string, name: string): Uint8Array {
  const modeByte = Uint8Array.of(TABLE_MODES.indexOf(mode));
  return build(RecordKind.TableBegin, [tableId, modeByte, ...withLength(encodeUtf8(schema)), ...withLength(encodeUtf8(name))]);
}

export function tableEndRecord(rows: number, tombstones: number): Uint8Array {
  return build(RecordKind.TableEnd, [rows, tombstones]);
}

export function tableDropRecord(tableId: number): Uint8Array {
  return build(RecordKind.TableDrop, [tableId]);
}

export function sequenceRecord(sequenceId: number, name: string, value: bigint): Uint8Array {
  const v = new Uint8Array(8);
  new DataView(v.buffer).setBigInt64(0, value, true);
  return build(RecordKind.Sequence, [sequenceId, ...withLength(encodeUtf8(name)), v]);
}

/** Only the kind and length: the JSON body is appended as is, so it is never copied twice. */
export function catalogHeader(jsonLength: number): Uint8Array {
  return build(RecordKind.Catalog, [jsonLength]);
}

export const SEGMENT_END_RECORD = Uint8Array.of(RecordKind.SegmentEnd);
