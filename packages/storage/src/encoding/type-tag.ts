import type { BaseTypeName, PgType } from '@heliosdb/types';

/** A small integer per base type, so the per-row loops switch on a number rather than a string. */
export const enum Tag {
  Bool,
  Int2,
  Int4,
  Int8,
  Float4,
  Float8,
  Numeric,
  Text,
  Bytea,
  Date,
  Time,
  Timestamp,
  TimestampTz,
  Interval,
  Uuid,
  Array,
}

const BY_NAME: Record<BaseTypeName, Tag> = {
  bool: Tag.Bool,
  int2: Tag.Int2,
  int4: Tag.Int4,
  int8: Tag.Int8,
  float4: Tag.Float4,
  float8: Tag.Float8,
  numeric: Tag.Numeric,
  text: Tag.Text,
  varchar: Tag.Text,
  bpchar: Tag.Text,
  json: Tag.Text,
  jsonb: Tag.Text,
  bytea: Tag.Bytea,
  date: Tag.Date,
  time: Tag.Time,
  timestamp: Tag.Timestamp,
  timestamptz: Tag.TimestampTz,
  interval: Tag.Interval,
  uuid: Tag.Uuid,
};

/** The tag of a scalar type (the element type for arrays). */
export function scalarTag(t: PgType): Tag {
  return BY_NAME[t.name];
}

export function typeTag(t: PgType): Tag {
  return t.array ? Tag.Array : BY_NAME[t.name];
}

// The codecs read and write numbers through typed arrays, which use the platform's byte order.
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('@heliosdb/storage needs a little-endian platform');
