import { describe, expect, it } from 'vitest';
import { tokenize } from './sql-tokens.js';
import { translateSql } from './translate.js';
import { declaredType } from '../data/declared-type.js';

const ctx = { names: new Map([['price', 'Price'], ['qty', 'qty']]) };

describe('SQLite -> PostgreSQL expression text', () => {
  it.each([
    ['price >= 0', '"Price" >= 0'],
    ['[Price] == 1', '"Price" = 1'],
    ['`qty` <> 2 AND qty IN (1, 2)', '"qty" <> 2 AND "qty" IN (1, 2)'],
    ["ifnull(qty, 0) || 'x'", "coalesce(\"qty\", 0) || 'x'"],
    ["datetime('now')", 'CURRENT_TIMESTAMP'],
    ["x'0aFF'", "'\\x0aff'::bytea"],
    ['max(qty, 3)', 'greatest("qty", 3)'],
    ["'it''s'", "'it''s'"],
  ])('%s -> %s', (src, pg) => {
    expect(translateSql(src, ctx)).toEqual({ ok: true, sql: pg });
  });

  it.each([
    ["name GLOB 'a*'", /GLOB/],
    ['typeof(qty) = 1', /typeof\(\) is not translated/],
    ['qty = 0x10', /hexadecimal/],
    ["strftime('%Y', d)", /strftime/],
  ])('refuses %s', (src, reason) => {
    const r = translateSql(src, ctx);
    expect(r.ok).toBe(false);
    expect((r as { reason: string }).reason).toMatch(reason);
  });

  it('tokenizes comments, quotes and odd identifiers', () => {
    expect(tokenize('a -- c\n"b ""x""" /* y */ [c d] `e`').map((t) => [t.kind, t.text])).toEqual([
      ['word', 'a'],
      ['ident', 'b "x"'],
      ['ident', 'c d'],
      ['ident', 'e'],
    ]);
  });
});

describe('declared type names and SQLite affinity', () => {
  it.each([
    ['INTEGER', 'integer', 4],
    ['BIGINT', 'integer', 8],
    ['int2', 'integer', 2],
    ['INTEGER_OR_TEXT', 'integer', 8],
    ['VARCHAR(20)', 'text', undefined],
    ['NVARCHAR(5)', 'text', undefined],
    ['BLOB', 'blob', undefined],
    ['', 'content', undefined],
    // SQLite's own documented quirk: the INT in POINT wins, so FLOATING POINT has INTEGER affinity.
    ['FLOATING POINT', 'integer', 8],
    ['DOUBLE FLOAT', 'float', undefined],
    ['DECIMAL(10, 2)', 'numeric', undefined],
    ['DATETIME', 'datetime', undefined],
    ['JSON', 'json', undefined],
    ['STRING', 'content', undefined],
  ])('%s -> %s', (declared, intent, size) => {
    const d = declaredType(declared);
    expect(d.intent).toBe(intent);
    if (size) expect(d.size).toBe(size);
  });

  it('reads lengths, precision and scale', () => {
    expect(declaredType('varchar( 20 )')).toMatchObject({ length: 20 });
    expect(declaredType('DECIMAL(10, 2)')).toMatchObject({ precision: 10, scale: 2 });
    expect(declaredType('CHAR(3)')).toMatchObject({ length: 3, fixedLength: true });
  });
});
