/**
 * A typed view of the libpg-query AST. Every node is `{ NodeName: body }`; `tagOf` turns it into
 * `[name, body]` so a switch can dispatch on the name. The node interfaces come from @pgsql/types
 * (re-exported by libpg-query), which mirrors PostgreSQL's parsenodes.h.
 */
import type { Node } from 'libpg-query';

export type {
  Node,
  A_Const,
  A_Expr,
  A_ArrayExpr,
  A_Indirection,
  A_Indices,
  Alias,
  BoolExpr,
  CaseExpr,
  CaseWhen,
  CoalesceExpr,
  ColumnRef,
  CommonTableExpr,
  FuncCall,
  MinMaxExpr,
  NullTest,
  BooleanTest,
  ParseResult,
  RangeFunction,
  RangeSubselect,
  RangeVar,
  RawStmt,
  ResTarget,
  SelectStmt,
  SortBy,
  SQLValueFunction,
  SubLink,
  TypeCast,
  TypeName,
  WithClause,
} from 'libpg-query';

type Bodies = Node extends infer U ? (U extends Record<infer K, infer V> ? { kind: K; body: V } : never) : never;
export type NodeName = Bodies['kind'];
export type NodeBody<K extends NodeName> = Extract<Bodies, { kind: K }>['body'];

/** The node's name and body: `{ A_Const: {...} }` -> ['A_Const', {...}]. */
export function tagOf(node: Node): [NodeName, unknown] {
  const key = Object.keys(node)[0] as NodeName;
  return [key, (node as Record<string, unknown>)[key]];
}

/** The body when the node has the given name, otherwise undefined. */
export function nodeAs<K extends NodeName>(node: Node | undefined, kind: K): NodeBody<K> | undefined {
  if (!node) return undefined;
  return (node as Record<string, unknown>)[kind] as NodeBody<K> | undefined;
}

/** The text of a `String` node (identifiers, operator names). */
export function stringOf(node: Node): string {
  const s = nodeAs(node, 'String');
  if (s) return s.sval ?? '';
  throw new Error(`sql parser: expected a String node, got ${tagOf(node)[0]}`);
}

/** The names of a qualified-name list, e.g. ['pg_catalog', 'substring']. */
export function namesOf(nodes: readonly Node[] | undefined): string[] {
  return (nodes ?? []).map(stringOf);
}
