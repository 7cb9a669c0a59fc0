/**
 * One pass over a table's values, per column: which storage classes occur (and where first), integer range,
 * text lengths, and whether every text parses as the date, timestamp, JSON or number the declared type promises.
 */
import { T, numeric, textIn } from '@heliosdb/types';
import type { DeclaredType } from './declared-type.js';
import { type SqliteValue, type StorageClass, shortestDecimal, storageClass, temporalIn } from './sqlite-value.js';
import { DATE_RE, TIMESTAMPTZ_RE, TIMESTAMP_RE } from './temporal-text.js';

export interface FirstSeen {
  readonly key: string;
  readonly value: SqliteValue;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export class ColumnStats {
  readonly counts: Record<StorageClass, number> = { null: 0, integer: 0, real: 0, text: 0, blob: 0 };
  readonly first: Partial<Record<StorageClass, FirstSeen>> = {};
  intMin: bigint | null = null;
  intMax: bigint | null = null;
  /** An integer a double cannot hold exactly. */
  unsafeInt: FirstSeen | null = null;
  maxChars = 0;
  /** Integers other than 0 and 1 (for BOOLEAN). */
  notBool: FirstSeen | null = null;
  textWithNul: FirstSeen | null = null;
  notDate: FirstSeen | null = null;
  notTimestamp: FirstSeen | null = null;
  withZone = 0;
  notJson: FirstSeen | null = null;
  notNumeric: FirstSeen | null = null;
  /** Largest digit counts before and after the point over numeric values (canonical form). */
  intDigits = 0;
  scaleDigits = 0;

  constructor(readonly declared: DeclaredType) {}

  add(v: SqliteValue, key: () => string): void {
    const cls = storageClass(v);
    this.counts[cls]++;
    if (cls === 'null') return;
    if (!this.first[cls]) this.first[cls] = { key: key(), value: v };
    const intent = this.declared.intent;
    if (cls === 'integer') {
      const b = v as bigint;
      if (this.intMin === null || b < this.intMin) this.intMin = b;
      if (this.intMax === null || b > this.intMax) this.intMax = b;
      if (!this.unsafeInt && (b > MAX_SAFE || b < -MAX_SAFE)) this.unsafeInt = { key: key(), value: v };
      if (!this.notBool && b !== 0n && b !== 1n) this.notBool = { key: key(), value: v };
      if (intent === 'numeric') this.digits(b < 0n ? (-b).toString() : b.toString());
    } else if (cls === 'real') {
      if (intent === 'numeric') this.digits(shortestDecimal(Math.abs(v as number)));
    } else if (cls === 'text') {
      this.addText(v as string, key);
    }
  }

  private addText(s: string, key: () => string): void {
    if (!this.textWithNul && s.includes('\0')) this.textWithNul = { key: key(), value: s };
    if (s.length > this.maxChars) {
      let n = 0;
      for (const _ of s) n++;
      if (n > this.maxChars) this.maxChars = n;
    }
    switch (this.declared.intent) {
      case 'date':
        if (!this.notDate && !(DATE_RE.test(s) && parsesTemporal(T.date, s))) this.notDate = { key: key(), value: s };
        if (!this.notTimestamp) this.checkTimestamp(s, key);
        break;
      case 'datetime':
        if (!this.notTimestamp) this.checkTimestamp(s, key);
        break;
      case 'json':
        if (!this.notJson && !parses(T.jsonb, s)) this.notJson = { key: key(), value: s };
        break;
      case 'numeric':
        if (!this.notNumeric) {
          if (/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(s) && parses(T.numeric(), s)) {
            this.digits(numeric.abs(textIn(T.numeric(), s) as string));
          } else {
            this.notNumeric = { key: key(), value: s };
          }
        }
        break;
    }
  }

  private checkTimestamp(s: string, key: () => string): void {
    if (TIMESTAMPTZ_RE.test(s) && parsesTemporal(T.timestamptz, s)) this.withZone++;
    else if (!((TIMESTAMP_RE.test(s) || DATE_RE.test(s)) && parsesTemporal(T.timestamp, s))) this.notTimestamp = { key: key(), value: s };
  }

  /** Digits of `abs` (digits, optionally '.' and digits) before the point without leading zeros, and after it without trailing zeros. */
  private digits(abs: string): void {
    let point = abs.indexOf('.');
    if (point < 0) point = abs.length;
    let lead = 0;
    while (lead < point && abs.charCodeAt(lead) === 48) lead++;
    let end = abs.length;
    while (end > point + 1 && abs.charCodeAt(end - 1) === 48) end--;
    const i = point - lead;
    const f = end > point + 1 ? end - point - 1 : 0;
    if (i > this.intDigits) this.intDigits = i;
    if (f > this.scaleDigits) this.scaleDigits = f;
  }

  get nonNull(): number {
    return this.counts.integer + this.counts.real + this.counts.text + this.counts.blob;
  }
}

function parses(type: Parameters<typeof textIn>[0], s: string): boolean {
  try {
    textIn(type, s);
    return true;
  } catch {
    return false;
  }
}

/** parses() for date/time types, through the parse the value's conversion then reuses (temporalIn). */
function parsesTemporal(type: typeof T.date, s: string): boolean {
  try {
    temporalIn(type, s);
    return true;
  } catch {
    return false;
  }
}
