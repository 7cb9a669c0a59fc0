/**
 * FigureColname (parse_target.c): the column name PostgreSQL gives a select-list item without an alias.
 * Strength 2 is a real name (column, function), 1 a fallback (type name of a cast, "case", "array").
 */
import { type Node, type NodeBody, nodeAs, stringOf, tagOf } from '../parser/ast.js';

interface Figured {
  readonly name?: string;
  readonly strength: number;
}

const SQL_VALUE_NAMES: Record<string, string> = {
  SVFOP_CURRENT_DATE: 'current_date',
  SVFOP_CURRENT_TIME: 'current_time',
  SVFOP_CURRENT_TIME_N: 'current_time',
  SVFOP_CURRENT_TIMESTAMP: 'current_timestamp',
  SVFOP_CURRENT_TIMESTAMP_N: 'current_timestamp',
  SVFOP_LOCALTIME: 'localtime',
  SVFOP_LOCALTIME_N: 'localtime',
  SVFOP_LOCALTIMESTAMP: 'localtimestamp',
  SVFOP_LOCALTIMESTAMP_N: 'localtimestamp',
  SVFOP_CURRENT_ROLE: 'current_role',
  SVFOP_CURRENT_USER: 'current_user',
  SVFOP_USER: 'user',
  SVFOP_SESSION_USER: 'session_user',
  SVFOP_CURRENT_CATALOG: 'current_catalog',
  SVFOP_CURRENT_SCHEMA: 'current_schema',
};

export function figureColname(node: Node | undefined): string {
  return figure(node).name ?? '?column?';
}

function figure(node: Node | undefined): Figured {
  if (!node) return { strength: 0 };
  const [kind, body] = tagOf(node);
  switch (kind) {
    case 'ColumnRef': {
      const fields = (body as NodeBody<'ColumnRef'>).fields ?? [];
      const last = fields[fields.length - 1];
      return last && nodeAs(last, 'String') ? { name: stringOf(last), strength: 2 } : { strength: 0 };
    }
    case 'A_Indirection': {
      const ind = body as NodeBody<'A_Indirection'>;
      const last = ind.indirection?.[ind.indirection.length - 1];
      if (last && nodeAs(last, 'String')) return { name: stringOf(last), strength: 2 };
      return figure(ind.arg);
    }
    case 'FuncCall': {
      const names = (body as NodeBody<'FuncCall'>).funcname ?? [];
      return { name: stringOf(names[names.length - 1]!), strength: 2 };
    }
    case 'A_Expr': {
      const a = body as NodeBody<'A_Expr'>;
      return a.kind === 'AEXPR_NULLIF' ? { name: 'nullif', strength: 2 } : { strength: 0 };
    }
    case 'TypeCast': {
      const c = body as NodeBody<'TypeCast'>;
      const inner = figure(c.arg);
      if (inner.strength > 1) return inner;
      const names = c.typeName?.names ?? [];
      return names.length > 0 ? { name: stringOf(names[names.length - 1]!), strength: 1 } : inner;
    }
    case 'CollateClause':
      return figure((body as NodeBody<'CollateClause'>).arg);
    case 'SubLink': {
      const s = body as NodeBody<'SubLink'>;
      if (s.subLinkType === 'EXISTS_SUBLINK') return { name: 'exists', strength: 2 };
      if (s.subLinkType === 'ARRAY_SUBLINK') return { name: 'array', strength: 2 };
      if (s.subLinkType === 'EXPR_SUBLINK') {
        const name = firstOutputName(s.subselect);
        return name ? { name, strength: 2 } : { strength: 0 };
      }
      return { strength: 0 };
    }
    case 'CaseExpr': {
      const inner = figure((body as NodeBody<'CaseExpr'>).defresult);
      return inner.strength > 1 ? inner : { name: 'case', strength: 1 };
    }
    case 'A_ArrayExpr':
      return { name: 'array', strength: 2 };
    case 'RowExpr':
      return { name: 'row', strength: 2 };
    case 'CoalesceExpr':
      return { name: 'coalesce', strength: 2 };
    case 'MinMaxExpr':
      return { name: (body as NodeBody<'MinMaxExpr'>).op === 'IS_GREATEST' ? 'greatest' : 'least', strength: 2 };
    case 'SQLValueFunction': {
      const name = SQL_VALUE_NAMES[(body as NodeBody<'SQLValueFunction'>).op ?? ''];
      return name ? { name, strength: 2 } : { strength: 0 };
    }
    default:
      return { strength: 0 };
  }
}

/** The output name of a subquery's first column (its alias, or what FigureColname gives it). */
function firstOutputName(sub: Node | undefined): string | undefined {
  let select = nodeAs(sub, 'SelectStmt');
  while (select && select.op && select.op !== 'SETOP_NONE') select = select.larg;
  const first = select?.targetList?.[0];
  const rt = first && nodeAs(first, 'ResTarget');
  if (!rt) return undefined;
  if (rt.name !== undefined) return rt.name;
  return figureColname(rt.val);
}
