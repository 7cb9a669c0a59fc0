import { FIELD_MAX, NAME_MAX } from './constants.js';
import { RecordKind } from './record-kind.js';
import { TABLE_MODES, type DumpRecord, type DumpType, type SegmentTrailer, type TableMode, type TableSummary } from './types.js';
import { readVarint, varintValue } from './varint.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A record grammar violation; the reader adds the place. */
export class RecordError extends Error {}

interface OpenTable {
  tableId: number;
  mode: TableMode;
  schema: string;
  name: string;
  rows: number;
  tombstones: number;
}

/**
 * Decodes payload records one at a time from a byte range and checks the grammar:
 *   payload := (CATALOG | SEQUENCE | TABLE_DROP | section)* SEGMENT_END
 *   section := TABLE_BEGIN (ROW | TOMBSTONE)* TABLE_END
 * `decode` returns the position after the record, or -1 when the range ends inside it; then
 * `needed` is a lower bound on the record's length (never more than it), and the caller retries
 * with exactly that many bytes.
 */
/** What `record` is after a ROW was decoded with `packRows`: the row's spans are in the decoder's fields. */
export const ROW_SPAN = Object.freeze({ kind: 'row-span' }) as unknown as DumpRecord;

export class RecordDecoder {
  record: DumpRecord | null = null;
  /** Leave ROW records as spans (rowTable, keyStart, keyEnd, valueStart, valueEnd) instead of objects. */
  packRows = false;
  rowTable = 0;
  keyStart = 0;
  keyEnd = 0;
  valueStart = 0;
  valueEnd = 0;
  needed = 0;
  ended = false;
  readonly tables: TableSummary[] = [];
  totalRows = 0;
  totalTombstones = 0;
  private open: OpenTable | null = null;
  private readonly seen = new Set<number>();

  constructor(private readonly dumpType: DumpType) {}

  decode(b: Uint8Array, p: number, end: number): number {
    if (p >= end) return this.short(1);
    if (this.ended) throw new RecordError(`${end - p} bytes follow SEGMENT_END`);
    const kind = b[p]!;
    if (kind === RecordKind.Row) {
      const table = this.open;
      if (table === null) throw new RecordError('ROW outside a table section');
      let q = readVarint(b, p + 1, end);
      if (q < 0) return this.varintFail(q, p, end, 'key_length');
      const keyLength = varintValue;
      if (keyLength > FIELD_MAX) throw new RecordError(`key_length ${keyLength} exceeds ${FIELD_MAX}`);
      const keyEnd = q + keyLength;
      q = readVarint(b, keyEnd, end);
      if (q < 0) return this.varintFail(q, p, end, 'value_length');
      const valueLength = varintValue;
      if (valueLength > FIELD_MAX) throw new RecordError(`value_length ${valueLength} exceeds ${FIELD_MAX}`);
      const next = q + valueLength;
      if (next > end) return this.short(next - p);
      table.rows++;
      this.totalRows++;
      if (this.packRows) {
        this.rowTable = table.tableId;
        this.keyStart = keyEnd - keyLength;
        this.keyEnd = keyEnd;
        this.valueStart = q;
        this.valueEnd = next;
        this.record = ROW_SPAN;
        return next;
      }
      this.record = { kind: 'row', tableId: table.tableId, key: b.subarray(keyEnd - keyLength, keyEnd), value: b.subarray(q, next) };
      return next;
    }
    switch (kind) {
      case RecordKind.Tombstone:
        return this.tombstone(b, p, end);
      case RecordKind.TableBegin:
        return this.tableBegin(b, p, end);
      case RecordKind.TableEnd:
        return this.tableEnd(b, p, end);
      case RecordKind.TableDrop: {
        this.outsideSection('TABLE_DROP');
        const q = readVarint(b, p + 1, end);
        if (q < 0) return this.varintFail(q, p, end, 'table_id');
        this.record = { kind: 'table-drop', tableId: this.u32(varintValue, 'table_id') };
        return q;
      }
      case RecordKind.Sequence:
        return this.sequence(b, p, end);
      case RecordKind.Catalog: {
        this.outsideSection('CATALOG');
        const q = readVarint(b, p + 1, end);
        if (q < 0) return this.varintFail(q, p, end, 'json_length');
        if (varintValue > FIELD_MAX) throw new RecordError(`json_length ${varintValue} exceeds ${FIELD_MAX}`);
        const next = q + varintValue;
        if (next > end) return this.short(next - p);
        this.record = { kind: 'catalog', json: b.subarray(q, next) };
        return next;
      }
      case RecordKind.SegmentEnd:
        this.outsideSection('SEGMENT_END');
        this.ended = true;
        this.record = { kind: 'segment-end' };
        return p + 1;
      default:
        throw new RecordError(`unknown record kind 0x${kind.toString(16).padStart(2, '0')}`);
    }
  }

  /** Checks the decoded totals against the trailer once the payload is consumed. */
  finish(trailer: SegmentTrailer): void {
    if (!this.ended) throw new RecordError('the payload ends without SEGMENT_END');
    const mismatch = (what: string, counted: number, stored: number) =>
      new RecordError(`${what}: the records hold ${counted}, the trailer says ${stored}`);
    if (this.totalRows !== trailer.totalRows) throw mismatch('total_rows', this.totalRows, trailer.totalRows);
    if (this.totalTombstones !== trailer.totalTombstones) {
      throw mismatch('total_tombstones', this.totalTombstones, trailer.totalTombstones);
    }
    if (this.tables.length !== trailer.tables.length) throw mismatch('table_count', this.tables.length, trailer.tables.length);
    this.tables.forEach((t, i) => {
      const s = trailer.tables[i]!;
      if (t.tableId !== s.tableId || t.mode !== s.mode || t.schema !== s.schema || t.name !== s.name || t.rows !== s.rows || t.tombstones !== s.tombstones) {
        throw new RecordError(`table entry ${i + 1}: records say ${JSON.stringify(t)}, trailer says ${JSON.stringify(s)}`);
      }
    });
  }

  private short(needed: number): number {
    this.needed = needed;
    return -1;
  }

  /** A varint that is cut off ends the range: the record needs at least one byte more. */
  private varintFail(code: number, p: number, end: number, field: string): number {
    if (code === -2) throw new RecordError(`${field} is not a valid varint`);
    return this.short(end - p + 1);
  }

  private u32(n: number, field: string): number {
    if (n > 0xffffffff) throw new RecordError(`${field} ${n} exceeds 2^32-1`);
    return n;
  }

  private outsideSection(kind: string): void {
    if (this.open !== null) throw new RecordError(`${kind} inside the section of table ${this.open.tableId}`);
  }

  private tombstone(b: Uint8Array, p: number, end: number): number {
    const table = this.open;
    if (table === null) throw new RecordError('TOMBSTONE outside a table section');
    if (table.mode !== 'delta') throw new RecordError(`TOMBSTONE in a ${table.mode} section of table ${table.tableId}`);
    const q = readVarint(b, p + 1, end);
    if (q < 0) return this.varintFail(q, p, end, 'key_length');
    if (varintValue > FIELD_MAX) throw new RecordError(`key_length ${varintValue} exceeds ${FIELD_MAX}`);
    const next = q + varintValue;
    if (next > end) return this.short(next - p);
    table.tombstones++;
    this.totalTombstones++;
    this.record = { kind: 'tombstone', tableId: table.tableId, key: b.subarray(q, next) };
    return next;
  }

  /** Reads a varint-length UTF-8 name at q; returns [next, text] or a short/-1 marker via needed. */
  private name(b: Uint8Array, p: number, q: number, end: number, field: string): [number, string] | null {
    const r = readVarint(b, q, end);
    if (r < 0) {
      this.varintFail(r, p, end, `${field}_length`);
      return null;
    }
    if (varintValue > NAME_MAX) throw new RecordError(`${field}_length ${varintValue} exceeds ${NAME_MAX}`);
    const next = r + varintValue;
    if (next > end) {
      this.short(next - p);
      return null;
    }
    try {
      return [next, utf8.decode(b.subarray(r, next))];
    } catch {
      throw new RecordError(`${field} is not valid UTF-8`);
    }
  }

  private tableBegin(b: Uint8Array, p: number, end: number): number {
    this.outsideSection('TABLE_BEGIN');
    let q = readVarint(b, p + 1, end);
    if (q < 0) return this.varintFail(q, p, end, 'table_id');
    const tableId = this.u32(varintValue, 'table_id');
    if (q >= end) return this.short(q - p + 1);
    const modeByte = b[q++]!;
    const mode = TABLE_MODES[modeByte];
    if (mode === undefined) throw new RecordError(`table ${tableId}: mode ${modeByte} is not 0, 1 or 2`);
    const allowed = this.dumpType === 'full' ? mode === 'full' : mode !== 'full';
    if (!allowed) throw new RecordError(`table ${tableId}: mode ${mode} in a ${this.dumpType} segment`);
    const schema = this.name(b, p, q, end, 'schema');
    if (schema === null) return -1;
    const name = this.name(b, p, schema[0], end, 'name');
    if (name === null) return -1;
    if (this.seen.has(tableId)) throw new RecordError(`table ${tableId} has a second section in this segment`);
    this.seen.add(tableId);
    this.open = { tableId, mode, schema: schema[1], name: name[1], rows: 0, tombstones: 0 };
    this.record = { kind: 'table-begin', tableId, mode, schema: schema[1], name: name[1] };
    return name[0];
  }

  private tableEnd(b: Uint8Array, p: number, end: number): number {
    const table = this.open;
    if (table === null) throw new RecordError('TABLE_END outside a table section');
    let q = readVarint(b, p + 1, end);
    if (q < 0) return this.varintFail(q, p, end, 'row_count');
    const rows = varintValue;
    const at = q;
    q = readVarint(b, at, end);
    if (q < 0) return this.varintFail(q, p, end, 'tombstone_count');
    const tombstones = varintValue;
    if (rows !== table.rows || tombstones !== table.tombstones) {
      throw new RecordError(
        `TABLE_END of table ${table.tableId} counts ${rows} rows and ${tombstones} tombstones, the section holds ${table.rows} and ${table.tombstones}`,
      );
    }
    this.tables.push({ ...table });
    this.open = null;
    this.record = { kind: 'table-end', tableId: table.tableId, rows, tombstones };
    return q;
  }

  private sequence(b: Uint8Array, p: number, end: number): number {
    this.outsideSection('SEQUENCE');
    const q = readVarint(b, p + 1, end);
    if (q < 0) return this.varintFail(q, p, end, 'sequence_id');
    const sequenceId = this.u32(varintValue, 'sequence_id');
    const name = this.name(b, p, q, end, 'name');
    if (name === null) return -1;
    const next = name[0] + 8;
    if (next > end) return this.short(next - p);
    const value = new DataView(b.buffer, b.byteOffset + name[0], 8).getBigInt64(0, true);
    this.record = { kind: 'sequence', sequenceId, name: name[1], value };
    return next;
  }
}
