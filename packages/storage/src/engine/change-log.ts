import type { CatalogChange } from '../catalog/catalog-types.js';
import { ByteReader, ByteWriter } from '../encoding/byte-writer.js';
import { ChangesPrunedError, StorageError } from '../errors.js';
import type { KvWriter } from '../kv/kv.js';
import { changeKey, META_PRUNED, readU64, Space, u64 } from '../keyspace.js';
import type { ReadView } from './read-view.js';

/**
 * The change log: one entry per commit under 0x40 + LSN, listing the catalog changes and the row keys
 * the commit touched (not the rows: the current row is read at the reader's snapshot, so a key whose
 * row is gone is a tombstone). Entry bytes:
 *   u64 BE commit time (ms since 1970) | varint n + n bytes of JSON CatalogChange[] |
 *   varint k | k times (varint length + row key bytes)
 */
export interface RetentionPolicy {
  /** Entries younger than this are kept. Default 7 days. */
  maxAgeMs: number;
  /** The last this-many entries are kept whatever their age. Default 10,000. */
  minCommits: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { maxAgeMs: 7 * 24 * 3600 * 1000, minCommits: 10_000 };

export function encodeChangeEntry(timeMs: number, catalog: readonly CatalogChange[], rowKeys: readonly Buffer[]): Buffer {
  const w = new ByteWriter();
  w.ensure(8);
  w.pos = w.buf.writeBigUInt64BE(BigInt(timeMs), 0);
  w.lengthPrefixedUtf8(catalog.length ? JSON.stringify(catalog) : '');
  w.varint(rowKeys.length);
  for (const k of rowKeys) {
    w.varint(k.length);
    w.bytes(k);
  }
  return w.take();
}

export interface DecodedChangeEntry {
  timeMs: number;
  catalog: CatalogChange[];
  rowKeys: Buffer[];
}

export function decodeChangeEntry(buf: Buffer): DecodedChangeEntry {
  const r = new ByteReader(buf);
  const timeMs = Number(buf.readBigUInt64BE(0));
  r.pos = 8;
  const jsonLen = r.varint();
  const json = buf.toString('utf8', r.pos, r.pos + jsonLen);
  r.pos += jsonLen;
  const n = r.varint();
  const rowKeys: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const len = r.varint();
    rowKeys.push(buf.subarray(r.pos, r.pos + len));
    r.pos += len;
  }
  return { timeMs, catalog: json ? (JSON.parse(json) as CatalogChange[]) : [], rowKeys };
}

/** A row changed since the requested LSN: its current bytes, or null when it was deleted (a tombstone). */
export interface RowChange {
  readonly tableId: number;
  /** The primary-key bytes (the row key without its 5-byte table prefix). */
  readonly key: Buffer;
  readonly row: Buffer | null;
}

export interface ChangeSet {
  readonly fromLsn: bigint;
  readonly toLsn: bigint;
  /** Catalog changes in commit order, each with the LSN that made it. */
  readonly catalog: readonly (CatalogChange & { lsn: string })[];
  /** Every row key touched in (fromLsn, toLsn], once, in key order (by table id, then key). */
  readonly rows: readonly RowChange[];
}

/** Reads the changes after `fromLsn` up to the view's LSN; cost is proportional to the change, not to the tables. */
export function readChanges(view: ReadView, fromLsn: bigint, toLsn: bigint, liveTables: ReadonlySet<number>): ChangeSet {
  const pruned = readU64(view.get(META_PRUNED));
  if (fromLsn < pruned) throw new ChangesPrunedError(fromLsn, pruned);
  if (fromLsn > toLsn) throw new StorageError('22023', `changes since LSN ${fromLsn} requested, but the database is at LSN ${toLsn}`);
  const catalog: (CatalogChange & { lsn: string })[] = [];
  const touched = new Map<string, Buffer>();
  for (const { key, value } of view.range(changeKey(fromLsn + 1n), changeKey(toLsn + 1n))) {
    const entry = decodeChangeEntry(value);
    const lsn = key.readBigUInt64BE(1).toString();
    for (const c of entry.catalog) catalog.push({ ...c, lsn });
    for (const k of entry.rowKeys) touched.set(k.toString('latin1'), k);
  }
  const keys = [...touched.values()].sort(Buffer.compare);
  const rows: RowChange[] = [];
  for (const k of keys) {
    const tableId = k.readUInt32BE(1);
    // Rows of tables dropped since are covered by the catalog change.
    if (!liveTables.has(tableId)) continue;
    rows.push({ tableId, key: Buffer.from(k.subarray(5)), row: view.get(k) ?? null });
  }
  return { fromLsn, toLsn, catalog, rows };
}

/** Deletes entries that are both older than maxAgeMs and not among the last minCommits; at most `budget` per call. */
export function pruneChanges(w: KvWriter, currentLsn: bigint, policy: RetentionPolicy, nowMs: number, budget = 10_000): void {
  const keepFrom = currentLsn - BigInt(policy.minCommits);
  if (keepFrom <= 0n) return;
  let prunedThrough = -1n;
  const doomed: Buffer[] = [];
  for (const { key, value } of w.range(changeKey(0n), changeKey(keepFrom + 1n))) {
    if (doomed.length >= budget) break;
    if (Number(value.readBigUInt64BE(0)) > nowMs - policy.maxAgeMs) break;
    doomed.push(Buffer.from(key));
    prunedThrough = key.readBigUInt64BE(1);
  }
  for (const k of doomed) w.remove(k);
  if (prunedThrough >= 0n) w.put(META_PRUNED, u64(prunedThrough));
}

export function isRowKey(key: Buffer): boolean {
  return key[0] === Space.Row;
}
