/**
 * The JS representation of every value (DESIGN.md "Values"):
 *   bool -> boolean; int2/int4 -> number; int8 -> bigint; float4/float8 -> number (NaN, ±Infinity, -0 kept);
 *   numeric -> string (exact decimal text as PostgreSQL prints it, or 'NaN', 'Infinity', '-Infinity');
 *   text/varchar/bpchar -> string; bytea -> Uint8Array; uuid -> lower-case canonical string;
 *   json -> string (the text as given); jsonb -> string (PostgreSQL's normalised jsonb text);
 *   date -> PgDate; time -> PgTime; timestamp -> PgTimestamp; timestamptz -> PgTimestampTz; interval -> PgInterval;
 *   arrays -> JS arrays of element values (null elements allowed); SQL NULL -> null.
 * Temporal values keep microseconds, which a JS Date (milliseconds) cannot.
 */

/** A calendar date: whole days since 1970-01-01 (negative before). ±Infinity are PostgreSQL's 'infinity' / '-infinity'. */
export class PgDate {
  static readonly INFINITY = new PgDate(Infinity);
  static readonly NEG_INFINITY = new PgDate(-Infinity);
  constructor(readonly days: number) {}
}

/** A time of day without zone: microseconds since midnight, 0 ..= 86_400_000_000 (24:00:00 is valid). */
export class PgTime {
  constructor(readonly micros: number) {}
}

/** PostgreSQL's DT_NOEND / DT_NOBEGIN: the int64 extremes stand for 'infinity' / '-infinity'. */
export const TIMESTAMP_INFINITY = 0x7fffffffffffffffn;
export const TIMESTAMP_NEG_INFINITY = -0x8000000000000000n;

/** A timestamp without time zone: microseconds since 1970-01-01 00:00:00 of the wall clock. */
export class PgTimestamp {
  static readonly INFINITY = new PgTimestamp(TIMESTAMP_INFINITY);
  static readonly NEG_INFINITY = new PgTimestamp(TIMESTAMP_NEG_INFINITY);
  constructor(readonly micros: bigint) {}
}

/** A timestamp with time zone: an instant, microseconds since 1970-01-01 00:00:00 UTC. */
export class PgTimestampTz {
  static readonly INFINITY = new PgTimestampTz(TIMESTAMP_INFINITY);
  static readonly NEG_INFINITY = new PgTimestampTz(TIMESTAMP_NEG_INFINITY);
  constructor(readonly micros: bigint) {}
}

/** An interval kept as PostgreSQL keeps it: months, days and microseconds, each with its own sign. */
export class PgInterval {
  constructor(
    readonly months: number,
    readonly days: number,
    readonly micros: bigint,
  ) {}
}

export type ScalarValue =
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PgDate
  | PgTime
  | PgTimestamp
  | PgTimestampTz
  | PgInterval;

export type Value = ScalarValue | null | readonly Value[];
