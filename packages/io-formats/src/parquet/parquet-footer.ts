/**
 * Adds the UUID logical type to FIXED_LEN_BYTE_ARRAY(16) columns in a Parquet footer written by arrow-rs
 * (parquet-wasm), which writes none for them: its canonical-extension support is not compiled in. The footer is
 * Thrift compact protocol (parquet.thrift): FileMetaData field 2 is list<SchemaElement>, and SchemaElement field 10
 * is the LogicalType union, whose field 14 is the empty UUIDType struct. Every other byte is copied unchanged.
 */

// Thrift compact protocol type codes
const BOOL_TRUE = 1;
const BOOL_FALSE = 2;
const BYTE = 3;
const I16 = 4;
const I32 = 5;
const I64 = 6;
const DOUBLE = 7;
const BINARY = 8;
const LIST = 9;
const SET = 10;
const MAP = 11;
const STRUCT = 12;

interface Cursor {
  readonly b: Uint8Array;
  pos: number;
}

function varint(c: Cursor): number {
  let v = 0;
  let mul = 1;
  for (;;) {
    if (c.pos >= c.b.length) throw new Error(`parquet footer: varint runs past the footer's ${c.b.length} bytes`);
    const x = c.b[c.pos++]!;
    v += (x & 0x7f) * mul;
    if (x < 0x80) return v;
    mul *= 128;
  }
}

function skip(c: Cursor, type: number): void {
  switch (type) {
    case BOOL_TRUE:
    case BOOL_FALSE:
      return;
    case BYTE:
      c.pos++;
      return;
    case I16:
    case I32:
    case I64:
      varint(c);
      return;
    case DOUBLE:
      c.pos += 8;
      return;
    case BINARY: {
      const len = varint(c); // read before c.pos: `c.pos += varint(c)` would add to the position before the varint
      c.pos += len;
      return;
    }
    case LIST:
    case SET: {
      const h = c.b[c.pos++]!;
      const size = h >> 4 === 15 ? varint(c) : h >> 4;
      const elem = h & 15;
      for (let i = 0; i < size; i++) {
        // booleans in a list are one byte each
        if (elem === BOOL_TRUE || elem === BOOL_FALSE) c.pos++;
        else skip(c, elem);
      }
      return;
    }
    case MAP: {
      const size = varint(c);
      if (size === 0) return;
      const kv = c.b[c.pos++]!;
      for (let i = 0; i < size; i++) {
        skip(c, kv >> 4);
        skip(c, kv & 15);
      }
      return;
    }
    case STRUCT:
      struct(c, () => false);
      return;
    default:
      throw new Error(`parquet footer: unknown Thrift compact type ${type} at byte ${c.pos}`);
  }
}

/**
 * Walks one struct; `onField(id, type)` may consume the field itself (returning true). Returns the last field id
 * and the position of the stop byte.
 */
function struct(c: Cursor, onField: (id: number, type: number) => boolean): { last: number; stop: number } {
  let last = 0;
  for (;;) {
    const h = c.b[c.pos++];
    if (h === undefined) throw new Error('parquet footer: struct runs past the end');
    if (h === 0) return { last, stop: c.pos - 1 };
    const type = h & 15;
    const delta = h >> 4;
    let id: number;
    if (delta !== 0) id = last + delta;
    else {
      const z = varint(c);
      id = (z >>> 1) ^ -(z & 1);
    }
    last = id;
    if (!onField(id, type)) skip(c, type);
  }
}

/** The footer (Thrift FileMetaData, without length and magic) with UUID added to the schema elements at `leaves`. */
export function addUuidLogicalType(footer: Uint8Array, leaves: ReadonlySet<number>): Uint8Array {
  const c: Cursor = { b: footer, pos: 0 };
  const inserts: { at: number; last: number }[] = [];
  struct(c, (id, type) => {
    if (id !== 2 || type !== LIST) return false;
    const h = footer[c.pos++]!;
    const size = h >> 4 === 15 ? varint(c) : h >> 4;
    for (let i = 0; i < size; i++) {
      let hasLogical = false;
      const { last, stop } = struct(c, (fid) => {
        if (fid === 10) hasLogical = true;
        return false;
      });
      // element 0 is the root; leaf k is element k + 1
      if (i > 0 && leaves.has(i - 1) && !hasLogical) inserts.push({ at: stop, last });
    }
    return true;
  });
  if (inserts.length === 0) return footer;
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const { at, last } of inserts) {
    if (last >= 10) throw new Error(`parquet footer: schema element field ${last} follows where logicalType (10) belongs`);
    parts.push(footer.subarray(from, at));
    // field 10 (struct LogicalType) { field 14 (struct UUIDType) {} stop } stop
    parts.push(new Uint8Array([((10 - last) << 4) | STRUCT, (14 << 4) | STRUCT, 0, 0]));
    from = at;
  }
  parts.push(footer.subarray(from));
  return Buffer.concat(parts);
}
