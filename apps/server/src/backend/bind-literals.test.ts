import { loadParser, parseSql } from '@heliosdb/sql';
import { T, textIn } from '@heliosdb/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { bindLiterals } from './bind-literals.js';

beforeAll(async () => {
  await loadParser();
});

const bind = (sql: string, params: Parameters<typeof bindLiterals>[2]): string => bindLiterals(sql, parseSql(sql)[0]!.node, params);

describe('bindLiterals', () => {
  it('replaces $n at byte offsets, after multi-byte text, in any order and repeated', () => {
    expect(bind("select 'ü😀', $2, $1, $2", [{ type: undefined, value: 'a' }, { type: undefined, value: 'b' }])).toBe("select 'ü😀', ('b'), ('a'), ('b')");
  });

  it("doubles single quotes only (standard_conforming_strings) and keeps backslashes", () => {
    expect(bind('select $1', [{ type: undefined, value: "it's \\n" }])).toBe("select ('it''s \\n')");
  });

  it('casts declared types, renders non-string values with textOut, NULL with its type', () => {
    expect(bind('select $1, $2, $3', [
      { type: T.int8, value: 5n },
      { type: T.date, value: textIn(T.date, '2024-02-29') },
      { type: T.numeric(10, 2), value: null },
    ])).toBe("select ('5'::bigint), ('2024-02-29'::date), (NULL::numeric(10,2))");
  });

  it('leaves a $n without a value for the engine to report', () => {
    expect(bind('select $1, $2', [{ type: undefined, value: 'x' }])).toBe("select ('x'), $2");
  });
});
