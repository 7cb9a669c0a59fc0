/**
 * select_common_type (parse_coerce.c): the one type that UNION branches, CASE results, COALESCE,
 * GREATEST/LEAST, ARRAY[...] and VALUES columns resolve to.
 */
import { T } from '@heliosdb/types';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import { canImplicitlyCoerce } from './implicit-casts.js';
import { type SqlType, categoryOf, displayName, isPreferred, isUnknown, sameBase } from './sql-type.js';

/**
 * @param context the construct named in the error, e.g. 'UNION', 'CASE', 'COALESCE', 'VALUES', 'ARRAY'
 */
export function selectCommonType(types: readonly SqlType[], context: string, positions: readonly (number | undefined)[] = []): SqlType {
  const known = types.map((t, i) => [t, i] as const).filter(([t]) => !isUnknown(t));
  if (known.length === 0) return T.text;
  let [ptype] = known[0]!;
  let pcategory = categoryOf(ptype);
  let ppreferred = isPreferred(ptype);
  for (const [ntype, i] of known.slice(1)) {
    if (sameBase(ntype, ptype)) continue;
    const ncategory = categoryOf(ntype);
    if (ncategory !== pcategory) {
      throw new SqlError(
        SqlState.datatypeMismatch,
        `${context} types ${displayName(ptype)} and ${displayName(ntype)} cannot be matched`,
        { position: positions[i] },
      );
    }
    if (!ppreferred && canImplicitlyCoerce(ptype, ntype) && !canImplicitlyCoerce(ntype, ptype)) {
      ptype = ntype;
      pcategory = ncategory;
      ppreferred = isPreferred(ntype);
    }
  }
  // Modifiers survive only when every input agrees (e.g. all varchar(3)).
  const withMods = known.every(([t]) => JSON.stringify(t) === JSON.stringify(ptype));
  if (!withMods && !isUnknown(ptype)) ptype = { name: ptype.name, array: ptype.array } as SqlType;
  for (const [t, i] of known) {
    if (!canImplicitlyCoerce(t, ptype)) {
      throw new SqlError(
        SqlState.datatypeMismatch,
        `${context} could not convert type ${displayName(t)} to ${displayName(ptype)}`,
        { position: positions[i] },
      );
    }
  }
  return ptype;
}
