/**
 * The per-table content checksum both sides compute: every value rendered canonically (the SQLite side from the
 * source value and the column's decision, the HeliosDB side from the stored, decoded value), each row hashed,
 * and the hashes summed, so row order does not matter. Two 32-bit lanes with different seeds give 64 bits.
 */
import { type PgType, type Value, T, textIn, textOut } from '@heliosdb/types';
import type { Conversion } from './decide-type.js';
import { widenToText } from './convert-value.js';
import { type SqliteValue, canonicalDecimal, numberText, shortestDecimal, temporalIn } from './sqlite-value.js';
import { timestampCanonical } from './temporal-text.js';

const NULL_MARK = '\u0000N';

/** Canonical text the converted value must have, derived from the SQLite value. */
export function expectedCanonical(conversion: Conversion, v: SqliteValue): string {
  if (v === null) return NULL_MARK;
  switch (conversion) {
    case 'int2':
    case 'int4':
    case 'int8':
      return (v as bigint).toString();
    case 'float8':
      return floatCanon(typeof v === 'bigint' ? Number(v) : (v as number));
    case 'numeric':
      if (typeof v === 'number') {
        // A double's shortest text without an exponent is canonical already (no '+', no leading or trailing zeros).
        const s = numberText(v);
        if (!s.includes('e') && s !== '-0') return s;
      }
      return canonicalDecimal(typeof v === 'bigint' ? v.toString() : typeof v === 'number' ? shortestDecimal(v) : (v as string));
    case 'text':
      return v as string;
    case 'widen':
      return widenToText(v);
    case 'bytea':
      return (v as Buffer).toString('hex');
    case 'bool':
      return v === 1n ? 't' : 'f';
    case 'date':
      return v as string;
    case 'timestamp':
      return timestampCanonical(v as string) ?? `?${v as string}`;
    case 'timestamptz':
      return textOut(T.timestamptz, temporalIn(T.timestamptz, v as string));
    case 'jsonb':
      return textOut(T.jsonb, textIn(T.jsonb, v as string));
  }
}

/** Canonical text of a stored value of `type`. timestamptz and jsonb are compared through the types package's output. */
export function storedCanonical(type: PgType, v: Value): string {
  if (v === null) return NULL_MARK;
  switch (type.name) {
    case 'int2':
    case 'int4':
    case 'int8':
      return String(v);
    case 'float8':
      return floatCanon(v as number);
    case 'numeric':
      return canonicalDecimal(v as string);
    case 'bytea':
      return Buffer.from(v as Uint8Array).toString('hex');
    case 'bool':
      return v ? 't' : 'f';
    case 'text':
    case 'varchar':
      return v as string;
    default:
      return textOut(type, v);
  }
}

function floatCanon(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

export class TableChecksum {
  rows = 0;
  private a = 0;
  private b = 0;

  /** The hash of `canonicals.join('\u0001')`, computed part by part (no joined string per row). */
  addRow(canonicals: readonly string[]): void {
    let h1 = 0x811c9dc5;
    let h2 = 0x1b873593;
    let length = 0;
    for (let k = 0; k < canonicals.length; k++) {
      if (k > 0) {
        h1 = Math.imul(h1 ^ 1, 0x01000193);
        h2 = Math.imul(h2 ^ 1, 0x5bd1e995);
        h2 ^= h2 >>> 15;
        length++;
      }
      const s = canonicals[k]!;
      for (let i = 0; i < s.length; i++) {
        const ch = s.charCodeAt(i);
        h1 = Math.imul(h1 ^ ch, 0x01000193);
        h2 = Math.imul(h2 ^ ch, 0x5bd1e995);
        h2 ^= h2 >>> 15;
      }
      length += s.length;
    }
    h1 = fmix(h1 ^ length);
    h2 = fmix(h2 ^ h1);
    this.a = (this.a + (h1 >>> 0)) % 0x100000000;
    this.b = (this.b + (h2 >>> 0)) % 0x100000000;
    this.rows++;
  }

  get hex(): string {
    return this.a.toString(16).padStart(8, '0') + this.b.toString(16).padStart(8, '0');
  }
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
