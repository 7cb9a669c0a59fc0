/**
 * pg_get_viewdef's text for the views ruleutils' layout is easy to reproduce: one SELECT (no WITH, set
 * operations, DISTINCT, HAVING or window functions) over a table or a left-deep chain of JOIN ... ON, with
 * WHERE, GROUP BY, ORDER BY, LIMIT and OFFSET. Columns are qualified by their table (or alias) as PostgreSQL
 * prints them. Other views keep the text as written (undefined).
 */
import type { PgType } from '@heliosdb/types';
import { quoteIdent } from '../functions/string-functions.js';
import { type Node, type NodeBody, nodeAs, stringOf } from '../parser/ast.js';
import { parseSql } from '../parser/parse-sql.js';
import type { RelationInfo } from './catalog-model.js';
import { isStorable } from './catalog-model.js';
import { type ColumnResolver, print } from './deparse.js';

interface Entry {
  readonly ref: string;
  readonly printed: string;
  readonly rel: RelationInfo;
}

type FindTable = (name: string, schema?: string) => RelationInfo | undefined;

function columnsOf(e: Entry): { name: string; type: PgType }[] {
  return e.rel.attributes.filter((a) => !a.dropped && isStorable(a.type)).map((a) => ({ name: a.name, type: a.type as PgType }));
}

function rangeVar(node: Node, find: FindTable): Entry | undefined {
  const rv = nodeAs(node, 'RangeVar');
  if (!rv?.relname) return undefined;
  const rel = find(rv.relname, rv.schemaname);
  if (!rel || (rel.kind !== 'r' && rel.kind !== 'v')) return undefined;
  const alias = rv.alias?.aliasname;
  const name = rv.schemaname ? `${quoteIdent(rv.schemaname)}.${quoteIdent(rv.relname)}` : quoteIdent(rv.relname);
  return { ref: alias ?? rv.relname, printed: alias ? `${name} ${quoteIdent(alias)}` : name, rel };
}

const JOIN_WORD: Record<string, string> = { JOIN_INNER: 'JOIN', JOIN_LEFT: 'LEFT JOIN', JOIN_RIGHT: 'RIGHT JOIN', JOIN_FULL: 'FULL JOIN' };

/** The FROM clause (a table or a left-deep join chain) and the tables it brings into scope. */
function fromClause(node: Node, find: FindTable, entries: Entry[], pretty: boolean, cols: ColumnResolver): string | undefined {
  const single = rangeVar(node, find);
  if (single) {
    entries.push(single);
    return single.printed;
  }
  const j = nodeAs(node, 'JoinExpr');
  if (!j || !j.larg || !j.rarg || j.isNatural || (j.usingClause?.length ?? 0) > 0 || j.alias) return undefined;
  const left = fromClause(j.larg, find, entries, pretty, cols);
  const right = rangeVar(j.rarg, find);
  if (left === undefined || !right) return undefined;
  entries.push(right);
  const word = j.quals ? JOIN_WORD[j.jointype ?? ''] : j.jointype === 'JOIN_INNER' ? 'CROSS JOIN' : undefined;
  if (!word) return undefined;
  let on = '';
  if (j.quals) {
    const q = print(j.quals, cols, pretty);
    if (!q) return undefined;
    on = pretty ? ` ON ${q.text}` : ` ON (${q.text})`;
  }
  const text = `${left}\n     ${word} ${right.printed}${on}`;
  return pretty ? text : `(${text})`;
}

function resolver(entries: readonly Entry[]): ColumnResolver {
  return (fields) => {
    const col = fields[fields.length - 1]!;
    const candidates = fields.length === 2 ? entries.filter((e) => e.ref === fields[0]) : fields.length === 1 ? entries : [];
    const hits = candidates.flatMap((e) => columnsOf(e).filter((c) => c.name === col).map((c) => ({ e, c })));
    if (hits.length !== 1) return undefined;
    return { text: `${quoteIdent(hits[0]!.e.ref)}.${quoteIdent(col)}`, type: hits[0]!.c.type };
  };
}

function constantInt(node: Node | undefined): string | undefined {
  const c = node && nodeAs(node, 'A_Const');
  return c?.ival ? String(c.ival.ival ?? 0) : undefined;
}

/** The view's definition as pg_get_viewdef(view, pretty) prints it, or undefined. */
export function printViewDefinition(definition: string, columnNames: readonly string[], find: FindTable, pretty: boolean): string | undefined {
  let select: NodeBody<'SelectStmt'> | undefined;
  try {
    const [stmt] = parseSql(definition);
    select = stmt && nodeAs(stmt.node, 'SelectStmt');
  } catch {
    return undefined;
  }
  if (!select || select.withClause || (select.op && select.op !== 'SETOP_NONE') || select.distinctClause || select.havingClause || select.valuesLists || select.windowClause || select.lockingClause) return undefined;
  const fromList = select.fromClause ?? [];
  if (fromList.length > 1) return undefined;
  const entries: Entry[] = [];
  const cols = resolver(entries);
  const from = fromList.length === 1 ? fromClause(fromList[0]!, find, entries, pretty, cols) : '';
  if (from === undefined) return undefined;

  const items: string[] = [];
  for (const t of select.targetList ?? []) {
    const rt = nodeAs(t, 'ResTarget');
    if (!rt?.val) return undefined;
    const ref = nodeAs(rt.val, 'ColumnRef');
    const star = ref?.fields?.length && nodeAs(ref.fields[ref.fields.length - 1]!, 'A_Star');
    if (star) {
      const qualifier = ref!.fields!.length === 2 ? stringOf(ref!.fields![0]!) : undefined;
      for (const e of entries) {
        if (qualifier !== undefined && e.ref !== qualifier) continue;
        for (const c of columnsOf(e)) items.push(`${quoteIdent(e.ref)}.${quoteIdent(c.name)}`);
      }
      continue;
    }
    const p = print(rt.val, cols, pretty);
    if (!p) return undefined;
    const natural = ref ? stringOf(ref.fields![ref.fields!.length - 1]!) : undefined;
    const name = rt.name ?? natural;
    if (name === undefined) return undefined;
    items.push(name === natural ? p.text : `${p.text} AS ${quoteIdent(name)}`);
  }
  // CREATE VIEW v (a, b) renames the output columns.
  if (columnNames.length !== items.length) return undefined;

  let text = ` SELECT ${items.join(',\n    ')}`;
  if (from !== '') text += `\n   FROM ${from}`;
  if (select.whereClause) {
    const w = print(select.whereClause, cols, pretty);
    if (!w) return undefined;
    text += `\n  WHERE ${w.text}`;
  }
  if (select.groupClause?.length) {
    const g = select.groupClause.map((n) => print(n, cols, pretty)?.text);
    if (g.some((x) => x === undefined)) return undefined;
    text += `\n  GROUP BY ${g.join(', ')}`;
  }
  if (select.sortClause?.length) {
    const parts: string[] = [];
    for (const n of select.sortClause) {
      const sb = nodeAs(n, 'SortBy');
      const p = sb?.node && print(sb.node, cols, pretty);
      if (!sb || !p || (sb.sortby_nulls && sb.sortby_nulls !== 'SORTBY_NULLS_DEFAULT') || sb.useOp) return undefined;
      parts.push(`${p.text}${sb.sortby_dir === 'SORTBY_DESC' ? ' DESC' : ''}`);
    }
    text += `\n  ORDER BY ${parts.join(', ')}`;
  }
  if (select.limitOffset) {
    const n = constantInt(select.limitOffset);
    if (n === undefined) return undefined;
    text += `\n OFFSET ${n}`;
  }
  if (select.limitCount) {
    const n = constantInt(select.limitCount);
    if (n === undefined) return undefined;
    text += `\n LIMIT ${n}`;
  }
  return `${text};`;
}

/**
 * PostgreSQL's automatic updatability of a view (information_schema's is_updatable / is_insertable_into):
 * one table or view in FROM, no WITH, DISTINCT, GROUP BY, HAVING, LIMIT, OFFSET, set operations,
 * aggregates or set-returning functions; a column is updatable when it is a plain column of that relation.
 */
export function viewUpdatability(definition: string, find: FindTable, isAggregate: (name: string) => boolean): { readonly view: boolean; readonly columns: readonly boolean[] } {
  const no = { view: false, columns: [] };
  let select: NodeBody<'SelectStmt'> | undefined;
  try {
    const [stmt] = parseSql(definition);
    select = stmt && nodeAs(stmt.node, 'SelectStmt');
  } catch {
    return no;
  }
  if (!select || select.withClause || (select.op && select.op !== 'SETOP_NONE') || select.distinctClause || select.groupClause?.length || select.havingClause || select.limitCount || select.limitOffset || select.valuesLists) return no;
  const from = select.fromClause ?? [];
  const entry = from.length === 1 ? rangeVar(from[0]!, find) : undefined;
  if (!entry) return no;
  const columns: boolean[] = [];
  let anyAggregate = false;
  const walk = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    const f = nodeAs(n as Node, 'FuncCall');
    if (f && isAggregate(stringOf(f.funcname![f.funcname!.length - 1]!))) anyAggregate = true;
    Object.values(n).forEach(walk);
  };
  for (const t of select.targetList ?? []) {
    const rt = nodeAs(t, 'ResTarget');
    walk(rt?.val);
    const ref = rt?.val && nodeAs(rt.val, 'ColumnRef');
    const star = ref?.fields?.length && nodeAs(ref.fields[ref.fields.length - 1]!, 'A_Star');
    if (star) columns.push(...columnsOf(entry).map(() => true));
    else columns.push(ref !== undefined);
  }
  if (anyAggregate || !columns.includes(true)) return no;
  return { view: true, columns };
}
