/** The first byte of every payload record (FORMAT.md section 6). 0x00 is never a record. */
export const RecordKind = {
  Row: 0x01, // varint key_length, key, varint value_length, value
  Tombstone: 0x02, // varint key_length, key
  TableBegin: 0x03, // varint table_id, u8 mode, varint schema_length, schema, varint name_length, name
  TableEnd: 0x04, // varint row_count, varint tombstone_count
  TableDrop: 0x05, // varint table_id
  Sequence: 0x06, // varint sequence_id, varint name_length, name, i64 LE value
  Catalog: 0x07, // varint json_length, JSON bytes
  SegmentEnd: 0x08, // nothing: the last record of every payload
} as const;
