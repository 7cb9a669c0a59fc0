/**
 * DEFAULT and CHECK text as PostgreSQL's ruleutils prints it (pg_get_expr, pg_get_constraintdef), for the
 * common shapes: literals typed by their column ('x'::text, '-1'::integer, 0::numeric), comparisons,
 * AND/OR/NOT, BETWEEN, IN (= ANY (ARRAY[...])), IS [NOT] NULL, function calls of columns. Anything else
 * keeps the text as written (undefined from these functions).
 */
import type { PgType } from '@heliosdb/types';
import { formatTypeName } from '@heliosdb/types';
import { quoteIdent } from '../functions/string-functions.js';
import { type Node, type NodeBody, nodeAs, stringOf, tagOf } from '../parser/ast.js';
import { parseSql } from '../parser/parse-sql.js';

type ColumnTypes = (name: string) => PgType | undefined;

/** Resolves a column reference (its dotted names) to its printed form and type. */
export type ColumnResolver = (fields: readonly string[]) => { readonly text: string; readonly type: PgType } | undefined;

function byName(cols: ColumnTypes): ColumnResolver {
  return (fields) => {
    if (fields.length !== 1) return undefined;
    const t = cols(fields[0]!);
    return t ? { text: quoteIdent(fields[0]!), type: t } : undefined;
  };
}

function parseExpression(text: string): Node | undefined {
  try {
    const [stmt] = parseSql(`SELECT ${text}`);
    const select = stmt && nodeAs(stmt.node, 'SelectStmt');
    const rt = select?.targetList?.length === 1 ? nodeAs(select.targetList[0]!, 'ResTarget') : undefined;
    return rt?.val;
  } catch {
    return undefined;
  }
}

/** The type name ruleutils appends to a constant: format_type without the modifier. */
function castName(t: PgType): string {
  if (t.name === 'bpchar') return t.array ? 'bpchar[]' : 'bpchar';
  return formatTypeName({ name: t.name, array: t.array } as PgType);
}

type Literal = { kind: 'int' | 'dec' | 'str' | 'bool' | 'null'; text: string };

function literalOf(node: Node): Literal | undefined {
  const c = nodeAs(node, 'A_Const');
  if (c) {
    if (c.isnull) return { kind: 'null', text: 'NULL' };
    if (c.ival) return { kind: 'int', text: String(c.ival.ival ?? 0) };
    if (c.fval) return { kind: /^-?\d+$/.test(c.fval.fval ?? '') ? 'int' : 'dec', text: c.fval.fval ?? '0' };
    if (c.sval) return { kind: 'str', text: c.sval.sval ?? '' };
    if (c.boolval) return { kind: 'bool', text: c.boolval.boolval ? 'true' : 'false' };
  }
  // -1 arrives as a unary minus over a constant.
  const e = nodeAs(node, 'A_Expr');
  if (e && e.kind === 'AEXPR_OP' && !e.lexpr && e.rexpr && (e.name ?? []).map(stringOf).join() === '-') {
    const inner = literalOf(e.rexpr);
    if (inner && (inner.kind === 'int' || inner.kind === 'dec')) return { kind: inner.kind, text: `-${inner.text}` };
  }
  return undefined;
}

function quoted(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

const INT4_MAX = 2147483647n;

/** A numeric literal's own type, as the parser gives it (integer, bigint or numeric). */
function numberType(l: Literal): string {
  if (l.kind === 'dec') return 'numeric';
  const n = BigInt(l.text);
  if (n >= -INT4_MAX - 1n && n <= INT4_MAX) return 'integer';
  return n >= -(2n ** 63n) && n < 2n ** 63n ? 'bigint' : 'numeric';
}

/** A literal with no column to take its type from (ruleutils' get_const_expr). */
function plainLiteral(l: Literal): string {
  switch (l.kind) {
    case 'int':
    case 'dec':
      return l.text.startsWith('-') || numberType(l) === 'numeric' && l.kind === 'int' ? `${quoted(l.text)}::${numberType(l)}` : l.text;
    case 'str':
      return `${quoted(l.text)}::text`;
    default:
      return l.text;
  }
}

const NUMERIC_KINDS = new Set(['int2', 'int4', 'int8']);

/** A literal compared with (or assigned to) a value of type `t`. */
function typedLiteral(l: Literal, t: PgType | undefined, pretty: boolean): string {
  if (!t) return plainLiteral(l);
  if (l.kind === 'str') return `${quoted(l.text)}::${castName(t)}`;
  if (l.kind === 'int' || l.kind === 'dec') {
    const own = numberType(l);
    const integral = NUMERIC_KINDS.has(t.name);
    const sameFamily = (integral && own !== 'numeric') || (t.name === 'numeric' && own === 'numeric');
    if (sameFamily) return plainLiteral(l);
    const target = castName(t);
    const base = l.text.startsWith('-') ? `${quoted(l.text)}::${own}` : l.text;
    return pretty ? `${base}::${target}` : `(${base})::${target}`;
  }
  return l.text;
}

export interface Printed {
  readonly text: string;
  /** The column type the expression has, when it is a plain column. */
  readonly type?: PgType;
  /** Printed as an operator expression (needs parentheses inside another operator when not pretty). */
  readonly operator?: boolean;
}

export function print(node: Node, cols: ColumnResolver, pretty: boolean): Printed | undefined {
  const [kind, body] = tagOf(node);
  switch (kind) {
    case 'ColumnRef': {
      const fields = ((body as NodeBody<'ColumnRef'>).fields ?? []).map((f) => (nodeAs(f, 'String') ? stringOf(f) : undefined));
      if (fields.some((f) => f === undefined)) return undefined;
      const c = cols(fields as string[]);
      return c ? { text: c.text, type: c.type } : undefined;
    }
    case 'A_Const': {
      const l = literalOf(node);
      return l ? { text: plainLiteral(l) } : undefined;
    }
    case 'A_Expr':
      return printAExpr(body as NodeBody<'A_Expr'>, cols, pretty);
    case 'BoolExpr': {
      const b = body as NodeBody<'BoolExpr'>;
      const args = (b.args ?? []).map((a) => print(a, cols, pretty));
      if (args.some((a) => a === undefined)) return undefined;
      // Non-pretty operands already carry their parentheses; pretty ones get them only where needed.
      const parts = args.map((a, i) => (pretty && a!.operator && isOr((b.args ?? [])[i]!) && b.boolop !== 'OR_EXPR' ? `(${a!.text})` : a!.text));
      if (b.boolop === 'NOT_EXPR') return { text: pretty ? `NOT ${wrap(args[0]!)}` : `(NOT ${parts[0]})`, operator: true };
      const joined = parts.join(b.boolop === 'AND_EXPR' ? ' AND ' : ' OR ');
      return { text: pretty ? joined : `(${joined})`, operator: true };
    }
    case 'NullTest': {
      const n = body as NodeBody<'NullTest'>;
      const arg = n.arg && print(n.arg, cols, pretty);
      if (!arg) return undefined;
      const t = `${arg.text} IS ${n.nulltesttype === 'IS_NOT_NULL' ? 'NOT ' : ''}NULL`;
      return { text: pretty ? t : `(${t})`, operator: true };
    }
    case 'FuncCall': {
      const f = body as NodeBody<'FuncCall'>;
      const names = (f.funcname ?? []).map(stringOf).filter((n) => n !== 'pg_catalog');
      if (names.length !== 1 || f.over || f.agg_distinct || f.agg_filter || f.agg_order) return undefined;
      if (f.agg_star) return { text: `${names[0]}(*)` };
      const args = (f.args ?? []).map((a) => {
        const l = literalOf(a);
        return l ? { text: plainLiteral(l) } : print(a, cols, pretty);
      });
      if (args.some((a) => a === undefined)) return undefined;
      return { text: `${names[0]}(${args.map((a) => a!.text).join(', ')})` };
    }
    case 'SQLValueFunction': {
      const op = (body as NodeBody<'SQLValueFunction'>).op;
      const name = op ? SQL_VALUE_FUNCTIONS[op] : undefined;
      return name ? { text: name } : undefined;
    }
    default:
      return undefined;
  }
}

const SQL_VALUE_FUNCTIONS: Record<string, string> = {
  SVFOP_CURRENT_DATE: 'CURRENT_DATE',
  SVFOP_CURRENT_TIMESTAMP: 'CURRENT_TIMESTAMP',
  SVFOP_LOCALTIMESTAMP: 'LOCALTIMESTAMP',
  SVFOP_CURRENT_TIME: 'CURRENT_TIME',
  SVFOP_LOCALTIME: 'LOCALTIME',
  SVFOP_CURRENT_USER: 'CURRENT_USER',
  SVFOP_SESSION_USER: 'SESSION_USER',
  SVFOP_USER: 'CURRENT_USER',
  SVFOP_CURRENT_ROLE: 'CURRENT_ROLE',
};

function isOr(node: Node): boolean {
  return nodeAs(node, 'BoolExpr')?.boolop === 'OR_EXPR';
}

function wrap(p: Printed): string {
  return p.operator ? `(${p.text})` : p.text;
}

function side(node: Node, other: Node, cols: ColumnResolver, pretty: boolean): Printed | undefined {
  const l = literalOf(node);
  if (l) return { text: typedLiteral(l, print(other, cols, pretty)?.type, pretty) };
  return print(node, cols, pretty);
}

/** varchar has no operators of its own: next to a string literal, the column is cast to text and so is the literal. */
function textSide(node: Node, other: Node, cols: ColumnResolver, pretty: boolean): Printed | undefined {
  const l = literalOf(node);
  const otherCol = print(other, cols, pretty);
  if (l && l.kind === 'str' && otherCol?.type?.name === 'varchar' && !otherCol.type.array) return { text: `${quoted(l.text)}::text` };
  const me = print(node, cols, pretty);
  const lo = literalOf(other);
  if (me?.type?.name === 'varchar' && !me.type.array && lo?.kind === 'str') return { text: pretty ? `${me.text}::text` : `(${me.text})::text` };
  return undefined;
}

function printAExpr(e: NodeBody<'A_Expr'>, cols: ColumnResolver, pretty: boolean): Printed | undefined {
  const op = (e.name ?? []).map(stringOf).join('.');
  const par = (s: string): Printed => ({ text: pretty ? s : `(${s})`, operator: true });
  if ((e.kind === 'AEXPR_OP' || e.kind === 'AEXPR_LIKE' || e.kind === 'AEXPR_ILIKE') && e.lexpr && e.rexpr) {
    const l = textSide(e.lexpr, e.rexpr, cols, pretty) ?? side(e.lexpr, e.rexpr, cols, pretty);
    const r = textSide(e.rexpr, e.lexpr, cols, pretty) ?? side(e.rexpr, e.lexpr, cols, pretty);
    if (!l || !r) return undefined;
    const operand = (p: Printed) => (pretty ? wrap(p) : p.text);
    return par(`${operand(l)} ${op} ${operand(r)}`);
  }
  if ((e.kind === 'AEXPR_BETWEEN' || e.kind === 'AEXPR_NOT_BETWEEN') && e.lexpr && e.rexpr) {
    const bounds = nodeAs(e.rexpr, 'List')?.items ?? [];
    const x = print(e.lexpr, cols, pretty);
    if (!x || bounds.length !== 2) return undefined;
    const [lo, hi] = bounds.map((b) => side(b, e.lexpr!, cols, pretty));
    if (!lo || !hi) return undefined;
    const cmp = (o: string, b: Printed) => (pretty ? `${x.text} ${o} ${b.text}` : `(${x.text} ${o} ${b.text})`);
    const s = e.kind === 'AEXPR_BETWEEN' ? `${cmp('>=', lo)} AND ${cmp('<=', hi)}` : `${cmp('<', lo)} OR ${cmp('>', hi)}`;
    return par(s);
  }
  if (e.kind === 'AEXPR_IN' && e.lexpr && e.rexpr) {
    const items = nodeAs(e.rexpr, 'List')?.items ?? [];
    const x = print(e.lexpr, cols, pretty);
    if (!x || items.length === 0 || x.type?.name === 'varchar') return undefined;
    const elems = items.map((i) => side(i, e.lexpr!, cols, pretty));
    if (elems.some((el) => el === undefined)) return undefined;
    const negated = op === '<>';
    return par(`${x.text} ${negated ? '<> ALL' : '= ANY'} (ARRAY[${elems.map((el) => el!.text).join(', ')}])`);
  }
  return undefined;
}

/** pg_get_constraintdef's text inside CHECK ( ), or undefined to keep the stored text. */
export function deparseCheck(text: string, types: ColumnTypes, pretty: boolean): string | undefined {
  const node = parseExpression(text);
  const p = node && print(node, byName(types), pretty);
  if (!p) return undefined;
  return p.text;
}

/** pg_get_expr of a column DEFAULT, or undefined to keep the stored text. */
export function deparseDefault(text: string, type: PgType): string | undefined {
  const node = parseExpression(text);
  if (!node) return undefined;
  const l = literalOf(node);
  if (l) {
    if (l.kind === 'str') return `${quoted(l.text)}::${castName(type)}`;
    if ((l.kind === 'int' || l.kind === 'dec') && l.text.startsWith('-')) return `${quoted(l.text)}::${numberType(l)}`;
    if (l.kind === 'int' && numberType(l) === 'numeric') return `${quoted(l.text)}::numeric`;
    return l.text;
  }
  const p = print(node, () => undefined, false);
  return p?.text;
}
