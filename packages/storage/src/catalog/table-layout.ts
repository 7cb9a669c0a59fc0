import type { Value } from '@heliosdb/types';
import { ByteWriter } from '../encoding/byte-writer.js';
import { writeKeyValue } from '../encoding/key-codec.js';
import { encodeRow, encodeRowInto, encodeRowAt, rowShape, type RowShape } from '../encoding/row-codec.js';
import { scalarTag, Tag, typeTag } from '../encoding/type-tag.js';
import { checkerFor, type ValueChecker } from '../encoding/value-check.js';
import { badValue, notNullViolation, StorageError } from '../errors.js';
import { prefixEnd } from '../kv/kv.js';
import { idPrefix, Space } from '../keyspace.js';
import type { IndexDef, TableDef } from './catalog-types.js';

const keyWriter = new ByteWriter();
const int8Bytes = new Uint8Array(8);
const int8Scratch = new DataView(int8Bytes.buffer);

/** How to build keys over some columns of a row: their type tags, in key order. */
class KeyColumns {
  readonly tags: Tag[];
  readonly elementTags: Tag[];
  readonly bpchar: boolean[];
  constructor(
    table: TableDef,
    readonly positions: readonly number[],
  ) {
    const types = positions.map((p) => table.columns[p]!.type);
    this.tags = types.map(typeTag);
    this.elementTags = types.map(scalarTag);
    this.bpchar = types.map((t) => t.name === 'bpchar');
  }

  /** Writes the key bytes of the first `count` columns, reading values by table position. */
  write(w: ByteWriter, row: readonly Value[], count = this.positions.length): void {
    for (let i = 0; i < count; i++) writeKeyValue(w, this.tags[i]!, this.elementTags[i]!, row[this.positions[i]!] ?? null, this.bpchar[i]!);
  }

  /** Writes the key bytes of values given in key order (for lookups by a key prefix). */
  writeValues(w: ByteWriter, values: readonly Value[]): void {
    values.forEach((v, i) => writeKeyValue(w, this.tags[i]!, this.elementTags[i]!, v, this.bpchar[i]!));
  }
}

export class IndexLayout {
  readonly prefix: Buffer;
  readonly end: Buffer;
  readonly key: KeyColumns;
  constructor(
    readonly def: IndexDef,
    table: TableDef,
  ) {
    this.prefix = idPrefix(Space.Index, def.id);
    this.end = prefixEnd(this.prefix);
    this.key = new KeyColumns(table, def.columns);
  }

  /** prefix + index-column bytes (+ the row's primary-key bytes, which make every entry's key unique). */
  entryKey(row: readonly Value[], pkSuffix?: Buffer): Buffer {
    const w = keyWriter.reset();
    w.bytes(this.prefix);
    this.key.write(w, row);
    if (pkSuffix) w.bytes(pkSuffix);
    return w.take();
  }

  /** prefix + the key bytes of leading index columns, given in index order. */
  valuesKey(values: readonly Value[]): Buffer {
    const w = keyWriter.reset();
    w.bytes(this.prefix);
    this.key.writeValues(w, values);
    return w.take();
  }
}

/** Everything the row paths need about one table in one catalog version, computed once. */
export class TableLayout {
  readonly shape: RowShape;
  readonly prefix: Buffer;
  readonly end: Buffer;
  readonly pk: KeyColumns | null;
  readonly indexes: IndexLayout[];
  private readonly notNull: number[];
  /** The column of a one-column int8 primary key (the common serial key), or -1. */
  private readonly int8Pk: number;
  private readonly checkers: ValueChecker[];

  constructor(
    readonly table: TableDef,
    indexes: readonly IndexDef[],
  ) {
    this.shape = rowShape(
      table.columns.map((c) => c.type),
      table.columns.map((c) => c.dropped === true),
    );
    this.prefix = idPrefix(Space.Row, table.id);
    this.end = prefixEnd(this.prefix);
    this.pk = table.primaryKey ? new KeyColumns(table, table.primaryKey.columns) : null;
    this.indexes = indexes.map((d) => new IndexLayout(d, table));
    this.checkers = table.columns.map((c) => checkerFor(c.type));
    this.notNull = table.columns.flatMap((c, i) => (c.notNull && !c.dropped ? [i] : []));
    this.int8Pk = this.pk && this.pk.positions.length === 1 && this.pk.tags[0] === Tag.Int8 ? this.pk.positions[0]! : -1;
  }

  /** prefix + 0x01 + the int8 key bytes (key-codec.ts: big-endian, sign bit flipped), built directly. */
  private int8Key(v: bigint): Buffer {
    const out = Buffer.allocUnsafe(14);
    const p = this.prefix;
    for (let i = 0; i < 5; i++) out[i] = p[i]!;
    out[5] = 0x01;
    int8Scratch.setBigInt64(0, v);
    for (let i = 0; i < 8; i++) out[6 + i] = int8Bytes[i]!;
    out[6] = out[6]! ^ 0x80;
    return out;
  }

  /** The row key of a row (tables with a primary key). */
  rowKey(row: readonly Value[]): Buffer {
    if (this.int8Pk >= 0) {
      const v = row[this.int8Pk];
      if (typeof v === 'bigint') return this.int8Key(v);
    }
    const w = keyWriter.reset();
    w.bytes(this.prefix);
    this.pk!.write(w, row);
    return w.take();
  }

  /** The row key for primary-key values given in key order. */
  pkKey(pkValues: readonly Value[]): Buffer {
    if (!this.pk) throw new StorageError('42P16', `relation "${this.table.name}" has no primary key`);
    const w = keyWriter.reset();
    w.bytes(this.prefix);
    this.pk.writeValues(w, pkValues);
    return w.take();
  }

  /** The row key for a hidden row id (tables without a primary key). */
  rowIdKey(rowId: bigint): Buffer {
    const w = keyWriter.reset();
    w.bytes(this.prefix);
    writeKeyValue(w, Tag.Int8, Tag.Int8, rowId, false);
    return w.take();
  }

  /** Validates types, ranges and NOT NULL, then encodes. Throws a StorageError naming table, column and value. */
  encode(row: readonly Value[]): Buffer {
    this.check(row);
    return encodeRow(this.shape, row);
  }

  /**
   * Encodes a row already validated with `check` into the row encoder's shared writer: the bytes are
   * w.buf[0, w.pos), valid until the next row is encoded. Saves allocating a Buffer per row.
   */
  encodeUnchecked(row: readonly Value[]): ByteWriter {
    return encodeRowInto(this.shape, row);
  }

  /** Encodes a row already validated with `check` into `w` at `w.pos`. */
  encodeUncheckedAt(row: readonly Value[], w: ByteWriter): void {
    encodeRowAt(this.shape, row, w);
  }

  /** Validates types, ranges and NOT NULL. Throws a StorageError naming table, column and value. */
  check(row: readonly Value[]): void {
    const cols = this.table.columns;
    if (row.length > cols.length)
      throw new StorageError('42601', `INSERT has more expressions (${row.length}) than relation "${this.table.name}" has columns (${cols.length})`);
    for (const i of this.notNull) {
      if (row[i] === null || row[i] === undefined) throw notNullViolation(this.table.name, cols[i]!.name);
    }
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      if (v === null || v === undefined || this.shape.dropped[i] === 1) continue;
      const problem = this.checkers[i]!(v);
      if (problem) throw badValue(problem.code, problem.message, this.table.name, cols[i]!.name);
    }
  }
}
