import type { Value } from '@heliosdb/types';
import { Storage } from '../../storage.js';

/** One canonical text per value: distinguishes -0, NaN, int8 from int4, classes, bytes. */
export function canon(v: Value | undefined): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Object.is(v, -0) ? 'n:-0' : `n:${v}`;
  if (typeof v === 'bigint') return `b:${v}`;
  if (typeof v === 'string') return `s:${JSON.stringify(v)}`;
  if (typeof v === 'boolean') return `t:${v}`;
  if (v instanceof Uint8Array) return `x:${Buffer.from(v).toString('hex')}`;
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  const o = v as unknown as Record<string, unknown>;
  return `${v.constructor.name}{${Object.keys(o)
    .sort()
    .map((k) => `${k}=${typeof o[k] === 'bigint' ? `${o[k]}n` : String(o[k])}`)
    .join(',')}}`;
}

/**
 * Everything a restore must reproduce, as plain data: the catalog document, every table's raw rows
 * (key and row bytes) and decoded values, every index's order of rows, every sequence's value.
 */
export function databaseState(db: Storage): Record<string, unknown> {
  const snap = db.snapshot();
  try {
    const tables: Record<string, unknown> = {};
    for (const t of snap.catalog.tables) {
      tables[`${t.schema}.${t.name}`] = {
        raw: [...snap.rawRows(t)].map((e) => `${e.key.toString('hex')}=${e.value.toString('hex')}`),
        values: [...snap.scan(t)].map((r) => r.values.map(canon).join('|')),
      };
    }
    const indexes: Record<string, string[]> = {};
    for (const i of snap.catalog.data.indexes) indexes[`${i.schema}.${i.name}`] = [...snap.indexScan(i)].map((r) => r.key.toString('hex'));
    const sequences: Record<string, string> = {};
    for (const s of snap.catalog.sequences) {
      const { value, isCalled } = snap.sequenceValue(s);
      sequences[`${s.schema}.${s.name}`] = `${value}/${isCalled}`;
    }
    return { catalog: snap.catalog.data, tables, indexes, sequences };
  } finally {
    snap.close();
  }
}

/** databaseState of the data directory `dir`, opened read-only for the call. */
export function stateOfDir(dir: string): Record<string, unknown> {
  const db = Storage.open({ dir, readOnly: true });
  try {
    return databaseState(db);
  } finally {
    db.close();
  }
}
