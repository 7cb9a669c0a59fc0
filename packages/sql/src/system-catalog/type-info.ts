/** pg_type's rows for the types Nano knows, and format_type(). */
import { BASE_TYPE_NAMES, type BaseTypeName, type PgType, TYPE_OIDS, formatTypeName } from '@heliosdb/types';
import { SYSTEM_TYPES, type SystemTypeName, type SqlType, categoryOf, isUnknown, systemTypeOf } from '../analyzer/sql-type.js';

export interface TypeRow {
  readonly oid: number;
  /** pg_type.typname: int4, _int4, varchar, ... */
  readonly typname: string;
  /** format_type()'s name without modifiers. */
  readonly display: string;
  readonly len: number;
  readonly byval: boolean;
  readonly category: string;
  readonly preferred: boolean;
  readonly elem: number;
  readonly array: number;
  readonly align: string;
  readonly storage: string;
  readonly collatable: boolean;
  /** The type as the engine carries it (for casts to regtype and from format_type). */
  readonly type: SqlType;
}

const LAYOUT: Record<BaseTypeName, [len: number, byval: boolean, align: string, storage: string]> = {
  bool: [1, true, 'c', 'p'],
  int2: [2, true, 's', 'p'],
  int4: [4, true, 'i', 'p'],
  int8: [8, true, 'd', 'p'],
  float4: [4, true, 'i', 'p'],
  float8: [8, true, 'd', 'p'],
  numeric: [-1, false, 'i', 'm'],
  text: [-1, false, 'i', 'x'],
  varchar: [-1, false, 'i', 'x'],
  bpchar: [-1, false, 'i', 'x'],
  bytea: [-1, false, 'i', 'x'],
  date: [4, true, 'i', 'p'],
  time: [8, true, 'd', 'p'],
  timestamp: [8, true, 'd', 'p'],
  timestamptz: [8, true, 'd', 'p'],
  interval: [16, false, 'd', 'p'],
  uuid: [16, false, 'c', 'p'],
  json: [-1, false, 'i', 'x'],
  jsonb: [-1, false, 'i', 'x'],
};

const SYSTEM_LAYOUT: Record<SystemTypeName, [typname: string, len: number, byval: boolean, align: string, category: string]> = {
  name: ['name', 64, false, 'c', 'S'],
  char: ['char', 1, true, 'c', 'Z'],
  oid: ['oid', 4, true, 'i', 'N'],
  xid: ['xid', 4, true, 'i', 'U'],
  regclass: ['regclass', 4, true, 'i', 'N'],
  regtype: ['regtype', 4, true, 'i', 'N'],
  regproc: ['regproc', 4, true, 'i', 'N'],
  regnamespace: ['regnamespace', 4, true, 'i', 'N'],
  regrole: ['regrole', 4, true, 'i', 'N'],
  int2vector: ['int2vector', -1, false, 'i', 'A'],
  oidvector: ['oidvector', -1, false, 'i', 'A'],
  pg_node_tree: ['pg_node_tree', -1, false, 'i', 'Z'],
  aclitem: ['aclitem', 12, false, 'i', 'U'],
};

const PREFERRED = new Set(['bool', 'float8', 'text', 'timestamptz', 'interval', 'oid']);

function buildRows(): TypeRow[] {
  const rows: TypeRow[] = [];
  for (const name of BASE_TYPE_NAMES) {
    const [oid, arrayOid] = TYPE_OIDS[name];
    const [len, byval, align, storage] = LAYOUT[name];
    const t: PgType = { name, array: false };
    const collatable = name === 'text' || name === 'varchar' || name === 'bpchar';
    rows.push({ oid, typname: name, display: formatTypeName(t), len, byval, category: categoryOf(t), preferred: PREFERRED.has(name), elem: 0, array: arrayOid, align, storage, collatable, type: t });
    rows.push({ oid: arrayOid, typname: `_${name}`, display: `${formatTypeName(t)}[]`, len: -1, byval: false, category: 'A', preferred: false, elem: oid, array: 0, align: align === 'd' ? 'd' : 'i', storage: 'x', collatable, type: { name, array: true } });
  }
  for (const [sys, info] of Object.entries(SYSTEM_TYPES) as [SystemTypeName, (typeof SYSTEM_TYPES)[SystemTypeName]][]) {
    const [typname, len, byval, align, category] = SYSTEM_LAYOUT[sys];
    const t = { name: info.base, array: info.vector === true, system: sys } as SqlType;
    rows.push({ oid: info.oid, typname, display: info.display, len, byval, category, preferred: PREFERRED.has(sys), elem: sys === 'int2vector' ? 21 : sys === 'oidvector' ? 26 : sys === 'name' ? 18 : 0, array: info.arrayOid, align, storage: len === -1 ? 'x' : 'p', collatable: sys === 'name', type: t });
    if (info.arrayOid !== 0) {
      rows.push({ oid: info.arrayOid, typname: `_${typname}`, display: `${info.display}[]`, len: -1, byval: false, category: 'A', preferred: false, elem: info.oid, array: 0, align: 'i', storage: 'x', collatable: sys === 'name', type: { name: info.base, array: true, system: sys } as SqlType });
    }
  }
  rows.push({ oid: 705, typname: 'unknown', display: 'unknown', len: -2, byval: false, category: 'X', preferred: false, elem: 0, array: 0, align: 'c', storage: 'p', collatable: false, type: { name: 'unknown', array: false } });
  return rows.sort((a, b) => a.oid - b.oid);
}

let rows: TypeRow[] | undefined;
let byOid: Map<number, TypeRow> | undefined;

export function typeRows(): readonly TypeRow[] {
  return (rows ??= buildRows());
}

export function typeRowByOid(oid: number): TypeRow | undefined {
  byOid ??= new Map(typeRows().map((r) => [r.oid, r]));
  return byOid.get(oid);
}

/** The pg_type OID of an engine type. */
export function typeOidOf(t: SqlType): number {
  if (isUnknown(t)) return 705;
  const sys = systemTypeOf(t);
  if (sys) return SYSTEM_TYPES[sys].vector || !t.array ? SYSTEM_TYPES[sys].oid : SYSTEM_TYPES[sys].arrayOid;
  const oids = TYPE_OIDS[t.name];
  return t.array ? oids[1] : oids[0];
}

/** format_type(oid, typmod): the type's SQL name with its modifier decoded, as PostgreSQL prints it. */
export function formatType(oid: number, typmod: number | null): string {
  const row = typeRowByOid(oid);
  if (!row) return '???';
  if (systemTypeOf(row.type) || isUnknown(row.type)) return row.display;
  const t = row.type as PgType;
  const base: BaseTypeName = t.name;
  const mod = typmod ?? -1;
  let withMod: PgType = { name: base, array: false };
  if (mod >= 0) {
    switch (base) {
      case 'varchar':
      case 'bpchar':
        withMod = { ...withMod, length: mod - 4 };
        break;
      case 'numeric':
        withMod = { ...withMod, precision: ((mod - 4) >> 16) & 0xffff, scale: (((mod - 4) & 0x7ff) ^ 1024) - 1024 };
        break;
      case 'time':
      case 'timestamp':
      case 'timestamptz':
        withMod = { ...withMod, precision: mod };
        break;
      case 'interval':
        withMod = { ...withMod, precision: mod & 0xffff };
        break;
      default:
        break;
    }
  }
  // format_type prints bpchar without a modifier as "bpchar" and with one as "character(n)".
  const text = base === 'bpchar' && mod < 0 ? 'bpchar' : formatTypeName(withMod);
  return t.array ? `${text}[]` : text;
}
