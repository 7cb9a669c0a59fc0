/** TypeName AST -> PgType: PostgreSQL's type names and aliases, typmods and array bounds. */
import type { BaseTypeName, PgType } from '@heliosdb/types';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import { type TypeName, namesOf, nodeAs } from '../parser/ast.js';

const ALIASES: Record<string, BaseTypeName> = {
  bool: 'bool', boolean: 'bool',
  int2: 'int2', smallint: 'int2',
  int4: 'int4', int: 'int4', integer: 'int4',
  int8: 'int8', bigint: 'int8',
  float4: 'float4', real: 'float4',
  float8: 'float8', 'double precision': 'float8', float: 'float8',
  numeric: 'numeric', decimal: 'numeric',
  text: 'text',
  varchar: 'varchar', 'character varying': 'varchar',
  bpchar: 'bpchar', char: 'bpchar', character: 'bpchar',
  bytea: 'bytea',
  date: 'date',
  time: 'time',
  timestamp: 'timestamp',
  timestamptz: 'timestamptz',
  interval: 'interval',
  uuid: 'uuid',
  json: 'json',
  jsonb: 'jsonb',
};

/** Maps a type name written in SQL (already normalised by the grammar) to a base type, or undefined. */
export function baseTypeNamed(name: string): BaseTypeName | undefined {
  return ALIASES[name.toLowerCase()];
}

export function resolveTypeName(tn: TypeName, position?: number): PgType {
  const names = namesOf(tn.names);
  const last = names[names.length - 1] ?? '';
  const base = baseTypeNamed(last);
  if (!base) throw new SqlError(SqlState.undefinedObject, `type "${names.filter((n) => n !== 'pg_catalog').join('.')}" does not exist`, { position });
  const mods = (tn.typmods ?? []).map((m) => {
    const c = nodeAs(m, 'A_Const');
    const v = c?.ival?.ival ?? (c?.ival ? 0 : undefined);
    if (v === undefined) throw new SqlError(SqlState.syntaxError, 'type modifiers must be simple constants or identifiers', { position });
    return v;
  });
  const array = (tn.arrayBounds?.length ?? 0) > 0;
  let t: PgType = { name: base, array };
  switch (base) {
    case 'varchar':
      if (mods[0] !== undefined) t = { ...t, length: mods[0] };
      break;
    case 'bpchar':
      // char without a length is char(1); "bpchar" itself is unbounded.
      t = { ...t, length: mods[0] ?? (last === 'bpchar' ? undefined : 1) };
      if (t.length === undefined) t = { name: base, array };
      break;
    case 'numeric':
      if (mods[0] !== undefined) {
        if (mods[0] < 1 || mods[0] > 1000) throw new SqlError(SqlState.invalidParameterValue, `NUMERIC precision ${mods[0]} must be between 1 and 1000`, { position });
        t = { ...t, precision: mods[0], scale: mods[1] ?? 0 };
      }
      break;
    case 'time':
    case 'timestamp':
    case 'timestamptz':
    case 'interval':
      if (mods[0] !== undefined && base !== 'interval') t = { ...t, precision: mods[0] };
      break;
    default:
      break;
  }
  return t;
}
